const ALLOWED_CONTROL = new Set([0x09, 0x0a, 0x0d]);
// A tag as a browser reads one: `<b>`, `</p>`, `<!-- -->`. "<5岁" and "a < b > c" are text.
const HTML_TAG = /<[/!]?[a-zA-Z][^>]*>|<!--/;

/** Whether text holds control characters (or lone surrogates) a person could not have typed. */
export function hasControlCharacters(text: string): boolean {
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    // A lone UTF-16 surrogate (half an emoji) cannot be typed, stored or encoded either.
    const control =
      code < 0x20 || (code >= 0x7f && code <= 0x9f) || (code >= 0xd800 && code <= 0xdfff);
    if (control && !ALLOWED_CONTROL.has(code)) return true;
  }
  return false;
}

/** Whether text holds HTML markup (reports are stored as plain text). */
export function hasHtml(text: string): boolean {
  return HTML_TAG.test(text);
}

/** Whether text says anything: at least one letter or digit. */
export function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

/**
 * A case title from a report: its first line with words, shortened to `max` characters.
 * @example titleFromText("网传：喝盐水能防新冠！\n转发…") === "网传：喝盐水能防新冠！"
 */
export function titleFromText(text: string, max = 60): string {
  const line = text.split(/\r?\n/).find((l) => hasWords(l)) ?? text;
  const clean = line.replace(/\s+/g, " ").trim();
  const chars = [...clean];
  return chars.length <= max ? clean : `${chars.slice(0, max - 1).join("")}…`;
}
