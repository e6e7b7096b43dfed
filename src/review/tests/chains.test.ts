import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createOrganisation } from "../../../tests/support/factories.ts";
import { CONTENT_DIR } from "../../content/reference.ts";
import { chooseChain, parseReviewChains, reviewChains } from "../chains.ts";
import { loadReviewChains } from "../load.ts";

const categories = new Set(["infectious-disease", "vaccines", "food-safety", "weather"]);
const shipped = () =>
  JSON.parse(fs.readFileSync(path.join(CONTENT_DIR, "review-chains.json"), "utf8"));

describe("review-chain policies in content/", () => {
  it("ship health, food-safety and default chains that validate", () => {
    const chains = reviewChains();
    expect(chains.policies.map((p) => p.id)).toEqual(["health", "food-safety", "default"]);
  });

  it("pick the chain by category, the update chain for a live message, and the fast track by urgency", () => {
    const chains = reviewChains();
    const health = chooseChain(chains, { category: "vaccines", urgency: 2, isUpdate: false });
    expect(health).toMatchObject({
      policyId: "health",
      mode: "sequential",
      stepDeadlineMinutes: null,
    });
    expect(health.steps.map((s) => s.organisation ?? s.role)).toEqual([
      "expert",
      "hainan-health-commission",
      "hainan-publicity-dept",
    ]);
    const update = chooseChain(chains, { category: "food-safety", urgency: 3, isUpdate: true });
    expect(update.steps.map((s) => s.key)).toEqual(["market-regulation", "publicity"]);
    const fast = chooseChain(chains, { category: "earthquake", urgency: 1, isUpdate: false });
    expect(fast).toMatchObject({ policyId: "default", mode: "parallel", stepDeadlineMinutes: 30 });
    expect(chooseChain(chains, { category: null, urgency: null, isUpdate: false }).policyId).toBe(
      "default",
    );
  });

  it("reject a step naming an unknown role, with the path in the message", () => {
    const raw = shipped();
    raw.policies[0].steps[1].role = "minister";
    expect(() => parseReviewChains(raw, new Set(raw.policies[0].categories))).toThrow(
      /content\/review-chains\.json is invalid: policies\.0\.steps\.1\.role/,
    );
  });

  it("reject an unknown organisation kind, an unknown category and an unknown update step", () => {
    const kind = shipped();
    kind.policies[2].steps[1].organisationKind = "ministry";
    expect(() => parseReviewChains(kind, categories)).toThrow(
      /policies\.2\.steps\.1\.organisationKind/,
    );
    const category = shipped();
    category.policies[0].categories.push("astrology");
    expect(() =>
      parseReviewChains(category, new Set([...categories, "health-myths", "mental-health"])),
    ).toThrow(/policies\.0\.categories\.4: unknown category astrology/);
    const step = shipped();
    step.policies[1].updateSteps = ["nope"];
    expect(() =>
      parseReviewChains(step, new Set([...categories, "health-myths", "mental-health"])),
    ).toThrow(/policies\.1\.updateSteps\.0: unknown step key nope/);
  });

  it("reject a malformed organisation slug, a step with both an organisation and a kind, and two defaults", () => {
    const all = new Set([...categories, "health-myths", "mental-health"]);
    const slug = shipped();
    slug.policies[0].steps[1].organisation = "海南省卫健委";
    expect(() => parseReviewChains(slug, all)).toThrow(/policies\.0\.steps\.1\.organisation/);
    const both = shipped();
    both.policies[0].steps[1].organisationKind = "government";
    expect(() => parseReviewChains(both, all)).toThrow(/policies\.0\.steps\.1/);
    const defaults = shipped();
    defaults.policies[0].default = true;
    expect(() => parseReviewChains(defaults, all)).toThrow(
      /exactly one policy must be the default/,
    );
  });
});

describe("loading the chains at start", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  it("names the organisations the chains need that do not exist yet", async () => {
    expect(await loadReviewChains(ctx.sql)).toContain("hainan-health-commission");
    await createOrganisation(ctx.sql, { slug: "hainan-health-commission" });
    await createOrganisation(ctx.sql, { slug: "hainan-publicity-dept" });
    await createOrganisation(ctx.sql, { slug: "hainan-market-regulation" });
    expect(await loadReviewChains(ctx.sql)).toBe("3 review-chain policies");
  });
});

describe("the database keeps review history as written", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  it("refuses to change a revision's text or a decision, but lets the status move", async () => {
    const org = await createOrganisation(ctx.sql);
    const [u] = await ctx.sql`
      insert into users (email, name, organisation_id, roles)
      values ('immutable@test.chorus', '作者', ${org.id}, '{expert}') returning id`;
    const [c] =
      await ctx.sql`insert into cases (origin, title) values ('proactive', '测试') returning id`;
    const [r] = await ctx.sql`
      insert into revisions (case_id, number, author_id, kind, title, summary, body_md, body_html)
      values (${c!.id}, 1, ${u!.id}, 'explainer', '标题', '摘要', '正文', '<p>正文</p>')
      returning id`;
    await expect(ctx.sql`update revisions set title = '改过' where id = ${r!.id}`).rejects.toThrow(
      /immutable/,
    );
    await ctx.sql`update revisions set status = 'in_review', submitted_at = now() where id = ${r!.id}`;
    const [round] = await ctx.sql`
      insert into review_rounds (revision_id, policy_id, steps) values (${r!.id}, 'default', '[]')
      returning id`;
    await ctx.sql`
      insert into review_decisions (round_id, revision_id, step_index, reviewer_id, organisation_id, decision)
      values (${round!.id}, ${r!.id}, 0, ${u!.id}, ${org.id}, 'approve')`;
    await expect(ctx.sql`update review_decisions set decision = 'reject'`).rejects.toThrow(/kept/);
    await expect(ctx.sql`delete from review_decisions`).rejects.toThrow(/kept/);
  });
});
