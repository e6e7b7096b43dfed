import { describe, expect, it } from "vitest";
import { isLostQueueConnection } from "./runner.ts";

describe("isLostQueueConnection", () => {
  it("counts Postgres refusing, resetting or terminating the connection as a lost queue connection", () => {
    expect(
      isLostQueueConnection(Object.assign(new Error("connect"), { code: "ECONNREFUSED" })),
    ).toBe(true);
    expect(isLostQueueConnection(Object.assign(new Error("terminating"), { code: "57P01" }))).toBe(
      true,
    );
    expect(isLostQueueConnection(new Error("Connection terminated unexpectedly"))).toBe(true);
  });

  it("leaves every other rejection to end the process", () => {
    expect(isLostQueueConnection(new Error("a bug"))).toBe(false);
    expect(isLostQueueConnection(Object.assign(new Error("duplicate"), { code: "23505" }))).toBe(
      false,
    );
    expect(isLostQueueConnection(undefined)).toBe(false);
  });
});
