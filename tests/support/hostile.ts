import fc from "fast-check";

/** Text that breaks naive code: control characters, NUL, lone surrogates, huge, odd Unicode. */
export const hostileText = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((n) => String.fromCharCode(n)) }),
  fc.constantFrom(
    "\u0000",
    "a\u0000b",
    "\ud800",
    "\udfff",
    "x\ud83dy",
    "%00",
    "%ED%A0%80",
    "../../etc/passwd",
    "' or 1=1 --",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "\u202e\u200b\ufeff",
    "9".repeat(400),
    "-1",
    "1e309",
    "00000000-0000-0000-0000-000000000000",
  ),
  fc.integer({ min: 1_000, max: 200_000 }).map((n) => "长".repeat(n)),
);

/** Percent-encodes like a hostile client would, lone surrogates as their (invalid) WTF-8 bytes. */
export function encodeHostile(v: string): string {
  let out = "";
  for (const ch of v) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) {
      const bytes = [0xed, 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
      out += bytes.map((b) => `%${b.toString(16).toUpperCase()}`).join("");
    } else out += encodeURIComponent(ch);
  }
  return out;
}
