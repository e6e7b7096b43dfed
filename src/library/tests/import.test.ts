import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { importRebuttals } from "../import-rebuttals.ts";
import { matchRebuttals } from "../match.ts";
import { REBUTTAL_INDEX } from "../meili/rebuttal-index.ts";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const line = (o: Record<string, unknown>) => JSON.stringify(o);
const good = {
  externalId: "海南辟谣-001",
  claim: "喝椰子水可以预防登革热？",
  verdict: "false",
  summary: "椰子水不能预防登革热，防蚊灭蚊才是关键。",
  body: "登革热由伊蚊传播，**清除积水**、防蚊叮咬才有效。",
  category: "infectious-disease",
  regions: ["460100"],
};

describe("importRebuttals", () => {
  it("adds items with Chinese external ids, refuses bad lines with their numbers, is idempotent, and is searchable when it returns", async () => {
    const lines = [
      line(good),
      "{not json",
      line({ ...good, externalId: "x-2", verdict: "maybe" }),
      line({ ...good, externalId: "x-3", category: "no-such-category" }),
      "",
      line({ ...good, externalId: "x-4", summary: "长".repeat(141) }),
      line(good),
    ];
    const first = await importRebuttals(ctx.deps, lines);
    expect(first).toMatchObject({ added: 1, updated: 0 });
    expect(first.refused.map((r) => r.line)).toEqual([2, 3, 4, 6, 7]);
    expect(first.refused[4]!.reason).toContain("重复");
    expect(first.refused[2]!.reason).toContain("未知分类");
    const again = await importRebuttals(ctx.deps, lines);
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 1 });
    const [row] =
      await ctx.sql`select id, imported, slug, body_html from rebuttals where external_id = ${good.externalId}`;
    expect(row).toMatchObject({ imported: true });
    expect(row!.slug).toMatch(/^[a-z0-9-]+$/);
    expect(row!.bodyHtml).toContain("<strong>清除积水</strong>");
    const audits = await ctx.sql`select actor_type from audit_log where object_id = ${row!.id}`;
    expect(audits.map((a) => a.actorType)).toEqual(["system"]);
    const doc = await ctx.deps.search
      .client!.index(ctx.deps.search.indexName(REBUTTAL_INDEX))
      .getDocument(row!.id);
    expect(doc.claim).toContain("椰子水");
  });

  it("updates a changed item as a new version and matching sees the new text", async () => {
    const changed = { ...good, claim: "喝椰子水能治好登革热？", summary: "椰子水治不了登革热。" };
    const result = await importRebuttals(ctx.deps, [line(changed)]);
    expect(result).toMatchObject({ added: 0, updated: 1 });
    const [row] =
      await ctx.sql`select id, version from rebuttals where external_id = ${good.externalId}`;
    expect(row!.version).toBe(2);
    const versions =
      await ctx.sql`select version from rebuttal_versions where rebuttal_id = ${row!.id} order by version`;
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    const [best] = await matchRebuttals(ctx.deps, "椰子水能治疗登革热吗");
    expect(best?.rebuttalId).toBe(row!.id);
  });
});
