import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedMeilisearch } from "../../infra/embedded/meilisearch.ts";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-launchers-"));
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
