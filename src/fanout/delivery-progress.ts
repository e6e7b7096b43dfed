import type { ServiceCtx } from "../context.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../http/errors.ts";
import { type ChannelName, channels as channelNames } from "../vocabulary/channels.ts";
import { deliveryCounts } from "./db/fanout.ts";
import { publicEventExists } from "./db/fanout-log.ts";

export interface ChannelProgress {
  total: number;
  delivered: number;
  pending: number;
  failed: number;
}
export interface DeliveryProgress {
  eventId: string;
  channels: Record<ChannelName, ChannelProgress>;
  complete: boolean;
}

const empty = (): ChannelProgress => ({ total: 0, delivered: 0, pending: 0, failed: 0 });

/**
 * How many subscribers per channel have an event: delivered, still pending (incl. retrying),
 * failed (incl. dead-lettered). Also pushed to staff sockets, which have no request: `(deps, …)`.
 * @example const p = await getDeliveryProgress(deps, eventId);
 */
export async function getDeliveryProgress(deps: Deps, eventId: string): Promise<DeliveryProgress> {
  const channels = Object.fromEntries(channelNames.map((n) => [n, empty()])) as Record<
    ChannelName,
    ChannelProgress
  >;
  for (const row of await deliveryCounts(deps.sql, eventId)) {
    const c = (channels as Partial<Record<string, ChannelProgress>>)[row.channel];
    if (!c) continue;
    c.total += row.count;
    if (row.status === "delivered") c.delivered += row.count;
    else if (row.status === "pending" || row.status === "retrying") c.pending += row.count;
    else c.failed += row.count;
  }
  const complete = Object.values(channels).every((c) => c.pending === 0);
  return { eventId, channels, complete };
}

/** Progress of a public event (a publication), or 404. */
export async function getPublicationProgress(
  { deps }: ServiceCtx,
  { eventId }: { eventId: string },
) {
  if (!(await publicEventExists(deps.sql, eventId))) throw new AppError("not_found", "消息不存在");
  return getDeliveryProgress(deps, eventId);
}
