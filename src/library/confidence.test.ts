import { describe, expect, it } from "vitest";
import { pendingCandidate as row } from "../../tests/support/library-factories.ts";
import { matchingSettings } from "../cases/settings.ts";
import {
  CONFIDENCE_FEATURES,
  isSameRumour,
  type SameRumourFeatures,
  sameRumourConfidence,
} from "./confidence.ts";
import { queryTerms } from "./query-terms.ts";
import { rankCandidates } from "./rank.ts";

const library = [
  row(
    "garlic",
    "吃大蒜可以杀灭新冠病毒？",
    "大蒜有一定抗菌作用，但没有证据表明吃大蒜能杀灭新冠病毒。",
  ),
  row("alcohol", "喝高度酒能抵抗新冠病毒?", "饮酒不能杀灭体内的病毒，过量饮酒还伤肝。"),
  row("banlangen", "吃板蓝根可以预防新冠病毒？", "板蓝根没有预防新冠病毒的作用。"),
  row("vc", "服用 VC 可以预防感染？", "现有证据不足以表明维生素C能预防新冠病毒，过量服用会腹泻。"),
  row("taxis", "上海出租车网约车停运？", "大众、强生等叫车平台均否认，出租车和网约车照常运营。"),
  row("smoking", "吸烟就能预防病毒?", "吸烟损害呼吸系统，不能预防病毒。"),
  row(
    "persimmon",
    `告诉家里人：现在是柿子上市的季节，吃完柿子千万不要喝酸奶，会中毒！${"转给家人朋友，早知道早好。".repeat(8)}另外吃香蕉的时候别喝牛奶，吃螃蟹别吃梨，都会肚子疼。`,
    "柿子和酸奶同吃不会中毒，这是谣言。",
  ),
];

const best = (q: string) => rankCandidates(queryTerms(q), library)[0];

describe("same-rumour confidence", () => {
  it("is confident that a repeat typed with the misspelling 板兰根 is the 板蓝根 rumour", () => {
    const top = best("听说喝板兰根可以预防新冠病毒？");
    expect(top?.id).toBe("banlangen");
    expect(isSameRumour(top)).toBe(true);
  });

  it("is confident about a forward that pastes the claim with chatter around it", () => {
    const top = best("【转发】家人们注意：吃大蒜可以杀灭新冠病毒！医生朋友说的，赶紧转给家里老人");
    expect(top?.id).toBe("garlic");
    expect(isSameRumour(top)).toBe(true);
  });

  it("is not confident that a question about garlic and flu is the garlic-and-COVID rumour", () => {
    expect(isSameRumour(best("吃大蒜能预防流感吗"))).toBe(false);
  });

  it("is less confident when the question's heaviest word is nowhere in the rebuttal (美白)", () => {
    const whitening = best("吃维生素c能美白吗");
    const prevention = best("吃维生素c能预防感染吗");
    expect(whitening?.features?.strangeThings).toBeGreaterThan(0);
    expect(whitening?.confidence).toBeLessThan(prevention!.confidence);
  });

  it("is less confident when the question never names the outbreak the claim is about", () => {
    const cure = best("吃大蒜能治脚气吗");
    const same = best("吃大蒜能杀死新冠病毒吗");
    expect(cure?.features?.offTopic).toBe(1);
    expect(same?.features?.offTopic).toBe(0);
    expect(cure!.confidence).toBeLessThan(same!.confidence);
    expect(isSameRumour(cure)).toBe(false);
  });

  it("does not take a question about curing for the rumour about preventing (板蓝根)", () => {
    const cure = best("板蓝根能治嗓子疼吗");
    expect(cure?.id).toBe("banlangen");
    expect(cure?.features?.otherAction).toBe(1);
    expect(isSameRumour(cure)).toBe(false);
    expect(best("板兰根能防新冠病毒吗")?.features?.otherAction).toBe(0);
  });

  it("does not take Tianjin's taxis for Shanghai's", () => {
    const tianjin = best("天津出租车停运了？");
    expect(tianjin?.id).toBe("taxis");
    expect(tianjin?.features?.otherPlace).toBe(1);
    expect(isSameRumour(tianjin)).toBe(false);
    expect(best("上海的出租车停运了吗")?.features?.otherPlace).toBe(0);
  });

  it("trusts a question about a forward's opening more than one whose words it mentions in passing", () => {
    const headline = best("吃完柿子喝酸奶会中毒吗");
    const passing = best("吃香蕉喝牛奶会中毒吗");
    expect(headline?.id).toBe("persimmon");
    expect(passing?.id).toBe("persimmon");
    expect(headline!.features!.inOpening).toBeGreaterThan(passing!.features!.inOpening);
    expect(headline!.confidence).toBeGreaterThan(passing!.confidence);
  });

  it("gives a confidence to the best candidate only, with the features it came from", () => {
    const [top, ...rest] = rankCandidates(queryTerms("吃板蓝根能预防新冠病毒吗"), library);
    expect(top?.confidence).toBeGreaterThan(0);
    expect(Object.keys(top!.features!).sort()).toEqual([...CONFIDENCE_FEATURES].sort());
    expect(rest.length).toBeGreaterThan(0);
    expect(rest.every((r) => r.confidence === 0 && r.features === undefined)).toBe(true);
  });

  it("reads 是不是 and 能不能 as asking, not as saying no", () => {
    const asked = best("吸烟是不是能预防病毒")!.features!;
    const denied = best("吸烟不能预防病毒")!.features!;
    expect(asked.negation).toBe(0);
    expect(denied.negation).toBe(1);
  });

  it("is the logistic function of the weighted features", () => {
    const f = Object.fromEntries(CONFIDENCE_FEATURES.map((n) => [n, 0])) as SameRumourFeatures;
    const weights = { ...f, score: 2, margin: 1 };
    expect(sameRumourConfidence(f, { minScore: 0, intercept: 0, weights })).toBe(0.5);
    const g = { ...f, score: 1, margin: 0.5 };
    expect(sameRumourConfidence(g, { minScore: 0, intercept: -1, weights })).toBeCloseTo(
      1 / (1 + Math.exp(-1.5)),
    );
  });

  it("answers at or above autoMatch only, from a match score of minScore, and never without a candidate", () => {
    const { autoMatch, confidence } = matchingSettings();
    const score = confidence.minScore;
    expect(isSameRumour({ confidence: autoMatch, score })).toBe(true);
    expect(isSameRumour({ confidence: autoMatch - 0.001, score })).toBe(false);
    expect(isSameRumour({ confidence: 1, score: score - 0.001 })).toBe(false);
    expect(isSameRumour(undefined)).toBe(false);
  });
});
