import { describe, expect, it } from "vitest";
import { deriveSearch } from "./derive.ts";
import { queryTerms } from "./query-terms.ts";
import { matchScore, type ShingleDoc } from "./score.ts";

function doc(claim: string, summary = ""): ShingleDoc {
  const d = deriveSearch({ claim, title: claim, summary, bodyMd: "", tags: [] } as never);
  return {
    claim: new Set(d.claimShingles),
    doc: new Set(d.docShingles),
    body: new Set(d.bodyShingles),
  };
}

function score(q: string, d: ShingleDoc, others: ShingleDoc[] = []) {
  const t = queryTerms(q);
  const known = new Set([...t.set].filter((s) => [d, ...others].some((o) => o.doc.has(s))));
  return matchScore(t, d, known);
}

const alcohol = doc("喝高度白酒能杀死体内的新冠病毒？");
const banlangen = doc("喝板蓝根可以预防新冠肺炎？");
const garlic = doc("吃大蒜可以杀灭新冠病毒？");

describe("matchScore", () => {
  it("scores the typo 板兰根 as a match for the 板蓝根 rebuttal", () => {
    expect(score("板兰根能预防新冠肺炎吗", banlangen)).toBeGreaterThan(0.5);
  });

  it("counts a same-sounding typo no synonym lists (大算 for 大蒜) as most of a match", () => {
    expect(score("吃大算能杀灭新冠病毒吗", garlic)).toBeGreaterThan(0.5);
    expect(score("吃大算能杀灭新冠病毒吗", garlic)).toBeLessThan(
      score("吃大蒜能杀灭新冠病毒吗", garlic),
    );
  });

  it("does not take garlic for alcohol however much of the question they share", () => {
    const q = "吃大蒜能杀死新冠病毒";
    expect(score(q, alcohol, [garlic])).toBeLessThan(0.5);
    expect(score(q, garlic, [alcohol])).toBeGreaterThan(score(q, alcohol, [garlic]));
  });

  it("does not take a question about flu for the rebuttal about the same remedy and COVID", () => {
    expect(score("吃大蒜能预防流感", garlic)).toBeLessThan(0.5);
  });

  it("finds the claim inside a pasted forward with chatter around it", () => {
    const pasted =
      "【转发】刚在家长群看到的，我表姐在医院工作她也是听同事说的：吃大蒜可以杀灭新冠病毒！大家赶紧转发给家人，宁可信其有！";
    expect(score(pasted, garlic, [alcohol])).toBeGreaterThan(0.5);
  });

  it("is 0 for a query with nothing to compare", () => {
    expect(score("？？", garlic)).toBe(0);
  });
});
