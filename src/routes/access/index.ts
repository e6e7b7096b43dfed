import type { App } from "../../http/env.ts";
import { registerGetSession } from "./get-session.ts";
import { registerLogin } from "./login.ts";
import { registerLogout } from "./logout.ts";

/** The access area's operations, one file per operation beside this one. */
export function registerAccessRoutes(app: App): void {
  registerLogin(app);
  registerLogout(app);
  registerGetSession(app);
}
