import type { UserActor } from "../../auth/actor.ts";
import { hasRole } from "../../auth/actor.ts";
import { listCases } from "../../cases/list-cases.ts";
import type { ServiceCtx } from "../../context.ts";
import { listDeliveries } from "../../fanout/delivery-log.ts";
import { listReviewInbox } from "../../review/list-review-inbox.ts";
import { channelLabel } from "../../vocabulary/channels.ts";
import { deliveryStatusLabel } from "../../vocabulary/delivery-statuses.ts";
import { eventTypeLabel } from "../../vocabulary/event-types.ts";

/** One thing waiting for the signed-in person, with where to do it. */
export interface Task {
  key: string;
  what: string;
  title: string;
  href: string;
  dueAt: string | null;
  late?: boolean;
}

async function reviewTasks(ctx: ServiceCtx): Promise<Task[]> {
  const { items } = await listReviewInbox(ctx);
  return items.map((i) => ({
    key: `review-${i.roundId}-${i.step.index}`,
    what: i.step.name,
    title: `#${i.caseNumber} ${i.title}（第 ${i.revisionNumber} 版）`,
    href: `/console/revisions/${i.revisionId}`,
    dueAt: i.step.deadlineAt,
  }));
}

async function draftingTasks(ctx: ServiceCtx): Promise<Task[]> {
  const { items } = await listCases(ctx, { assignee: "me", limit: 100, offset: 0 });
  return items
    .filter((c) => c.status === "triaged" || c.status === "drafting")
    .map((c) => ({
      key: `draft-${c.id}`,
      what: c.status === "triaged" ? "撰写稿件" : "继续撰写或按审核意见修改",
      title: `#${c.number} ${c.title}`,
      href: `/console/cases/${c.id}/draft`,
      dueAt: c.dueAt,
    }));
}

async function coordinatorTasks(ctx: ServiceCtx, now: Date): Promise<Task[]> {
  const { items } = await listCases(ctx, { status: "open", limit: 200, offset: 0 });
  return items.flatMap((c) => {
    const late = c.dueAt !== null && Date.parse(c.dueAt) < now.getTime();
    const what =
      c.status === "new"
        ? "待研判分派"
        : c.escalatedAt
          ? "已升级，需要跟进"
          : late
            ? "已超时，需要跟进"
            : null;
    if (!what) return [];
    return [
      {
        key: `case-${c.id}`,
        what,
        title: `#${c.number} ${c.title}`,
        href: `/console/cases/${c.id}`,
        dueAt: c.dueAt,
        late,
      },
    ];
  });
}

async function deliveryTasks(ctx: ServiceCtx): Promise<Task[]> {
  const lists = await Promise.all(
    ["failed", "dead"].map((status) => listDeliveries(ctx, { status, limit: 20, offset: 0 })),
  );
  return lists
    .flatMap((l) => l.items)
    .map((d) => ({
      key: `delivery-${d.id}`,
      what: `投递${deliveryStatusLabel(d.status)}`,
      title: `#${d.seq ?? "—"} ${eventTypeLabel(d.eventType)} · ${channelLabel(d.channel)}`,
      href: `/console/media/subscriptions/${d.subscriptionId}`,
      dueAt: null,
    }));
}

/**
 * Everything waiting for this person now, oldest deadline first (undated last): reviews they
 * may decide, drafts to write or revise, cases to triage or chase, deliveries that failed.
 */
export async function tasksFor(ctx: ServiceCtx, user: UserActor, now: Date): Promise<Task[]> {
  const parts: Promise<Task[]>[] = [];
  if (hasRole(user, "expert", "reviewer")) parts.push(reviewTasks(ctx));
  if (hasRole(user, "expert")) parts.push(draftingTasks(ctx));
  if (hasRole(user, "coordinator")) parts.push(coordinatorTasks(ctx, now));
  if (hasRole(user, "media", "admin")) parts.push(deliveryTasks(ctx));
  const tasks = (await Promise.all(parts)).flat();
  const at = (t: Task) => (t.dueAt ? Date.parse(t.dueAt) : Number.POSITIVE_INFINITY);
  return tasks
    .map((t) => ({ ...t, late: t.late ?? (t.dueAt !== null && at(t) < now.getTime()) }))
    .sort((a, b) => at(a) - at(b));
}
