import type { App } from "../../http/env.ts";
import { registerListSigningKeys } from "./list-signing-keys.ts";
import { registerVerifyMessage } from "./verify-message.ts";
import { registerVerifyPages } from "./verify-pages.ts";

/** The authenticity area's operations and the 核验 pages. */
export function registerAuthenticityRoutes(app: App): void {
  registerVerifyMessage(app);
  registerListSigningKeys(app);
  registerVerifyPages(app);
}
