import type { App } from "../../http/env.ts";
import { registerCreateApiToken } from "./create-api-token.ts";
import { registerCreateOrganisation } from "./create-organisation.ts";
import { registerCreateUser } from "./create-user.ts";
import { registerGetSession } from "./get-session.ts";
import { registerGetUser } from "./get-user.ts";
import { registerListApiTokens } from "./list-api-tokens.ts";
import { registerListAuditEntries } from "./list-audit-entries.ts";
import { registerListOrganisations } from "./list-organisations.ts";
import { registerListUsers } from "./list-users.ts";
import { registerLogin } from "./login.ts";
import { registerLogout } from "./logout.ts";
import { registerRevokeApiToken } from "./revoke-api-token.ts";
import { registerRevokeUserSessions } from "./revoke-user-sessions.ts";
import { registerUpdateOrganisation } from "./update-organisation.ts";
import { registerUpdateUser } from "./update-user.ts";
import { registerVerifyAuditChain } from "./verify-audit-chain.ts";

/** The access area's operations, one file per operation beside this one. */
export function registerAccessRoutes(app: App): void {
  for (const register of [
    registerLogin,
    registerLogout,
    registerGetSession,
    registerCreateApiToken,
    registerListApiTokens,
    registerRevokeApiToken,
    registerListOrganisations,
    registerCreateOrganisation,
    registerUpdateOrganisation,
    registerListUsers,
    registerGetUser,
    registerCreateUser,
    registerUpdateUser,
    registerRevokeUserSessions,
    registerListAuditEntries,
    registerVerifyAuditChain,
  ]) {
    register(app);
  }
}
