import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";

describe("configuration", () => {
  it("uses the embedded defaults when no service URLs are given", () => {
    const config = loadConfig({}, "/srv/chorus");
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.meiliUrl).toBeUndefined();
    expect(config.dataDir).toBe("/srv/chorus/.data");
    expect(config.outboxDir).toBe("/srv/chorus/.data/outbox");
    expect(config.publicUrl).toBe("http://localhost:3000");
  });

  it("names every bad variable and what is wrong with it", () => {
    let error: unknown;
    try {
      loadConfig({ PORT: "eighty", DATABASE_URL: "mysql://x", MEILI_INDEX_PREFIX: "a b" });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const variables = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(variables).toEqual(["DATABASE_URL", "MEILI_INDEX_PREFIX", "PORT"]);
    expect((error as ConfigError).message).toMatch(/DATABASE_URL: must start with postgres/);
  });

  it("never loads demo seeds in production, even when asked", () => {
    expect(loadConfig({ NODE_ENV: "production", SEED_DEMO: "true" }).seedDemo).toBe(false);
    expect(loadConfig({ NODE_ENV: "development" }).seedDemo).toBe(true);
  });

  it("treats empty variables as unset", () => {
    expect(loadConfig({ PORT: "", DATABASE_URL: "" }).port).toBe(3000);
  });
});
