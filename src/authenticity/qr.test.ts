import { describe, expect, it } from "vitest";
import { qrPng, qrSvg } from "./qr.ts";

describe("QR codes of a verification page", () => {
  it("are a standalone SVG for pages and a PNG for emails", async () => {
    const svg = await qrSvg("https://chorus.example/verify/7K3M9Q2D");
    expect(svg).toMatch(/^<svg[^>]*viewBox="0 0 \d+ \d+"/);
    expect(svg).not.toMatch(/<script|href=/);
    const png = await qrPng("https://chorus.example/verify/7K3M9Q2D");
    expect(png.subarray(1, 4).toString()).toBe("PNG");
  });
});
