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

const dangerous: { pattern: RegExp; message: string }[] = [
  {
    pattern: /<\s*\/?\s*(script|iframe|object|embed|style|link|meta|form|svg|math|base)\b/i,
    message: "正文不能包含脚本或嵌入式 HTML 标签",
  },
  { pattern: /<[a-z][^>]*\son[a-z]+\s*=/i, message: "正文不能包含 HTML 事件属性" },
  {
    pattern: /\]\(\s*<?\s*(javascript|vbscript|data|file):/i,
    message: "正文中的链接只能使用 http(s) 或 mailto 地址",
  },
  { pattern: /(javascript|vbscript):/i, message: "正文不能包含 javascript: 地址" },
  {
    // Quotes and list items opened on one line, each inside the last: past a few thousand the
    // renderer runs out of stack (after seconds of CPU), and no real text nests so deep.
    pattern: new RegExp(
      `^(?:[ \t]{0,4}(?:>|[-*+](?=[ \t])|\\d{1,9}[.)](?=[ \t]))){${MAX_NESTING + 1}}`,
      "m",
    ),
    message: `正文的引用或列表嵌套不能超过 ${MAX_NESTING} 层`,
  },
];

/**
 * Why a Markdown body is refused (script, embedded HTML, script links), or undefined when it is
 * acceptable. Rendering sanitises anyway; this gives the author a clear answer instead of a
 * silently altered text.
 */
export function markdownProblem(md: string): string | undefined {
  return dangerous.find((d) => d.pattern.test(md))?.message;
}

/**
 * Renders Markdown to HTML that is safe to embed: raw HTML escaped, links limited to
 * http(s)/mailto, images shown as links (nothing remote loads), and the output passed through
 * an allow-list sanitiser.
 * @example renderMarkdown("**谣言**：……") // "<p><strong>谣言</strong>：……</p>\n"
 */
export function renderMarkdown(md: string): string {
  return sanitizeHtml(markedOrPlain(md), sanitizeOptions);
}

/**
 * The renderer's HTML, or, for a text it cannot follow (it recurses once per nested quote, list
 * or emphasis, and a body nested thousands deep overflows the stack), the text itself: its
 * paragraphs, escaped. A draft is refused before (`markdownProblem`); an imported body is shown.
 */
function markedOrPlain(md: string): string {
  try {
    return marked.parse(md) as string;
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    return md
      .split(/\n\s*\n/)
      .map((p) => `<p>${escapeHtml(p.trim()).replace(/\n/g, "<br>")}</p>\n`)
      .join("");
  }
}
