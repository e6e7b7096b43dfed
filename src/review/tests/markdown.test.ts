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

  it("explains why a body is refused, and accepts ordinary text mentioning HTML words", () => {
    expect(markdownProblem("<script>alert(1)</script>")).toBe("正文不能包含脚本或嵌入式 HTML 标签");
    expect(markdownProblem("<SCRIPT >x")).toBeDefined();
    expect(markdownProblem("[x]( javascript:alert(1))")).toBeDefined();
    expect(markdownProblem('<a href="#" onmouseover="x">')).toBeDefined();
    expect(markdownProblem("网传“喝 script 药水”可防病毒，1 < 2 且 onion=洋葱")).toBeUndefined();
  });
});
