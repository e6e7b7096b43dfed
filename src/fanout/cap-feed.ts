import { signEnvelopes } from "../authenticity/envelope-signature.ts";
import { xmlSeal } from "../authenticity/feed-seals.ts";
import { readCategories } from "../content/reference.ts";
import type { Deps } from "../deps.ts";
import { escapeHtml as xml } from "../http/html.ts";
import { capAlert } from "./cap.ts";
import { alertGradeEvents, eventsOfRebuttals, regionNames } from "./db/fanout-log.ts";
import { publicEnvelopeOf } from "./envelope.ts";

/**
 * The CAP 1.2 feed: an Atom feed whose entries each carry one CAP `<alert>` for an alert-grade
 * message (published → Alert, updated → Update, retracted → Cancel, with `references`).
 * @example const xml = await capFeed(deps, 50);
 */
export async function capFeed(deps: Deps, limit = 50): Promise<string> {
  const events = await alertGradeEvents(deps.sql, limit);
  const ids = [...new Set(events.map((e) => e.rebuttalId).filter((x): x is string => !!x))];
  const [history, names] = await Promise.all([
    eventsOfRebuttals(deps.sql, ids, { alertGradeOnly: true }),
    regionNames(deps.sql),
  ]);
  const host = new URL(deps.config.publicUrl).host;
  const ctx = {
    sender: `chorus@${host}`,
    senderName: "Chorus 应急科普快速响应平台",
    regionNames: names,
    capCategories: new Map(readCategories().map((c) => [c.slug, c.cap])),
  };
  // Each alert carries its message's signature, like every other channel.
  const signed = await signEnvelopes(deps, events.map(publicEnvelopeOf));
  const entries = events.map((e, i) => {
    const env = signed[i]!;
    const earlier = history.filter((h) => h.rebuttalId === e.rebuttalId && h.seq < e.seq);
    const title = env.data.rebuttal.title;
    return [
      "<entry>",
      `<id>urn:chorus:event:${e.id}</id>`,
      `<title>${xml(title)}</title>`,
      `<updated>${e.occurredAt.toISOString()}</updated>`,
      `<content type="application/cap+xml">${capAlert(env, e.drill, { ...ctx, earlier })}</content>${xmlSeal(env.signature, true)}`,
      "</entry>",
    ].join("\n");
  });
  const updated = events[0]?.occurredAt ?? new Date(0);
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<feed xmlns="http://www.w3.org/2005/Atom">`,
    `<id>${xml(deps.config.publicUrl)}/api/v1/feeds/cap</id>`,
    "<title>Chorus 应急科普 CAP 预警消息</title>",
    `<updated>${updated.toISOString()}</updated>`,
    `<link rel="self" href="${xml(deps.config.publicUrl)}/api/v1/feeds/cap"/>`,
    ...entries,
    "</feed>",
  ].join("\n");
}
