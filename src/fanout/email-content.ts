import fs from "node:fs";
import type { PublicEventEnvelope } from "../events/envelope.ts";
import { escapeHtml } from "../http/html.ts";
import { shareCardUrl } from "../images/card-path.ts";
import { answerLine, claimLine, headline } from "../vocabulary/claim-answer.ts";
import { eventTypeLabel } from "../vocabulary/event-types.ts";
import { defaultUrgency, isUrgency, urgencyNames } from "../vocabulary/urgencies.ts";
import { categoryName, emailTime, regionNames } from "./email-words.ts";

const dir = new URL("../../content/email-templates/", import.meta.url);
const cache = new Map<string, string>();
function template(name: string): string {
  let t = cache.get(name);
  if (t === undefined) {
    t = fs.readFileSync(new URL(name, dir), "utf8");
    cache.set(name, t);
  }
  return t;
}

/** Fills `{{name}}` slots; HTML templates get escaped values. */
export function render(name: string, values: Record<string, string>): string {
  const html = name.endsWith(".html");
  return template(name).replace(/\{\{(\w+)\}\}/g, (_, k: string) => {
    const v = values[k] ?? "";
    return html ? escapeHtml(v) : v;
  });
}

/**
 * The subject and bodies of a public event's email: the subject carries the urgency and the
 * headline, whose verdict label sits on the claim, never on the answer.
 * @example const mail = rebuttalEmail(envelope, unsubscribeUrl);
 */
export function rebuttalEmail(env: PublicEventEnvelope, unsubscribeUrl: string) {
  const r = env.data.rebuttal;
  const urgency = urgencyNames[isUrgency(r.urgency) ? r.urgency : defaultUrgency];
  const heading = `${r.drill ? "【演练】" : ""}${eventTypeLabel(env.type)}`;
  const tags = [r.drill ? "演练" : "", env.type === "rebuttal.retracted" ? "撤回" : "", urgency];
  const values = {
    heading,
    title: headline(r),
    claimLine: claimLine(r, 500) ?? "",
    answerLine: answerLine(r),
    urgency,
    category: categoryName(r.category),
    regions: regionNames(r.regions),
    summary: r.summary,
    reasonLine:
      env.type === "rebuttal.retracted" && env.data.reason ? `撤回原因：${env.data.reason}` : "",
    url: r.url,
    cardUrl: shareCardUrl(r.url, r.slug),
    coSigners: r.coSigners.map((c) => c.name).join("、") || "—",
    eventId: env.id,
    seq: String(env.seq ?? ""),
    occurredAt: emailTime(env.occurredAt),
    unsubscribeUrl,
  };
  return {
    subject: `${tags
      .filter(Boolean)
      .map((t) => `[${t}]`)
      .join("")} ${headline(r)}`,
    text: render("rebuttal.txt", values),
    html: render("rebuttal.html", values),
  };
}
