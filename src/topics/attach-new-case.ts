import type { Sql } from "../db/client.ts";
import { attachCases, matchingOpenTopic } from "./db/topic-links.ts";

/**
 * Puts a newly opened case into the open topic that covers its region (a county is covered by
 * its prefecture's and the province's topics) and category, if there is one. Runs inside the
 * transaction that opens the case.
 * @example await attachNewCase(tx, { id, regionCode: "460106", category: null, drill: false, createdAt })
 */
export async function attachNewCase(
  tx: Sql,
  c: {
    id: string;
    regionCode: string | null;
    category: string | null;
    drill: boolean;
    createdAt: Date;
  },
): Promise<string | undefined> {
  if (!c.regionCode) return undefined;
  const topicId = await matchingOpenTopic(tx, { ...c, regionCode: c.regionCode, at: c.createdAt });
  if (topicId) await attachCases(tx, topicId, [c.id], null);
  return topicId;
}
