import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkBinary } from "../../infra/embedded/meilisearch.ts";
import { loadConfig } from "../../src/config.ts";
import { roleFromArgs } from "../../src/start.ts";

describe("process roles", () => {
  it("run everything by default, and only what the role names otherwise", () => {
    expect(loadConfig({})).toMatchObject({ role: "all", runWorkers: true });
    expect(loadConfig({ ROLE: "api" })).toMatchObject({ role: "api", runWorkers: false });
    expect(loadConfig({ ROLE: "worker" })).toMatchObject({ role: "worker", runWorkers: true });
    expect(loadConfig({ RUN_WORKERS: "false" })).toMatchObject({ role: "api", runWorkers: false });
  });

  it("refuse an unknown role, naming the variable", () => {
    expect(() => loadConfig({ ROLE: "both" })).toThrow(/ROLE/);
  });

  it("take --role from the command line in either spelling", () => {
    expect(roleFromArgs(["--role=api"])).toBe("api");
    expect(roleFromArgs(["--role", "worker"])).toBe("worker");
    expect(roleFromArgs([])).toBeUndefined();
  });
});

describe("the pinned Meilisearch binary", () => {
  it("is refused when its SHA-256 differs from the recorded one, and accepted when it matches", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-bin-"));
    try {
      const file = path.join(dir, "meilisearch");
      fs.writeFileSync(file, "not meilisearch");
      expect(() => checkBinary(file, dir)).toThrow(/SHA-256 .* not the pinned/);
      const actual = crypto.createHash("sha256").update("not meilisearch").digest("hex");
      expect(() => checkBinary(file, dir, actual)).not.toThrow();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
