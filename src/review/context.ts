import type { Actor, RequestMeta } from "../auth/actor.ts";
import type { Deps } from "../deps.ts";

/** What every review service verb receives besides its input. */
export interface ServiceCtx {
  deps: Deps;
  actor: Actor;
  meta?: Partial<RequestMeta>;
}
