import type { App } from "../../http/env.ts";
import { registerViewCounting } from "../count-view.ts";
import { registerGetCaseEffect } from "./get-case-effect.ts";

/** The effect area: counting public views (before the public pages) and its operation. */
export function registerEffectRoutes(app: App): void {
  registerViewCounting(app);
  registerGetCaseEffect(app);
}
