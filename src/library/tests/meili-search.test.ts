import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createRebuttal } from "../../../tests/support/library-factories.ts";
import { createDb } from "../../db/client.ts";
import type { Deps } from "../../deps.ts";
import { closeEffects } from "../../effect/counter.ts";
import { createApp } from "../../http/app.ts";
import { normalizeText } from "../../text/normalize.ts";
import { createMeili } from "../meili/client.ts";
import { meiliCandidates } from "../meili/query-rebuttals.ts";
import { REBUTTAL_INDEX } from "../meili/rebuttal-index.ts";
import { createSearch } from "../search.ts";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.deps.search.ensureIndex();
});
afterAll(() => ctx.close());

/** A real HTTP server standing in for a broken Meilisearch: healthy, but its searches fail as scripted. */
async function brokenMeili(search: "hang" | number) {
  const seen: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    if (req.url === "/health") return void res.writeHead(200).end('{"status":"available"}');
    seen.push(req.headers);
    req.resume();
    if (search !== "hang") res.writeHead(search, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Another node's dependencies whose search door asks the Meilisearch at `url`. */
function nodeWith(url: string): Deps {
  const sql = createDb(ctx.databaseUrl, { max: 2 });
  const search = createSearch({ sql, log: ctx.deps.log, url, key: "k", prefix: ctx.indexPrefix });
  return { ...ctx.deps, sql, search };
}

async function searchVia(deps: Deps, q: string) {
  const res = await createApp(deps).request(`/api/v1/rebuttals?q=${encodeURIComponent(q)}`);
  return { status: res.status, body: (await res.json()) as { hits: unknown[]; degraded: boolean } };
}

describe("the search request to Meilisearch", () => {
  it("returns Meilisearch's ids for a folded query, within the filters", async () => {
    const { id } = await createRebuttal(ctx.sql, {
      claim: "喝板蓝根冲剂能预防禽流感？",
      verdict: "false",
    });
    await ctx.deps.search.index([id]);
    const norm = normalizeText("板蓝根冲剂预防禽流感");
    expect(await meiliCandidates(ctx.deps.search, norm, {}, 30)).toContain(id);
    expect(await meiliCandidates(ctx.deps.search, norm, { verdict: "true" }, 30)).not.toContain(id);
  });

  it("finds a rebuttal by another word of a synonym group than it was written with, either way", async () => {
    const { id: written } = await createRebuttal(ctx.sql, {
      claim: "新型冠状病毒能通过蚊子叮咬传播？",
      summary: "没有证据表明蚊子会传播。",
    });
    const { id: typo } = await createRebuttal(ctx.sql, {
      claim: "每天冲一包板兰根就不会得流感？",
      summary: "没有证据表明能预防流感。",
    });
    await ctx.deps.search.index([written, typo]);
    const ask = (q: string) => meiliCandidates(ctx.deps.search, normalizeText(q), {}, 30);
    // Meilisearch is given no synonyms: both sides are folded to the group's first word.
    const index = ctx.deps.search.client!.index(ctx.deps.search.indexName(REBUTTAL_INDEX));
    expect((await index.getDocument(written)).claim).toBe("新冠病毒能通过蚊虫叮咬传播?");
    expect(await ask("sars-cov-2 蚊子叮咬")).toContain(written);
    expect(await ask("板蓝根 流感")).toContain(typo);
  });

  it("refuses to search when no Meilisearch is configured", async () => {
    const none = createMeili({ prefix: "" });
    await expect(meiliCandidates(none, "板蓝根", {}, 30)).rejects.toThrow(/not configured/);
  });

  it("gives up on a search Meilisearch never answers, after its timeout, asking for no compression", async () => {
    const hung = await brokenMeili("hang");
    try {
      const meili = createMeili({ url: hung.url, key: "secret", prefix: "" });
      await expect(meiliCandidates(meili, "板蓝根", {}, 30)).rejects.toThrow(/timed out/);
      expect(hung.seen[0]).toMatchObject({
        "accept-encoding": "identity",
        authorization: "Bearer secret",
      });
    } finally {
      await hung.close();
    }
  });

  it("closes its kept-alive connections at shutdown and searches no more", async () => {
    const closed: Promise<void>[] = [];
    const server = http.createServer((req, res) => {
      req.resume();
      res.writeHead(200, { "content-type": "application/json" }).end('{"hits":[{"id":"a"}]}');
    });
    server.on("connection", (socket) => {
      closed.push(new Promise((resolve) => socket.once("close", () => resolve())));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const meili = createMeili({ url, prefix: "" });
      expect(await meiliCandidates(meili, "板蓝根", {}, 30)).toEqual(["a"]);
      expect(closed.length).toBeGreaterThan(0);
      await meili.close();
      await Promise.all(closed);
      await expect(meiliCandidates(meili, "板蓝根", {}, 30)).rejects.toThrow(
        /client is (closed|destroyed)/,
      );
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("answers a public search degraded from Postgres, not 500, when Meilisearch fails a search", async () => {
    for (const failure of ["hang", 500] as const) {
      const broken = await brokenMeili(failure);
      const deps = nodeWith(broken.url);
      try {
        const found = await searchVia(deps, "某地出现会飞的企鹅是真的吗");
        expect(found.status).toBe(200);
        expect(found.body.degraded).toBe(true);
        expect(broken.seen.length).toBeGreaterThan(0);
      } finally {
        await closeEffects(deps);
        await deps.sql.end({ timeout: 1 });
        await broken.close();
      }
    }
  });
});
