import { AppError } from "../http/errors.ts";

/**
 * The outcome of a policy question. `hide` answers 404 instead of 403, so that callers who may
 * not see an object cannot learn that it exists.
 */
export type Decision = { allowed: true } | { allowed: false; reason: string; hide?: boolean };

export const allow: Decision = { allowed: true };
export const deny = (reason: string, opts: { hide?: boolean } = {}): Decision => ({
  allowed: false,
  reason,
  hide: opts.hide,
});

/**
 * Throws the right problem for a refusal: 404 for hidden objects, 403 otherwise.
 * Policies themselves live in src/<area>/policy.ts, one module per area, and are pure
 * functions of (actor, object) so that they are tested without HTTP.
 * @example assertAllowed(canEditCase(actor, theCase));
 */
export function assertAllowed(decision: Decision): void {
  if (decision.allowed) return;
  if (decision.hide) throw new AppError("not_found", "未找到");
  throw new AppError("forbidden", decision.reason);
}
