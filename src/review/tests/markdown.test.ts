import { describe, expect, it } from "vitest";
import { markdownProblem, renderMarkdown } from "../../text/markdown.ts";

describe("Markdown rendering", () => {
  it("renders headings, emphasis, lists, tables and http links", () => {
    const html = renderMarkdown(
      "## 结论\n\n**谣言**，见[通报](https://wsjkw.hainan.gov.cn/a)。\n\n- 一\n- 二\n\n| 项 | 值 |\n|---|---|\n| a | b |\n",
    );
    expect(html).toContain("<h2>结论</h2>");
    expect(html).toContain("<strong>谣言</strong>");
    expect(html).toContain(
      '<a href="https://wsjkw.hainan.gov.cn/a" rel="nofollow noopener noreferrer">通报</a>',
    );
    expect(html).toContain("<li>一</li>");
    expect(html).toContain("<td>a</td>");
  });

  it("shows raw HTML as text instead of passing it through", () => {
    const html = renderMarkdown('前<b onclick="x()">粗</b>后\n\n<div>块</div>');
    expect(html).not.toContain("<b");
    expect(html).not.toContain("<div");
    expect(html).toContain("&lt;b");
  });

  it("drops javascript: and data: links even if they got past validation", () => {
    const html = renderMarkdown("[a](javascript:alert(1)) ![i](data:image/png;base64,AAAA)");
    expect(html).not.toMatch(/javascript:|data:/);
  });

  it("shows a body nested deeper than the renderer can follow as its text, escaped, instead of failing", () => {
    const html = renderMarkdown(`${">".repeat(5000)} 喝<b>醋</b>\n\n第二段`);
    expect(html).not.toContain("<blockquote>");
    expect(html).toContain("喝&lt;b&gt;醋&lt;/b&gt;</p>");
    expect(html).toContain("<p>第二段</p>");
  });

  it("refuses a line opening more than 32 quotes or list items, each inside the last", () => {
    const nested = (n: number) => `${"> - 1. ".repeat(n).slice(0, -1)} 谣言`;
    expect(markdownProblem(nested(11))).toBe("正文的引用或列表嵌套不能超过 32 层");
    expect(markdownProblem(`前言\n\n${">".repeat(33)} 谣言`)).toBeDefined();
    expect(markdownProblem(`${"- ".repeat(40)}谣言`)).toBeDefined();
    expect(markdownProblem(`${">".repeat(32)} 谣言`)).toBeUndefined();
    expect(markdownProblem("- 1. 勤洗手\n  - 2. 戴口罩\n> - 注意")).toBeUndefined();
    // Deeper on each line, indented past the last line's items.
    const stairs = Array.from(
      { length: 10 },
      (_, i) => `${"\t".repeat(16 * i)}${"- ".repeat(30)}x`,
    );
    expect(markdownProblem(stairs.join("\n"))).toBe("正文的引用或列表嵌套不能超过 32 层");
  });

  it("refuses a body of more than 1,000 emphasis marks, and shows an imported one as its text at once", () => {
    const marked = "*谣言：".repeat(1001);
    expect(markdownProblem(marked)).toBe("正文中的强调标记（* _ ~）不能超过 1000 处");
    expect(markdownProblem("**谣言**：……".repeat(250))).toBeUndefined();
    expect(renderMarkdown(`${"~谣言：".repeat(25_000)}`)).toMatch(/^<p>~谣言：~谣言：/);
  });

  it("explains why a body is refused, and accepts ordinary text mentioning HTML words", () => {
    expect(markdownProblem("<script>alert(1)</script>")).toBe("正文不能包含脚本或嵌入式 HTML 标签");
    expect(markdownProblem("<SCRIPT >x")).toBeDefined();
    expect(markdownProblem("[x]( javascript:alert(1))")).toBeDefined();
    expect(markdownProblem('<a href="#" onmouseover="x">')).toBeDefined();
    expect(markdownProblem("网传“喝 script 药水”可防病毒，1 < 2 且 onion=洋葱")).toBeUndefined();
  });
});
