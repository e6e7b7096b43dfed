import { describe, expect, it } from "vitest";
import { CODE_PATTERN, formatCode, parseCode, verificationCode } from "./code.ts";

describe("verification codes", () => {
  it("are 8 characters of Crockford base32, the same for the same signature", () => {
    const code = verificationCode("c2lnbmF0dXJl");
    expect(code).toMatch(CODE_PATTERN);
    expect(verificationCode("c2lnbmF0dXJl")).toBe(code);
    expect(verificationCode("c2lnbmF0dXJm")).not.toBe(code);
    expect(verificationCode("c2lnbmF0dXJl", 1)).not.toBe(code);
  });

  it("are read back as people type them: lower case, a dash, spaces, O for 0, I or L for 1", () => {
    expect(parseCode("7k3m-9q2d")).toBe("7K3M9Q2D");
    expect(parseCode(" 7K3M 9Q2D ")).toBe("7K3M9Q2D");
    expect(parseCode("OOIL-0011")).toBe("00110011");
    expect(formatCode("7K3M9Q2D")).toBe("7K3M-9Q2D");
  });

  it("refuse what cannot be a code", () => {
    for (const bad of ["", "7K3M9Q2", "7K3M9Q2DX", "7K3M9Q2U", "<script>", "核验码12345"]) {
      expect(parseCode(bad)).toBeUndefined();
    }
  });
});
