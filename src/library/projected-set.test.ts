import { describe, expect, it } from "vitest";
import { packGrams, unpackGrams } from "./db/candidates.ts";
import { deriveSearch } from "./derive.ts";
import {
  BODY,
  CLAIM,
  DOC,
  HashMarks,
  projectDoc,
  projectHashes,
  queryGrams,
} from "./projected-set.ts";
import { queryTerms } from "./query-terms.ts";
import { prepareQuery, type ShingleDoc, scoreParts } from "./score.ts";
import { shingleHashes } from "./shingle-hash.ts";

function doc(claim: string, body: string): ShingleDoc {
  const d = deriveSearch({ claim, title: claim, summary: "", bodyMd: body, tags: [] } as never);
  return {
    claim: new Set(d.claimShingles),
    doc: new Set(d.docShingles),
    body: new Set(d.bodyShingles),
  };
}

/** What Postgres returns for a derived row: each set's hashes shared with the query's (`&`). */
function asPostgresWould(hashes: number[], d: ShingleDoc) {
  const shared = (set: ReadonlySet<string>) => shingleHashes(set).filter((h) => hashes.includes(h));
  const sizes = { claimN: d.claim.size, docN: d.doc.size, bodyN: d.body.size };
  return [shared(d.claim), shared(d.doc), shared(d.body), sizes] as const;
}

const garlic = doc(
  "吃大蒜可以杀灭新冠病毒？",
  "大蒜有一定抗菌作用，但没有证据表明吃大蒜能杀灭新冠病毒。",
);

describe("a candidate seen through the query", () => {
  it("scores the same from Postgres's shared hashes as from its whole shingle sets", () => {
    for (const q of [
      "吃大蒜能杀死新冠病毒吗",
      "听说大蒜能预防流感",
      "【转发】吃大蒜可以杀灭新冠病毒！",
    ]) {
      const query = queryTerms(q);
      const g = queryGrams(query);
      const fromHashes = projectHashes(g, ...asPostgresWould(g.hashes, garlic));
      const whole = projectDoc(g, garlic);
      const known = Uint8Array.from(whole.held, (bits, i) => (i < g.shingles && bits ? 1 : 0));
      const prepared = prepareQuery(query, known);
      expect(scoreParts(prepared, fromHashes)).toEqual(scoreParts(prepared, whole));
    }
  });

  it("projects a row's packed grams read hash by hash as it projects their arrays", () => {
    for (const q of ["吃大算能杀死新冠病毒吗", "【转发】吃大蒜可以杀灭新冠病毒！抗菌"]) {
      const g = queryGrams(queryTerms(q));
      const [claimHit, docHit, bodyHit, sizes] = asPostgresWould(g.hashes, garlic);
      const packed = packGrams({ ...sizes, claimHit, docHit, bodyHit });
      const marks = new HashMarks(g);
      const p = marks.start();
      expect(unpackGrams(packed, marks)).toEqual({
        ...sizes,
        claimHit: [],
        docHit: [],
        bodyHit: [],
      });
      expect({ ...p, ...sizes }).toEqual(projectHashes(g, claimHit, docHit, bodyHit, sizes));
      expect(p.held.some((bits) => bits !== 0)).toBe(true);
    }
  });

  it("marks in which of the claim, the claim/title/summary and the body each query gram is", () => {
    const g = queryGrams(queryTerms("大蒜抗菌"));
    const p = projectDoc(g, garlic);
    expect(p.held[g.index.get("大蒜")!]).toBe(CLAIM | DOC | BODY);
    expect(p.held[g.index.get("抗菌")!]).toBe(BODY);
  });

  it("hears a same-sounding gram of a whole set, so the typo 大算 finds 大蒜", () => {
    const g = queryGrams(queryTerms("吃大算能杀灭新冠病毒吗"));
    const i = g.index.get("大算")!;
    const p = projectDoc(g, garlic);
    expect(p.held[i]).toBe(0);
    expect(p.heard[g.soundClass[i]!]! & CLAIM).toBe(CLAIM);
  });

  it("gives grams of one sound one class, and grams without a sound none", () => {
    const g = queryGrams(queryTerms("大算 大蒜 5g"));
    expect(g.soundClass[g.index.get("大算")!]).toBe(g.soundClass[g.index.get("大蒜")!]);
    expect(g.soundClass[g.index.get("5g")!]).toBe(-1);
  });
});
