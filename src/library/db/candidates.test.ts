import { describe, expect, it } from "vitest";
import { packGrams, unpackGrams } from "./candidates.ts";

describe("a candidate's projected sets on the wire", () => {
  it("read back as written, negative hashes and empty sets included", () => {
    const sets = {
      claimN: 3,
      docN: 9,
      bodyN: 0,
      claimHit: [-2147483648, 11, 2147483647],
      docHit: [],
      bodyHit: [52],
    };
    expect(unpackGrams(packGrams(sets))).toEqual(sets);
  });

  it("read as Postgres writes them, with every set empty", () => {
    expect(unpackGrams("0;0;0;;;")).toEqual({
      claimN: 0,
      docN: 0,
      bodyN: 0,
      claimHit: [],
      docHit: [],
      bodyHit: [],
    });
  });
});
