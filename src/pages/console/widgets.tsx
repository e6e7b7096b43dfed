import { caseStateLabel } from "../../vocabulary/case-states.ts";
import { urgencyLabel } from "../../vocabulary/urgencies.ts";
import { verdictLabel } from "../../vocabulary/verdicts.ts";
import { formatDuration } from "../format.ts";

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
  return <span class="tag">{caseStateLabel(props.status)}</span>;
}

export function UrgencyTag(props: { urgency: number | null }) {
  if (!props.urgency) return <span class="muted">未定级</span>;
  return <span class="tag">{urgencyLabel(props.urgency)}</span>;
}

export function VerdictTag(props: { verdict: string | null }) {
  if (!props.verdict) return null;
  return <span class="tag">{verdictLabel(props.verdict)}</span>;
}

export function DrillTag(props: { drill: boolean }) {
  return props.drill ? <span class="drill">演练</span> : null;
}

interface SelectProps {
  id: string;
  selected?: string;
  /** The label of an empty first choice; none when absent. */
  empty?: string;
  required?: boolean;
}

/** A select named like its id, with an optional empty first choice. */
export function OptionSelect(props: SelectProps & { options: { value: string; label: string }[] }) {
  return (
    <select id={props.id} name={props.id} required={props.required}>
      {props.empty !== undefined && <option value="">{props.empty}</option>}
      {props.options.map((o) => (
        <option value={o.value} selected={props.selected === o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** Hainan's regions (GB/T 2260 codes) as a select. */
export function RegionSelect(props: SelectProps & { regions: { code: string; name: string }[] }) {
  return (
    <OptionSelect
      {...props}
      options={props.regions.map((r) => ({ value: r.code, label: r.name }))}
    />
  );
}

/** The taxonomy's categories as a select. */
export function CategorySelect(
  props: SelectProps & { categories: { slug: string; name: string }[] },
) {
  return (
    <OptionSelect
      {...props}
      options={props.categories.map((k) => ({ value: k.slug, label: k.name }))}
    />
  );
}

/**
 * A person as staff read them: the name, then the organisation unless the name already carries
 * it (demo and imported names often read "林研究员（热带农科院）").
 */
export function personLabel(name: string, organisationName?: string | null): string {
  if (!organisationName || /[（(]/.test(name)) return name;
  return `${name}（${organisationName}）`;
}

/**
 * What went wrong with a delivery, for a newsroom: nothing once it is delivered, and never a
 * server path (the email outbox answers "written /…/x.eml").
 */
export function deliveryProblem(d: {
  status: string;
  lastError: string | null;
  lastStatus: string | null;
}): string {
  if (d.status === "delivered" || d.status === "pending") return "—";
  const text = d.lastError ?? (d.lastStatus ? `接收端返回 ${d.lastStatus}` : "");
  return text.replace(/(^|\s)(\/[^\s]+)+/g, "$1（服务器文件）") || "—";
}
