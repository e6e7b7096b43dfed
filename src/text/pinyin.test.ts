import { describe, expect, it } from "vitest";
import { soundOf } from "./pinyin.ts";

describe("soundOf", () => {
  it("gives same-sounding typos of pinyin input the same key", () => {
    expect(soundOf("板兰")).toBe(soundOf("板蓝"));
    expect(soundOf("新官")).toBe(soundOf("新冠"));
    expect(soundOf("大蒜")).not.toBe(soundOf("白酒"));
  });

  it("is empty for text without Han characters", () => {
    expect(soundOf("5g")).toBe("");
  });
});
