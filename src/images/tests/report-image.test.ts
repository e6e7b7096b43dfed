import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaseRow } from "../../../tests/support/cases-factories.ts";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createOrganisation } from "../../../tests/support/factories.ts";
import { call, type Person, person } from "../../../tests/support/review-factories.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";

let ctx: TestContext;
let app: App;
let coordinator: Person;
let outsider: Person;
let reportId: string;
let caseId: string;

/** A JPEG carrying an EXIF block (a camera owner's name), kept as an older intake might have. */
const withExif = () =>
  sharp({ create: { width: 320, height: 200, channels: 3, background: "#ddeeff" } })
    .jpeg()
    .withMetadata({ exif: { IFD0: { Copyright: "secret-camera-owner" } } })
    .toBuffer();

beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp(ctx.deps);
  const org = await createOrganisation(ctx.sql, {
    slug: "images-org",
    name: "测试单位",
    kind: "government",
  });
  coordinator = await person(ctx.sql, org.id, "coordinator");
  outsider = await person(ctx.sql, org.id, "expert");
  caseId = (await createCaseRow(ctx.sql, { origin: "report", title: "截图线索" })).id;
  const [report] = await ctx.sql`
    insert into reports (case_id, text, outcome) values (${caseId}, ${"网传截图"}, 'opened')
    returning id`;
  reportId = report!.id as string;
  const bytes = await withExif();
  await ctx.sql`
    insert into report_images (report_id, mime, width, height, bytes, byte_size, sha256,
                               ocr_status, recognised_text)
    values (${reportId}, 'image/jpeg', 320, 200, ${bytes}, ${bytes.length}, 'x', 'done',
            ${"喝板蓝根可以预防新冠肺炎？"})`;
}, 120_000);
afterAll(() => ctx.close());

describe("a report's image on the staff side", () => {
  it("is served to a coordinator re-encoded, without the EXIF it was stored with", async () => {
    const res = await call(app, "GET", `/console/reports/${reportId}/image`, coordinator);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/jpeg");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const served = Buffer.from(await res.arrayBuffer());
    expect(served.includes("secret-camera-owner")).toBe(false);
    const meta = await sharp(served).metadata();
    expect([meta.format, meta.width, meta.height, meta.exif]).toEqual([
      "jpeg",
      320,
      200,
      undefined,
    ]);
  });

  it("is shown on the case page next to the text read from it", async () => {
    const res = await call(app, "GET", `/console/cases/${caseId}`, coordinator);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<img src="/console/reports/${reportId}/image"`);
    expect(html).toContain("识别出的文字");
    expect(html).toContain("喝板蓝根可以预防新冠肺炎？");
  });

  it("is a 404 for the public, for staff who may not see the case, and for an unknown id", async () => {
    const path = `/console/reports/${reportId}/image`;
    const answers = [
      await call(app, "GET", path),
      await call(app, "GET", path, outsider),
      await call(app, "GET", `/console/reports/${crypto.randomUUID()}/image`, coordinator),
      await call(app, "GET", "/console/reports/not-a-uuid/image", coordinator),
    ];
    expect(answers.map((r) => r.status)).toEqual([404, 404, 404, 404]);
    for (const r of answers) {
      expect(r.headers.get("content-type")).toContain("application/problem+json");
    }
  });

  it("is shown to the expert assigned to the case", async () => {
    await ctx.sql`
      insert into case_assignments (case_id, user_id, role) values (${caseId}, ${outsider.user.id}, 'lead')`;
    const res = await call(app, "GET", `/console/reports/${reportId}/image`, outsider);
    expect(res.status).toBe(200);
  });
});
