import { caseStatusLabels, formatDuration, urgencyLabels, verdictLabels } from "../format.ts";

/** Time left to a deadline; the browser keeps it counting and turns it amber, then red. */
export function Countdown(props: { dueAt: string | null; totalMs?: number; now: Date }) {
  if (!props.dueAt) return <span class="muted">—</span>;
  const left = Date.parse(props.dueAt) - props.now.getTime();
  const tone = left < 0 ? "red" : props.totalMs && left < props.totalMs * 0.25 ? "amber" : "ok";
  return (
    <span
      class={`countdown ${tone}`}
      data-deadline={props.dueAt}
      data-total-ms={props.totalMs ? String(props.totalMs) : undefined}
    >
      {left < 0 ? formatDuration(left) : `剩余 ${formatDuration(left)}`}
    </span>
  );
}

export function StatusTag(props: { status: string }) {
  return <span class="tag">{caseStatusLabels[props.status] ?? props.status}</span>;
}

export function UrgencyTag(props: { urgency: number | null }) {
  if (!props.urgency) return <span class="muted">未定级</span>;
  return <span class="tag">{urgencyLabels[props.urgency]}</span>;
}

export function VerdictTag(props: { verdict: string | null }) {
  if (!props.verdict) return null;
  return <span class="tag">{verdictLabels[props.verdict] ?? props.verdict}</span>;
}

export function DrillTag(props: { drill: boolean }) {
  return props.drill ? <span class="drill">演练</span> : null;
}

/** Hainan's regions (GB/T 2260 codes) as a select, with an optional empty choice first. */
export function RegionSelect(props: {
  id: string;
  regions: { code: string; name: string }[];
  selected?: string;
  empty?: string;
  required?: boolean;
}) {
  return (
    <select id={props.id} name={props.id} required={props.required}>
      {props.empty !== undefined && <option value="">{props.empty}</option>}
      {props.regions.map((r) => (
        <option value={r.code} selected={props.selected === r.code}>
          {r.name}
        </option>
      ))}
    </select>
  );
}

/** The taxonomy's categories as a select, with an optional empty choice first. */
export function CategorySelect(props: {
  id: string;
  categories: { slug: string; name: string }[];
  selected?: string;
  empty?: string;
  required?: boolean;
}) {
  return (
    <select id={props.id} name={props.id} required={props.required}>
      {props.empty !== undefined && <option value="">{props.empty}</option>}
      {props.categories.map((k) => (
        <option value={k.slug} selected={props.selected === k.slug}>
          {k.name}
        </option>
      ))}
    </select>
  );
}
