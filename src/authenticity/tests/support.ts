import type { TestContext } from "../../../tests/support/context.ts";
import {
  call,
  createTriagedCase,
  healthChainCast,
  person,
} from "../../../tests/support/review-factories.ts";
import type { App } from "../../http/env.ts";

let counter = 0;

/** A rebuttal's distinct text, so that messages of different tests never share a sentence. */
export function distinctText(topic: string) {
  counter += 1;
  return {
    title: `${topic}不能预防新冠病毒感染（第${counter}号）`,
    summary: `目前没有证据表明${topic}能预防新冠病毒感染，请勿盲目囤购服用（第${counter}号）。`,
    body: `## 结论\n\n${topic}**不能**预防新冠病毒感染。\n\n- 戴口罩\n- 勤洗手\n- 第${counter}号\n`,
  };
}

/**
 * The health chain's people and helpers to publish, update and retract rebuttals through the
 * API, the way they reach the public.
 * @example const chain = await publishingChain(ctx); const r = await chain.publish("板蓝根");
 */
export async function publishingChain(ctx: TestContext) {
  const cast = await healthChainCast(ctx);
  const { api, lead, peer, healthReviewer, publicityReviewer } = cast;
  const coordinator = await person(ctx.sql, cast.orgs.publicity.id, "coordinator");
  return {
    app: cast.app as App,
    async publish(topic: string) {
      const text = distinctText(topic);
      const c = await createTriagedCase(ctx.sql, { lead });
      const r = await api.draft(c.id, lead, text);
      await api.submit(r.id, lead);
      await api.decide(r.id, peer);
      await api.decide(r.id, healthReviewer);
      const result = await (await api.decide(r.id, publicityReviewer)).json();
      if (result.outcome !== "published")
        throw new Error(`not published: ${JSON.stringify(result)}`);
      return {
        caseId: c.id,
        revisionId: r.id as string,
        id: result.rebuttal.id as string,
        slug: result.rebuttal.slug as string,
        text,
      };
    },
    async update(p: { caseId: string; revisionId: string }, topic: string) {
      const text = distinctText(topic);
      const u = await api.draft(p.caseId, lead, { ...text, baseRevisionId: p.revisionId });
      await api.submit(u.id, lead);
      await api.decide(u.id, healthReviewer);
      const result = await (await api.decide(u.id, publicityReviewer)).json();
      if (result.outcome !== "published") throw new Error(`not updated: ${JSON.stringify(result)}`);
      return { revisionId: u.id as string, text };
    },
    async retract(id: string, reason = "依据已更新，此条不再适用") {
      const res = await call(cast.app, "POST", `/api/v1/rebuttals/${id}/retract`, coordinator, {
        reason,
      });
      if (res.status !== 200) throw new Error(`retract failed ${res.status}: ${await res.text()}`);
    },
  };
}

/** Calls `verifyMessage` as anyone. */
export async function verify(app: App, body: unknown) {
  const res = await app.request("/api/v1/verify", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** The page text a reader copies: title, summary and body as the page shows them. */
export function pageText(t: { title: string; summary: string; body: string }) {
  return `${t.title}\n\n${t.summary}\n\n${t.body.replace(/[#*-]/g, "").replace(/\n+/g, "\n")}`;
}
