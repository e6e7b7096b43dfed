import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedMeilisearch } from "../../infra/embedded/meilisearch.ts";
import { startEmbeddedPostgres } from "../../infra/embedded/postgres.ts";
import { composePostgresSettings } from "../../infra/start-command.ts";
import { createDb } from "../../src/db/client.ts";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-launchers-"));
// Open to the `postgres` user the launcher runs Postgres as when started by root.
fs.chmodSync(root, 0o755);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("the embedded Meilisearch launcher", () => {
  it("starts with a stored master key that begins with a dash, which a flag parser could misread", async () => {
    const dir = path.join(root, "meilisearch");
    fs.writeFileSync(`${dir}.key`, "-abcdef0123456789abcdef0123456789\n");
    const meili = await startEmbeddedMeilisearch({ dir });
    try {
      const res = await fetch(`${meili.url}/indexes`, {
        headers: { authorization: "Bearer -abcdef0123456789abcdef0123456789" },
      });
      expect(res.status).toBe(200);
      const refused = await fetch(`${meili.url}/indexes`, {
        headers: { authorization: "Bearer wrong-key-wrong-key-wrong" },
      });
      expect(refused.status).toBe(403);
    } finally {
      await meili.stop();
    }
  });
});

describe("the embedded Postgres launcher", () => {
  it("starts with the buffer cache compose gives Postgres, the caller's own settings winning", async () => {
    expect(composePostgresSettings()).toEqual({ max_connections: "200", shared_buffers: "1GB" });
    const pg = await startEmbeddedPostgres({
      dir: path.join(root, "postgres"),
      settings: { fsync: "off", max_connections: 50 },
    });
    const sql = createDb(pg.url, { max: 1 });
    try {
      const [cache] = await sql<{ sharedBuffers: string }[]>`show shared_buffers`;
      const [limit] = await sql<{ maxConnections: string }[]>`show max_connections`;
      expect(cache!.sharedBuffers).toBe("1GB");
      expect(limit!.maxConnections).toBe("50");
    } finally {
      await sql.end();
      await pg.stop();
    }
  });
});
