import type { Sql } from "../db/client.ts";
import { AppError, type FieldError } from "../http/errors.ts";
import { findOrganisation, unknownCategories, unknownRegions } from "./db/access.ts";

/** Checks references against the database; throws one validation_failed naming every bad field. */
export async function checkReferences(
  sql: Sql,
  refs: { regionCode?: string; expertise?: string[]; organisationId?: string },
): Promise<void> {
  const errors: FieldError[] = [];
  if (refs.regionCode && (await unknownRegions(sql, [refs.regionCode])).length) {
    errors.push({ path: "regionCode", message: `未知的行政区划代码：${refs.regionCode}` });
  }
  if (refs.expertise?.length) {
    const unknown = await unknownCategories(sql, refs.expertise);
    for (const slug of unknown) {
      errors.push({
        path: `expertise.${refs.expertise.indexOf(slug)}`,
        message: `未知的专业领域：${slug}`,
      });
    }
  }
  if (refs.organisationId && !(await findOrganisation(sql, refs.organisationId))) {
    errors.push({ path: "organisationId", message: "单位不存在" });
  }
  if (errors.length) throw new AppError("validation_failed", "请检查标出的字段", { errors });
}

/** Postgres unique violations become 409 conflict (a concurrent insert lost the race). */
export function conflictOnUnique(detail: string) {
  return (err: unknown): never => {
    if ((err as { code?: string }).code === "23505") throw new AppError("conflict", detail);
    throw err;
  };
}
