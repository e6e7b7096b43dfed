import { assertCategoryExists, assertRegionExists, fieldError } from "../cases/reference-checks.ts";
import type { Sql } from "../db/client.ts";
import { AppError } from "../http/errors.ts";
import { missingIds } from "./db/topic-links.ts";
import { findTopic } from "./db/topics.ts";

/** 400 naming the first unknown region, category, case or rebuttal among the given ones. */
export async function assertReferencesExist(
  sql: Sql,
  r: { regions?: string[]; categories?: string[]; caseIds?: string[]; rebuttalIds?: string[] },
  paths = { caseIds: "caseIds", rebuttalIds: "rebuttalIds" },
) {
  for (const [i, code] of (r.regions ?? []).entries()) {
    await assertRegionExists(sql, code, `regions.${i}`);
  }
  for (const [i, slug] of (r.categories ?? []).entries()) {
    await assertCategoryExists(sql, slug, `categories.${i}`);
  }
  const [noCase] = await missingIds(sql, "cases", r.caseIds ?? []);
  if (noCase) throw fieldError(paths.caseIds, `没有这个事件：${noCase}`);
  const [noRebuttal] = await missingIds(sql, "rebuttals", r.rebuttalIds ?? []);
  if (noRebuttal) throw fieldError(paths.rebuttalIds, `没有这条辟谣：${noRebuttal}`);
}

/** 400 unless the period ends after it starts. */
export function assertPeriod(startsAt: Date, endsAt: Date | null) {
  if (endsAt && endsAt <= startsAt) throw fieldError("endsAt", "结束时间须晚于开始时间");
}

/** The topic, locked; 404 if missing, 409 if it is closed already. */
export async function lockOpenTopic(tx: Sql, id: string) {
  const t = await findTopic(tx, id, { lock: true });
  if (!t) throw new AppError("not_found", "未找到这个专题");
  if (t.status !== "open") {
    throw new AppError("invalid_state", "专题已结束", { currentState: t.status });
  }
  return t;
}
