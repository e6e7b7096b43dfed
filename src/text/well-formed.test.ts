import { describe, expect, it } from "vitest";
import { wellFormed } from "./well-formed.ts";

/** The rule spelled out without the fast path: NULs dropped, then every unpaired surrogate. */
function dropped(raw: string): string {
  const text = raw.replaceAll("\u0000", "");
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff) {
      if (next >= 0xdc00 && next <= 0xdfff) out += text[i]! + text[++i]!;
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) continue;
    out += text[i];
  }
  return out;
}

describe("wellFormed", () => {
  it("drops NUL characters and lone surrogates and keeps surrogate pairs", () => {
    expect(wellFormed("盐水\u0000漱口\uD800")).toBe("盐水漱口");
    expect(wellFormed("\uDC00𠮷\uD842")).toBe("𠮷");
  });

  it("keeps text with neither as it is", () => {
    expect(wellFormed("预防新冠 5G？")).toBe("预防新冠 5G？");
  });

  it("agrees with the rule spelled out on random scraps of NULs, surrogates and Chinese", () => {
    const alphabet = ["\u0000", "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "新", "冠", "a", " ", "𠮷"];
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let n = 0; n < 5000; n++) {
      const scrap = Array.from(
        { length: Math.floor(next() * 12) },
        () => alphabet[Math.floor(next() * alphabet.length)],
      ).join("");
      expect(wellFormed(scrap)).toBe(dropped(scrap));
    }
  });
});
