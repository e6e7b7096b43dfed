import type { Sql } from "../db/client.ts";
import { AppError } from "../http/errors.ts";
import { categoryExists, regionExists } from "./db/cases.ts";

/** A 400 `validation_failed` naming one field. */
export const fieldError = (path: string, message: string) =>
  new AppError("validation_failed", "请检查标出的字段", { errors: [{ path, message }] });

/** A 400 field error unless the region code is one Chorus knows. */
export async function assertRegionExists(sql: Sql, code: string, path: string): Promise<void> {
  if (!(await regionExists(sql, code))) throw fieldError(path, "未知的地区代码");
}

/** A 400 field error unless the category slug is in the taxonomy. */
export async function assertCategoryExists(sql: Sql, slug: string, path: string): Promise<void> {
  if (!(await categoryExists(sql, slug))) throw fieldError(path, "未知的分类");
}
