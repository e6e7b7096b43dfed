import type { App } from "../../http/env.ts";
import { registerCreateApiToken } from "./create-api-token.ts";
import { registerGetSession } from "./get-session.ts";
import { registerListApiTokens } from "./list-api-tokens.ts";
import { registerLogin } from "./login.ts";
import { registerLogout } from "./logout.ts";
import { registerRevokeApiToken } from "./revoke-api-token.ts";

/** The access area's operations, one file per operation beside this one. */
export function registerAccessRoutes(app: App): void {
  registerLogin(app);
  registerLogout(app);
  registerGetSession(app);
  registerCreateApiToken(app);
  registerListApiTokens(app);
  registerRevokeApiToken(app);
}
