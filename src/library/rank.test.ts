import { describe, expect, it } from "vitest";
import { pendingCandidate as row } from "../../tests/support/library-factories.ts";
import { sameRumourConfidence } from "./confidence.ts";
import { queryTerms } from "./query-terms.ts";
import { projectCandidates, rankCandidates, rankProjected } from "./rank.ts";

const fromPostgres = [
  row("garlic", "吃大蒜可以杀灭新冠病毒？", "没有证据表明吃大蒜能杀灭新冠病毒。"),
  row("banlangen", "吃板蓝根可以预防新冠病毒？", "板蓝根没有预防新冠病毒的作用。"),
];
const fromMeili = [
  row("banlangen-2", "板兰根冲剂能防新冠？", "板蓝根冲剂不能预防新冠。"),
  row("vc", "服用 VC 可以预防感染？", "维生素C不能预防新冠病毒。"),
];

describe("re-ranking with Meilisearch's finds", () => {
  it("ranks rows projected in two batches as it ranks them all at once", () => {
    const query = queryTerms("吃板兰根能预防新冠吗");
    const once = rankCandidates(query, [...fromPostgres, ...fromMeili]);
    const twice = rankProjected(query, [
      ...projectCandidates(query, fromPostgres),
      ...projectCandidates(query, fromMeili),
    ]);
    const seen = (r: typeof once) => r.map((x) => [x.id, x.score, x.confidence]);
    expect(once.length).toBeGreaterThan(2);
    expect(seen(twice)).toEqual(seen(once));
  });

  it("gives the best candidate the confidence of its features, and the others none", () => {
    const [best, ...rest] = rankCandidates(queryTerms("吃板兰根能预防新冠吗"), [
      ...fromPostgres,
      ...fromMeili,
    ]);
    expect(best!.features).toBeDefined();
    expect(best!.confidence).toBe(sameRumourConfidence(best!.features!));
    expect(best!.confidence).toBeGreaterThan(0);
    for (const r of rest) expect([r.confidence, r.features]).toEqual([0, undefined]);
  });
});
