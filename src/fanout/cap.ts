import type { PublicEventEnvelope } from "../events/envelope.ts";
import type { RebuttalSnapshot } from "../events/rebuttal-data.ts";
import type { EventRow } from "./envelope.ts";

/** CAP 1.2 categories for Chorus category slugs (unknown slugs → Other). */
const capCategory: Record<string, string> = {
  "infectious-disease": "Health",
  vaccines: "Health",
  "food-safety": "Health",
  "mental-health": "Health",
  "health-myths": "Health",
  environment: "Env",
  weather: "Met",
  earthquake: "Geo",
  "disaster-safety": "Safety",
};
const capUrgency = ["Immediate", "Immediate", "Expected", "Expected", "Future"];
const capSeverity = ["Unknown", "Extreme", "Severe", "Moderate", "Minor"];
const capCertainty: Record<string, string> = {
  false: "Observed",
  true: "Observed",
  misleading: "Likely",
  unproven: "Possible",
};
const msgTypes: Record<string, string> = {
  "rebuttal.published": "Alert",
  "rebuttal.updated": "Update",
  "rebuttal.retracted": "Cancel",
};
const kindLabels = { rebuttal: "辟谣", explainer: "热点科普", guidance: "防护指引" };

/** Alert-grade: protective guidance, or any message of urgency 1–2 (特别重大/重大). */
export function isAlertGrade(r: RebuttalSnapshot): boolean {
  return r.kind === "guidance" || (r.urgency !== null && r.urgency <= 2);
}

const xml = (s: string) =>
  s.replace(
    /[<>&'"]/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c]!,
  );

/** CAP dateTime: no "Z" allowed; China Standard Time (+08:00), to the second. */
export function capTime(d: Date): string {
  const local = new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19);
  return `${local}+08:00`;
}

export interface CapContext {
  sender: string;
  senderName: string;
  regionNames: Map<string, string>;
  /** Earlier alerts of the same rebuttal, oldest first (for Update/Cancel `references`). */
  earlier: EventRow[];
}

export const capIdentifier = (eventId: string) => `urn:chorus:event:${eventId}`;

/**
 * One CAP 1.2 `<alert>` for a public event (`drill`: the event row's drill flag).
 * @example capAlert(envelope, drill, { sender, senderName, regionNames, earlier })
 */
export function capAlert(e: PublicEventEnvelope, drill: boolean, c: CapContext): string {
  const r = e.data.rebuttal;
  const refs = c.earlier.map((p) => `${c.sender},${capIdentifier(p.id)},${capTime(p.occurredAt)}`);
  const areas = r.regions.map((code) => c.regionNames.get(code) ?? code);
  const retracted = e.type === "rebuttal.retracted";
  const lines = [
    `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">`,
    `<identifier>${xml(capIdentifier(e.id))}</identifier>`,
    `<sender>${xml(c.sender)}</sender>`,
    `<sent>${capTime(new Date(e.occurredAt))}</sent>`,
    `<status>${drill || r.drill ? "Exercise" : "Actual"}</status>`,
    `<msgType>${msgTypes[e.type] ?? "Alert"}</msgType>`,
    "<scope>Public</scope>",
    refs.length && e.type !== "rebuttal.published"
      ? `<references>${xml(refs.join(" "))}</references>`
      : "",
    "<info>",
    "<language>zh-CN</language>",
    `<category>${capCategory[r.category ?? ""] ?? "Other"}</category>`,
    `<event>${xml(kindLabels[r.kind] ?? r.kind)}</event>`,
    `<urgency>${retracted ? "Past" : (capUrgency[r.urgency ?? 4] ?? "Unknown")}</urgency>`,
    `<severity>${capSeverity[r.urgency ?? 0] ?? "Unknown"}</severity>`,
    `<certainty>${(r.verdict && capCertainty[r.verdict]) || "Likely"}</certainty>`,
    `<senderName>${xml([c.senderName, ...r.coSigners.map((s) => s.name)].join("、"))}</senderName>`,
    `<headline>${xml(r.title)}</headline>`,
    `<description>${xml(e.type === "rebuttal.retracted" && e.data.reason ? `已撤回：${e.data.reason}` : r.summary)}</description>`,
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
