import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { renderScreenshot } from "../../../tests/support/screenshots.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";
import { loadStarterLibrary } from "../../library/starter.ts";
import { startOcr, stopOcr } from "../ocr/ocr-pool.ts";

let ctx: TestContext;
let app: App;

beforeAll(async () => {
  // A loaded test machine may read slower than the 8 s a person is kept waiting by default.
  ctx = await createTestContext({ TRUST_PROXY: "true", OCR_WAIT_MS: "60000" });
  app = createApp(ctx.deps);
  await loadStarterLibrary(ctx.deps);
  await startOcr();
}, 120_000);
afterAll(async () => {
  await stopOcr();
  await ctx.close();
});

let address = 0;
async function postImage(bytes: Buffer, type = "image/png", fields: Record<string, string> = {}) {
  const form = new FormData();
  form.set("image", new File([new Uint8Array(bytes)], "screenshot", { type }));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  // Each request from its own address: the report rate limit is not what these tests are about.
  const res = await app.request("/api/v1/reports", {
    method: "POST",
    body: form,
    headers: { "x-forwarded-for": `10.18.0.${++address}` },
  });
  return { res, body: (await res.json()) as Record<string, unknown> };
}

const solid = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: "#ffffff" } });

async function expectProblem(
  result: { res: Response; body: Record<string, unknown> },
  status: number,
  pattern: RegExp,
) {
  expect(result.res.status).toBe(status);
  expect(result.res.headers.get("content-type")).toContain("application/problem+json");
  expect(String(result.body.detail)).toMatch(pattern);
}

describe("a report with a screenshot", () => {
  it("is answered at once when the screenshot shows a rumour the library answers", async () => {
    const shot = await renderScreenshot("喝板蓝根可以预防新冠肺炎？赶紧转给家里人，每天喝一包！", {
      kind: "chat",
    });
    const { res, body } = await postImage(shot, "image/png", { platform: "wechat" });
    expect(res.status).toBe(201);
    expect(body.image).toBe("read");
    expect(body.recognisedText).toContain("板蓝根");
    expect(body.outcome).toBe("matched");
    const [best] = body.matches as { rebuttalId: string }[];
    const [rebuttal] = await ctx.sql`select slug from rebuttals where id = ${best!.rebuttalId}`;
    expect(rebuttal!.slug).toBe("banlangen-prevents");
    const [stored] = await ctx.sql`
      select mime, ocr_status, recognised_text from report_images where report_id = ${body.id as string}`;
    expect(stored).toMatchObject({ mime: "image/png", ocrStatus: "done" });
    expect(stored!.recognisedText).toContain("板蓝根");
  }, 120_000);

  it("without any text opens a case for staff with the image", async () => {
    const blank = await solid(400, 300).png().toBuffer();
    const { res, body } = await postImage(blank);
    expect(res.status).toBe(201);
    expect(body.image).toBe("no_text");
    expect(body.recognisedText).toBe("");
    expect(body.outcome).toBe("opened");
    const [image] = await ctx.sql`
      select i.ocr_status, r.case_id from report_images i join reports r on r.id = i.report_id
      where r.id = ${body.id as string}`;
    expect(image).toMatchObject({ ocrStatus: "done", caseId: body.caseId });
  }, 60_000);

  it("keeps the image re-encoded, without its EXIF", async () => {
    const jpeg = await solid(320, 200)
      .jpeg()
      .withMetadata({ exif: { IFD0: { Copyright: "secret-camera-owner" } } })
      .toBuffer();
    expect(jpeg.includes("secret-camera-owner")).toBe(true);
    const { res, body } = await postImage(jpeg, "image/jpeg");
    expect(res.status).toBe(201);
    const [row] =
      await ctx.sql`select bytes from report_images where report_id = ${body.id as string}`;
    const kept = row!.bytes as Buffer;
    expect(kept.includes("secret-camera-owner")).toBe(false);
    expect((await sharp(kept).metadata()).exif).toBeUndefined();
  }, 60_000);
});

describe("a report with a bad image is refused with problem+json", () => {
  it("when the file is not an image", async () => {
    await expectProblem(
      await postImage(Buffer.from("不是图片，只是一段文字")),
      400,
      /无法识别为图片/,
    );
  });

  it("when the image is truncated", async () => {
    const png = await renderScreenshot("截断的图片", { kind: "notice" });
    await expectProblem(
      await postImage(png.subarray(0, Math.floor(png.length / 2))),
      400,
      /损坏或不完整/,
    );
  });

  it("when a small file declares a huge image (decompression bomb)", async () => {
    const bomb = await solid(7_000, 7_000).png({ compressionLevel: 9, palette: true }).toBuffer();
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await expectProblem(await postImage(bomb), 413, /像素过多/);
  }, 60_000);

  it("when the image has 100 megapixels", async () => {
    const big = await solid(10_000, 10_000).jpeg({ quality: 50 }).toBuffer();
    await expectProblem(await postImage(big, "image/jpeg"), 413, /像素过多/);
  }, 60_000);

  it("when the image is an animated GIF, even when it claims to be a PNG", async () => {
    await expectProblem(await postImage(animatedGif(), "image/gif"), 415, /PNG、JPEG 或 WebP/);
    await expectProblem(await postImage(animatedGif(), "image/png"), 415, /PNG、JPEG 或 WebP/);
  });

  it("when the declared type is not an image type", async () => {
    const png = await solid(50, 50).png().toBuffer();
    await expectProblem(await postImage(png, "application/pdf"), 415, /PNG、JPEG 或 WebP/);
  });

  it("when the request is neither JSON nor multipart", async () => {
    const res = await app.request("/api/v1/reports", {
      method: "POST",
      body: "text=盐水漱口",
      headers: { "content-type": "text/plain" },
    });
    expect(res.status).toBe(415);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });

  it("when the file is larger than 5 MB", async () => {
    const result = await postImage(Buffer.alloc(5 * 1024 * 1024 + 1, 1));
    await expectProblem(result, 413, /5 MB/);
  });

  it("when the form has no image", async () => {
    const form = new FormData();
    form.set("text", "只有文字没有图片");
    const res = await app.request("/api/v1/reports", { method: "POST", body: form });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path)).toContain("image");
  });
});

/** A 1×1 GIF89a with two frames. */
function animatedGif(): Buffer {
  const frame = [
    0x21, 0xf9, 0x04, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0x00,
  ];
  const data = [0x02, 0x02, 0x44, 0x01, 0x00];
  return Buffer.from([
    ...Buffer.from("GIF89a"),
    1,
    0,
    1,
    0,
    0x80,
    0,
    0,
    0,
    0,
    0,
    255,
    255,
    255,
    0x21,
    0xff,
    0x0b,
    ...Buffer.from("NETSCAPE2.0"),
    0x03,
    0x01,
    0x00,
    0x00,
    0x00,
    ...frame,
    ...data,
    ...frame,
    ...data,
    0x3b,
  ]);
}
