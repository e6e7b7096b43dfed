const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what is looked for.
const SUSPECT = /[\u0000\uD800-\uDFFF]/;

/**
 * Text a user sent, without what Postgres and UTF-8 cannot store: NUL characters (Postgres
 * refuses them in text) and lone UTF-16 surrogates (not encodable). Everything else is kept.
 * @example wellFormed("盐水\u0000漱口\uD800") === "盐水漱口"
 */
export function wellFormed(text: string): string {
  // Most text has neither: one scan, no copies (an import checks every bigram it derives).
  if (!SUSPECT.test(text)) return text;
  return text.replaceAll("\u0000", "").replace(LONE_SURROGATE, "");
}
