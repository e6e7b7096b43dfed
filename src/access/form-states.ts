import type { ServiceCtx } from "../context.ts";
import { AppError } from "../http/errors.ts";
import { insertFormState, takeFormStateRow } from "./db/form-states.ts";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Keeps what a refused form submission should show for the page the browser is redirected to.
 * @example const id = await keepFormState(ctx, { message, errors, values });
 */
export async function keepFormState(ctx: ServiceCtx, state: unknown): Promise<string> {
  if (ctx.actor.kind !== "user") throw new AppError("unauthenticated", "请先登录");
  return insertFormState(ctx.deps.sql, ctx.actor.userId, state);
}

/** The kept form state of this id, once; nothing for another person's id or a second read. */
export async function takeFormState(ctx: ServiceCtx, id: string): Promise<unknown> {
  if (ctx.actor.kind !== "user" || !uuid.test(id)) return undefined;
  return takeFormStateRow(ctx.deps.sql, id, ctx.actor.userId);
}
