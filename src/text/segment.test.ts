import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cutWords, keywords } from "./segment.ts";

describe("the segmenter", () => {
  it("gives the content words of a short question, without stop words or single characters", () => {
    const words = keywords("吃大蒜能预防流感").map((k) => k.word);
    expect(words).toEqual(expect.arrayContaining(["大蒜", "流感", "预防"]));
    expect(words).not.toContain("能");
  });

  it("cuts a sentence into jieba's words", () => {
    expect(cutWords("板蓝根能预防新冠吗")).toContain("板蓝根");
  });

  it("does not keep its dictionary files in memory once it has read them (11 MB)", () => {
    // A process of its own: this one's buffers belong to other tests too.
    const script = `
      const { keywords } = await import(${JSON.stringify(path.join(import.meta.dirname, "segment.ts"))});
      keywords("吃大蒜能预防流感");
      for (let i = 0; i < 3; i++) { gc(); await new Promise((r) => setTimeout(r, 50)); }
      process.stdout.write(String(process.memoryUsage().arrayBuffers));`;
    const out = execFileSync(
      process.execPath,
      ["--expose-gc", "--import", "tsx", "--input-type=module", "-e", script],
      { encoding: "utf8" },
    );
    expect(Number(out) / 1024 / 1024).toBeLessThan(2);
  });
});
