import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, demoOrganisations, demoUsers, seedDemo } from "../../../seeds/demo.ts";
import { jsonBody } from "../../../tests/support/access-factories.ts";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { verifyAuditChain } from "../../audit/verify.ts";
import { loadConfig } from "../../config.ts";
import { createApp } from "../../http/app.ts";

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe("demo seeds", () => {
  it("load the demo organisations and every demo login of DESIGN.md, once", async () => {
    expect(await seedDemo(ctx.deps)).toBe(`12 organisations, ${demoUsers.length} new logins`);
    expect(await seedDemo(ctx.deps)).toBe("12 organisations, 0 new logins");
    const designLogins = ["coordinator", "expert.health", "expert.food", "reviewer.health"]
      .concat(["reviewer.publicity", "media", "admin"])
      .map((name) => `${name}@demo.chorus`);
    const emails = await ctx.sql`select email from users`;
    expect(emails.map((u) => u.email)).toEqual(expect.arrayContaining(designLogins));
    const orgs = await ctx.sql`select slug, kind, region_code from organisations order by slug`;
    expect(orgs).toHaveLength(demoOrganisations.length);
    expect(orgs.find((o) => o.slug === "haikou-media-centre")).toMatchObject({
      kind: "media",
      regionCode: "460100",
    });
    expect((await verifyAuditChain(ctx.sql)).ok).toBe(true);
  });

  it("let each demo login sign in with the demo password and the right roles", async () => {
    await seedDemo(ctx.deps);
    const app = createApp(ctx.deps);
    for (const u of demoUsers) {
      const res = await app.request(
        "/api/v1/session",
        jsonBody("POST", { email: u.email, password: DEMO_PASSWORD }),
      );
      expect(res.status, u.email).toBe(200);
      const { user } = await res.json();
      expect(user.roles).toEqual(u.roles);
      expect(user.organisation.slug).toBe(u.org);
    }
    const [health] = await ctx.sql`
      select expertise from users where email = 'expert.health@demo.chorus'`;
    expect(health!.expertise).toEqual([
      "infectious-disease",
      "vaccines",
      "health-myths",
      "mental-health",
    ]);
  });

  it("are switched off in production whatever SEED_DEMO says", () => {
    expect(loadConfig({ NODE_ENV: "production", SEED_DEMO: "true" }).seedDemo).toBe(false);
  });
});
