import type { PublicEventEnvelope, PublicEventType } from "../events/envelope.ts";
import { escapeHtml as xml } from "../http/html.ts";
import { answerLine, headline } from "../vocabulary/claim-answer.ts";
import { rebuttalKindLabels } from "../vocabulary/rebuttal-kinds.ts";
import { isUrgency, type Urgency } from "../vocabulary/urgencies.ts";
import { verdictCapCertainty } from "../vocabulary/verdicts.ts";
import type { EventRow } from "./envelope.ts";

const capUrgency: Record<Urgency, string> = {
  1: "Immediate",
  2: "Expected",
  3: "Expected",
  4: "Future",
};
const capSeverity: Record<Urgency, string> = {
  1: "Extreme",
  2: "Severe",
  3: "Moderate",
  4: "Minor",
};
const msgTypes: Record<PublicEventType, string> = {
  "rebuttal.published": "Alert",
  "rebuttal.updated": "Update",
  "rebuttal.retracted": "Cancel",
};

/** CAP dateTime: no "Z" allowed; China Standard Time (+08:00), to the second. */
export function capTime(d: Date): string {
  const local = new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19);
  return `${local}+08:00`;
}

export interface CapContext {
  sender: string;
  senderName: string;
  regionNames: Map<string, string>;
  /** CAP `<category>` of each category slug (content/taxonomy.json); unknown slugs → Other. */
  capCategories: Map<string, string>;
  /** Earlier alerts of the same rebuttal, oldest first (for Update/Cancel `references`). */
  earlier: EventRow[];
}

export const capIdentifier = (eventId: string) => `urn:chorus:event:${eventId}`;

/**
 * One CAP 1.2 `<alert>` for a public event (`drill`: the event row's drill flag).
 * @example capAlert(envelope, drill, { sender, senderName, regionNames, capCategories, earlier })
 */
export function capAlert(e: PublicEventEnvelope, drill: boolean, c: CapContext): string {
  const r = e.data.rebuttal;
  const refs = c.earlier.map((p) => `${c.sender},${capIdentifier(p.id)},${capTime(p.occurredAt)}`);
  const areas = r.regions.map((code) => c.regionNames.get(code) ?? code);
  const retracted = e.type === "rebuttal.retracted";
  const urgency = isUrgency(r.urgency) ? r.urgency : null;
  const lines = [
    `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">`,
    `<identifier>${xml(capIdentifier(e.id))}</identifier>`,
    `<sender>${xml(c.sender)}</sender>`,
    `<sent>${capTime(new Date(e.occurredAt))}</sent>`,
    `<status>${drill || r.drill ? "Exercise" : "Actual"}</status>`,
    `<msgType>${msgTypes[e.type]}</msgType>`,
    "<scope>Public</scope>",
    refs.length && e.type !== "rebuttal.published"
      ? `<references>${xml(refs.join(" "))}</references>`
      : "",
    "<info>",
    "<language>zh-CN</language>",
    `<category>${c.capCategories.get(r.category ?? "") ?? "Other"}</category>`,
    `<event>${xml(r.topics?.[0]?.name ?? rebuttalKindLabels[r.kind] ?? r.kind)}</event>`,
    `<urgency>${retracted ? "Past" : urgency ? capUrgency[urgency] : "Future"}</urgency>`,
    `<severity>${urgency ? capSeverity[urgency] : "Unknown"}</severity>`,
    `<certainty>${(r.verdict && verdictCapCertainty[r.verdict]) || "Likely"}</certainty>`,
    `<senderName>${xml([c.senderName, ...r.coSigners.map((s) => s.name)].join("、"))}</senderName>`,
    `<headline>${xml(headline(r))}</headline>`,
    `<description>${xml(e.type === "rebuttal.retracted" && e.data.reason ? `已撤回：${e.data.reason}` : `${answerLine(r)}\n${r.summary}`)}</description>`,
    `<web>${xml(r.url)}</web>`,
    "<area>",
    `<areaDesc>${xml(areas.join("、"))}</areaDesc>`,
    ...r.regions.map(
      (code) => `<geocode><valueName>GB/T 2260</valueName><value>${xml(code)}</value></geocode>`,
    ),
    "</area>",
    "</info>",
    "</alert>",
  ];
  return lines.filter(Boolean).join("\n");
}
