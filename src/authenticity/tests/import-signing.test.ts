import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";
import { importRebuttals } from "../../library/import-rebuttals.ts";
import { loadStarterLibrary, readStarterLibrary } from "../../library/starter.ts";
import { formatCode } from "../code.ts";
import { signableRebuttals } from "../db/signatures.ts";
import { readerDigest } from "../payload.ts";
import { verify } from "./support.ts";

let ctx: TestContext;
let app: App;

beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp(ctx.deps);
});
afterAll(() => ctx.close());

const line = (externalId: string, summary: string) =>
  JSON.stringify({
    externalId,
    claim: "吃大蒜能预防新冠病毒感染",
    verdict: "false",
    title: "吃大蒜不能预防新冠病毒感染",
    summary,
    body: "大蒜有一定抗菌作用，但没有证据表明它能预防新冠病毒感染。",
    category: "infectious-disease",
  });

async function signaturesOf(externalId: string) {
  return ctx.sql<
    {
      rebuttalId: string;
      eventId: string | null;
      seq: number | null;
      code: string;
      kid: string;
      payload: string;
      signature: string;
      version: number;
      eventType: string;
    }[]
  >`
    select s.rebuttal_id, s.event_id, s.seq, s.code, s.kid, s.payload, s.signature, s.version, s.event_type
    from rebuttal_signatures s join rebuttals r on r.id = s.rebuttal_id
    where r.external_id = ${externalId} order by s.version`;
}

describe("rebuttals loaded from a library are signed by the system", () => {
  it("signs an imported rebuttal without an event, verifiably, once per version", async () => {
    const externalId = `湖北-${crypto.randomBytes(3).toString("hex")}`;
    await importRebuttals(ctx.deps, [line(externalId, "没有证据表明吃大蒜能预防新冠病毒感染。")]);
    const [signed] = await signaturesOf(externalId);
    expect(signed).toMatchObject({
      eventId: null,
      seq: null,
      version: 1,
      eventType: "rebuttal.imported",
    });
    const payload = JSON.parse(signed!.payload);
    expect(payload.event).toMatchObject({ id: null, type: "rebuttal.imported", seq: null });
    expect(payload.rebuttal.summary).toBe("没有证据表明吃大蒜能预防新冠病毒感染。");

    const keys = (await (await app.request("/.well-known/chorus-keys.json")).json()).keys;
    const key = keys.find((k: { kid: string }) => k.kid === signed!.kid);
    const publicKey = crypto.createPublicKey({ key: key.jwk, format: "jwk" });
    expect(
      crypto.verify(
        null,
        Buffer.from(signed!.payload),
        publicKey,
        Buffer.from(signed!.signature, "base64url"),
      ),
    ).toBe(true);
    expect((await verify(app, { code: signed!.code })).body.verdict).toBe("genuine");
    expect(
      (await verify(app, { payload: signed!.payload, signature: signed!.signature })).body.verdict,
    ).toBe("genuine");

    await importRebuttals(ctx.deps, [line(externalId, "没有证据表明吃大蒜能预防新冠病毒感染。")]);
    expect(await signaturesOf(externalId)).toHaveLength(1);
    await importRebuttals(ctx.deps, [
      line(externalId, "目前没有任何证据表明吃大蒜能预防新冠病毒感染。"),
    ]);
    const both = await signaturesOf(externalId);
    expect(both.map((s) => s.version)).toEqual([1, 2]);
    expect((await verify(app, { code: signed!.code })).body.verdict).toBe("updated");
    expect((await verify(app, { code: both[1]!.code })).body.verdict).toBe("genuine");

    const [row] = await ctx.sql`select slug from rebuttals where external_id = ${externalId}`;
    const page = await (await app.request(`/r/${row!.slug}`)).text();
    expect(page).toContain(formatCode(both[1]!.code));
    const feed = await (await app.request("/feeds/feed.json")).json();
    const item = feed.items.find((i: { id: string }) => i.id === both[1]!.rebuttalId);
    expect(item._chorus).toMatchObject({ code: both[1]!.code, signature: both[1]!.signature });
  });

  it("keeps the text an imported message is found by as a signing of the stored rebuttal derives it, from the lines it holds", async () => {
    const tag = crypto.randomBytes(3).toString("hex");
    const lines = [
      {
        summary: "喝熏醋不能殺死新型冠狀病毒。",
        body: "# 熏醋\n\n醋酸濃度 < 1%，*不能*消毒 & 殺菌。",
      },
      {
        summary: "５Ｇ基站不会传播病毒。",
        body: "病毒不会通过[无线电波](https://example.org)传播。",
      },
    ].map((x, i) =>
      JSON.stringify({
        externalId: `quoted-${tag}-${i}`,
        claim: "吃大蒜能预防新冠病毒感染",
        verdict: "false",
        ...x,
      }),
    );
    await importRebuttals(ctx.deps, lines, { batchSize: 1 });
    const stored = await ctx.sql<{ id: string; bodyText: string; textHashes: string[] }[]>`
      select r.id, s.body_text, s.text_hashes from rebuttal_signatures s
      join rebuttals r on r.id = s.rebuttal_id
      where r.external_id like ${`quoted-${tag}-%`} order by r.external_id`;
    expect(stored).toHaveLength(2);
    const rows = await signableRebuttals(
      ctx.sql,
      stored.map((s) => s.id),
    );
    for (const s of stored) {
      const row = rows.find((r) => r.id === s.id)!;
      expect({ bodyText: s.bodyText, textHashes: s.textHashes }).toEqual(readerDigest(row));
    }
    // The body as its page shows it (heading, entities decoded), in Simplified characters.
    const quoted = await verify(app, { text: "熏醋\n醋酸浓度 < 1%，不能消毒 & 杀菌。" });
    expect(quoted.body.verdict).toBe("genuine");
  });

  it("leaves no rebuttal of the starter library without a signature, those loaded before signing included", async () => {
    await loadStarterLibrary(ctx.deps);
    const [first] = await ctx.sql`
      select id from rebuttals where external_id like 'chorus-starter:%' order by slug limit 1`;
    // As a deployment from before signing on import left it: the same rows, no signature.
    await ctx.sql.begin(async (tx) => {
      await tx`alter table rebuttal_signatures disable trigger rebuttal_signatures_kept`;
      await tx`delete from rebuttal_signatures where rebuttal_id = ${first!.id}`;
      await tx`alter table rebuttal_signatures enable trigger rebuttal_signatures_kept`;
    });
    await loadStarterLibrary(ctx.deps);
    const [counts] = await ctx.sql`
      select count(*)::int as starter,
             count(*) filter (where not exists (
               select 1 from rebuttal_signatures s where s.rebuttal_id = r.id))::int as unsigned
      from rebuttals r where r.external_id like 'chorus-starter:%'`;
    expect(counts).toEqual({ starter: readStarterLibrary().length, unsigned: 0 });
  });
});
