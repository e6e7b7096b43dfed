import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";
import { escapeHtml } from "../http/html.ts";

// Raw HTML in a draft is shown as text, never passed through: authors write Markdown only.
const marked = new Marked({ async: false, gfm: true, breaks: false });
marked.use({ renderer: { html: (token) => escapeHtml(token.text) } });

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: [
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "br",
    "hr",
    "blockquote",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "sub",
  ],
  allowedAttributes: {
    a: ["href", "title", "rel"],
    img: ["src", "alt", "title"],
    th: ["align"],
    td: ["align"],
    ol: ["start"],
  },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["http", "https"] },
  allowProtocolRelative: false,
  transformTags: {
    a: sanitizeHtml.simpleTransform("a", { rel: "nofollow noopener noreferrer" }),
    // A remote image loads when the text is read (a tracker in the reviewer's console): show a
    // link to it instead, which loads nothing until followed.
    img: (_tag, attribs) => ({
      tagName: "a",
      attribs: { href: attribs.src ?? "", rel: "nofollow noopener noreferrer" },
      text: attribs.alt ? `图片：${attribs.alt}` : "图片",
    }),
  },
};

/** The quotes and list items a line of a body may open, each inside the last. */
const MAX_NESTING = 32;
/** The runs of emphasis marks (`*`, `_`, `~`) a body may hold. */
const MAX_EMPHASIS = 1000;

const nestedOnOneLine = new RegExp(
  `^(?:[ \t]{0,4}(?:>|[-*+](?=[ \t])|\\d{1,9}[.)](?=[ \t]))){${MAX_NESTING + 1}}`,
  "m",
);

/**
 * Bodies the renderer cannot follow in reasonable time: it recurses once per nested quote or
 * list item (a few thousand overflow its stack, after seconds of CPU), and its time grows with
 * the square of the emphasis marks (25,000 take it over a minute). No real text comes near.
 */
const tooComplex: { test: (md: string) => boolean; message: string }[] = [
  {
    // Opened on one line, each inside the last; or deeper still on lines indented past them.
    test: (md) => nestedOnOneLine.test(md) || /^[ \t>]{128,}(?:[-*+]|\d{1,9}[.)])[ \t]/m.test(md),
    message: `正文的引用或列表嵌套不能超过 ${MAX_NESTING} 层`,
  },
  {
    test: (md) => (md.match(/[*_~]+/g)?.length ?? 0) > MAX_EMPHASIS,
    message: `正文中的强调标记（* _ ~）不能超过 ${MAX_EMPHASIS} 处`,
  },
];

const dangerous: { pattern: RegExp; message: string }[] = [
  {
    pattern: /<\s*\/?\s*(script|iframe|object|embed|style|link|meta|form|svg|math|base)\b/i,
    message: "正文不能包含脚本或嵌入式 HTML 标签",
  },
  { pattern: /<[a-z][^<>]*\son[a-z]+\s*=/i, message: "正文不能包含 HTML 事件属性" },
  {
    pattern: /\]\(\s*<?\s*(javascript|vbscript|data|file):/i,
    message: "正文中的链接只能使用 http(s) 或 mailto 地址",
  },
  { pattern: /(javascript|vbscript):/i, message: "正文不能包含 javascript: 地址" },
];

/**
 * Why a Markdown body is refused (script, embedded HTML, script links, nesting or emphasis too
 * deep to render), or undefined when it is acceptable. Rendering sanitises anyway; this gives the
 * author a clear answer instead of a silently altered text.
 */
export function markdownProblem(md: string): string | undefined {
  return (
    dangerous.find((d) => d.pattern.test(md))?.message ??
    tooComplex.find((c) => c.test(md))?.message
  );
}

/**
 * Renders Markdown to HTML that is safe to embed: raw HTML escaped, links limited to
 * http(s)/mailto, images shown as links (nothing remote loads), and the output passed through
 * an allow-list sanitiser. A body too complex to render (a draft is refused it, an imported one
 * is not) is shown as its text: its paragraphs, escaped.
 * @example renderMarkdown("**谣言**：……") // "<p><strong>谣言</strong>：……</p>\n"
 */
export function renderMarkdown(md: string): string {
  return sanitizeHtml(markedOrPlain(md), sanitizeOptions);
}

function markedOrPlain(md: string): string {
  if (!tooComplex.some((c) => c.test(md))) {
    try {
      return marked.parse(md) as string;
    } catch (err) {
      // The stack's depth varies by process: a text just short of the rules may still overflow.
      if (!(err instanceof RangeError)) throw err;
    }
  }
  return md
    .split(/\n\s*\n/)
    .map((p) => `<p>${escapeHtml(p.trim()).replace(/\n/g, "<br>")}</p>\n`)
    .join("");
}
