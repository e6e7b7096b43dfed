import type { Deps } from "../deps.ts";
import { AppError } from "../http/errors.ts";
import { type TopicRebuttalRow, topicRebuttals } from "./db/topic-content.ts";
import {
  activeTopicRows,
  findTopic,
  listTopicRows,
  regionNames,
  type TopicRow,
} from "./db/topics.ts";
import { isActive } from "./present.ts";

export type { TopicRebuttalRow, TopicRow };

export interface PublicTopic {
  topic: TopicRow;
  active: boolean;
  regionNames: string[];
  /** Live guidance (防护指引), pinned above the rest. */
  pinned: TopicRebuttalRow[];
  /** Everything else, newest first (retracted ones stay, marked). */
  latest: TopicRebuttalRow[];
}

const PAGE_SIZE = 100;

/**
 * A topic as the public sees it; drills are never public (404).
 * @example const page = await publicTopic(deps, "typhoon-20260801-k3f9");
 */
export async function publicTopic(deps: Deps, slug: string): Promise<PublicTopic> {
  const topic = /^[a-z0-9][a-z0-9-]{0,63}$/.test(slug)
    ? await findTopic(deps.sql, slug)
    : undefined;
  if (!topic || topic.drill) throw new AppError("not_found", "没有这个专题");
  const [rows, names] = await Promise.all([
    topicRebuttals(deps.sql, topic.id, PAGE_SIZE),
    regionNames(deps.sql, topic.regions),
  ]);
  const pinnedIds = new Set(
    rows.filter((r) => r.kind === "guidance" && r.status === "live").map((r) => r.id),
  );
  return {
    topic,
    active: isActive(topic, deps.now()),
    regionNames: names,
    pinned: rows.filter((r) => pinnedIds.has(r.id)),
    latest: rows.filter((r) => !pinnedIds.has(r.id)),
  };
}

/** Public topics, newest first, with whether each is active now. */
export async function publicTopicList(deps: Deps) {
  const now = deps.now();
  const rows = await listTopicRows(deps.sql, { publicOnly: true, limit: 100 });
  return rows.map((t) => ({ topic: t, active: isActive(t, now) }));
}

/** The topics the public home announces right now. */
export const activeTopics = (deps: Deps) => activeTopicRows(deps.sql, deps.now());
