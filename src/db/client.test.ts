import { describe, expect, it } from "vitest";
import { createDb, isPostgresWriteRace, reconnectDelayS } from "./client.ts";

const race = () => {
  const err = new TypeError("Cannot read properties of null (reading 'write')");
  err.stack = `${err.message}\n    at Immediate.nextWrite (file:///app/node_modules/postgres/src/connection.js:255:22)`;
  return err;
};

describe("postgres.js's write on a closed connection", () => {
  it("is recognised by its message and its place in postgres.js", () => {
    expect(isPostgresWriteRace(race())).toBe(true);
  });

  it("is not confused with the same message from elsewhere or another error", () => {
    const elsewhere = race();
    elsewhere.stack = `${elsewhere.message}\n    at nextWrite (file:///app/src/mine.js:1:1)`;
    expect(isPostgresWriteRace(elsewhere)).toBe(false);
    expect(isPostgresWriteRace(new TypeError("x is not a function"))).toBe(false);
    expect(isPostgresWriteRace("Cannot read properties of null (reading 'write')")).toBe(false);
  });
});

describe("a pool's wait before connecting again", () => {
  it("grows with the failures as postgres.js's does, but never past a second", () => {
    for (let failures = 0; failures <= 60; failures++) {
      const delay = reconnectDelayS(failures);
      expect(delay).toBeGreaterThan(0);
      expect(delay).toBeLessThanOrEqual(1);
      expect(delay).toBeLessThanOrEqual(3 ** failures / 100);
    }
    expect(reconnectDelayS(1)).toBeLessThan(reconnectDelayS(5));
  });

  it("is the one every Chorus pool uses", async () => {
    const sql = createDb("postgres://chorus@127.0.0.1:1/chorus");
    expect(sql.options.backoff).toBe(reconnectDelayS);
    await sql.end();
  });
});
