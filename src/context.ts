import type { Actor, RequestMeta, UserActor } from "./auth/actor.ts";
import type { Deps } from "./deps.ts";

/**
 * What every actor-facing service verb receives besides its input: `verb(ctx, input)`, the
 * input one object (ids inside it). Job-only internals called by tasks keep `(deps, payload)`.
 */
export interface ServiceCtx<A extends Actor = Actor> {
  deps: Deps;
  actor: A;
  meta: RequestMeta;
}

/** The context of a verb that only signed-in people reach (access() admitted them). */
export type StaffCtx = ServiceCtx<UserActor>;
