import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createRebuttal } from "../../../tests/support/library-factories.ts";
import { deriveSearch } from "../derive.ts";
import { shingleHash, shingleHashes } from "../shingle-hash.ts";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe("shingle hashes", () => {
  it("are the same in TypeScript and in Postgres, for bigrams, words and rare characters", async () => {
    const shingles = ["盐水", "板蓝", "5g", "covid19", "病", "𠀀𠀁", "é", "ｇｇ", "a"];
    const rows = await ctx.sql<{ t: string; h: number }[]>`
      select t, chorus_shingle_hash(t) as h from unnest(${shingles}::text[]) t`;
    expect(rows.map((r) => r.h)).toEqual(shingles.map(shingleHash));
  });

  it("are stored sorted and distinct, so intarray can intersect them in one pass", async () => {
    const { id } = await createRebuttal(ctx.sql, { claim: "喝盐水能预防新冠病毒吗？盐水盐水" });
    await ctx.deps.search.index([id]);
    const [row] = await ctx.sql<{ claimH: number[] }[]>`
      select claim_h from rebuttal_search where rebuttal_id = ${id}`;
    const claim = deriveSearch({
      ...(
        await ctx.sql<
          {
            claim: string;
            title: string;
            summary: string;
            bodyMd: string;
            tags: string[];
            id: string;
          }[]
        >`
        select id, claim, title, summary, body_md, tags from rebuttals where id = ${id}`
      )[0]!,
    }).claimShingles;
    expect(row!.claimH).toEqual(shingleHashes(claim));
    expect([...row!.claimH].sort((a, b) => a - b)).toEqual(row!.claimH);
    expect(new Set(row!.claimH).size).toBe(row!.claimH.length);
  });

  it("are all a search row keeps besides its rebuttal and time: no text widens the rows the lookups read", async () => {
    const { id } = await createRebuttal(ctx.sql, { claim: "喝盐水能预防新冠病毒吗？" });
    await ctx.deps.search.index([id]);
    const [row] = await ctx.sql<{ columns: string[] }[]>`
      select array(select jsonb_object_keys(to_jsonb(s)) order by 1) as columns
      from rebuttal_search s where rebuttal_id = ${id}`;
    expect(row!.columns).toEqual(["body_h", "claim_h", "derived_at", "doc_h", "rebuttal_id"]);
  });
});
