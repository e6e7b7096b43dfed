import { describe, expect, it } from "vitest";
import { canonicalJson, nfcDeep } from "./canonical.ts";

describe("canonical JSON (RFC 8785) through the canonicalize library", () => {
  it("matches the RFC's own example of numbers, literals and string escapes (§3.2.4)", () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        '"string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        '"literals": [null, true, false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it("sorts keys by UTF-16 code units, as the RFC's sorting example (§3.2.3) does", () => {
    const input = JSON.parse(
      '{"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh",' +
        '"1":"One","\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control",' +
        '"\\u00f6":"Latin Small Letter O With Diaeresis"}',
    );
    // Read the keys off the text: JSON.parse would move the integer-like key "1" first.
    const keys = [...canonicalJson(input).matchAll(/"((?:[^"\\]|\\.)*)":/g)].map((m) => m[1]);
    expect(keys).toEqual(["\\r", "1", "\u0080", "\u00f6", "\u20ac", "\ud83d\ude00", "\ufb33"]);
  });

  it("gives the same text whatever order the keys were written in, nested too", () => {
    const a = { rebuttal: { title: "标题", id: "x", regions: ["460100", "460000"] }, seq: 7 };
    const b = { seq: 7, rebuttal: { regions: ["460100", "460000"], id: "x", title: "标题" } };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe(
      '{"rebuttal":{"id":"x","regions":["460100","460000"],"title":"标题"},"seq":7}',
    );
  });

  it("writes numbers in their shortest ECMAScript form: 1.0 is 1, -0 is 0, 1e21 is 1e+21", () => {
    expect(canonicalJson([1.0, -0, 1e21, 1e-7, 0.1 + 0.2, 9007199254740991])).toBe(
      "[1,0,1e+21,1e-7,0.30000000000000004,9007199254740991]",
    );
  });

  it("refuses what JSON cannot carry: NaN, Infinity, lone surrogates", () => {
    expect(() => canonicalJson(Number.NaN)).toThrow();
    expect(() => canonicalJson({ n: Number.POSITIVE_INFINITY })).toThrow();
    expect(() => canonicalJson("\ud800")).toThrow();
  });

  it("leaves Unicode unnormalised, as the RFC requires; nfcDeep makes NFC and NFD sign the same", () => {
    const nfc = { title: "Caf\u00e9 新冠" };
    const nfd = { title: "Cafe\u0301 新冠" };
    expect(canonicalJson(nfc)).not.toBe(canonicalJson(nfd));
    expect(canonicalJson(nfcDeep(nfd))).toBe(canonicalJson(nfc));
    expect(nfcDeep({ "e\u0301": ["e\u0301", 1, null, true] })).toEqual({
      "\u00e9": ["\u00e9", 1, null, true],
    });
  });

  it("keeps Chinese text as UTF-8 characters, never as \\u escapes", () => {
    expect(canonicalJson({ t: "板蓝根不能预防新冠" })).toBe('{"t":"板蓝根不能预防新冠"}');
  });
});
