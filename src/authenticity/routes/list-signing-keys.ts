import { createRoute, type z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { publishedKeys } from "../signing-keys.ts";
import { problems, SigningKeys } from "./schemas.ts";

export const listSigningKeysRoute = createRoute({
  operationId: "listSigningKeys",
  method: "get",
  path: "/.well-known/chorus-keys.json",
  tags: ["authenticity"],
  summary: "The public keys Chorus signs its messages with, current and retired",
  description:
    "Ed25519 public keys (raw base64url and JWK). A retired key signs nothing new, and stays " +
    "listed so that the messages it signed still verify.",
  ...access({ public: true }),
  responses: {
    200: { description: "The keys", content: { "application/json": { schema: SigningKeys } } },
    ...problems(429),
  },
});

/** `listSigningKeys`: the published verification keys. */
export function registerListSigningKeys(app: App): void {
  app.openapi(listSigningKeysRoute, async (c) => {
    const keys = await publishedKeys(c.get("deps"));
    c.header("cache-control", "public, max-age=300");
    c.header("access-control-allow-origin", "*");
    return c.json(keys as z.infer<typeof SigningKeys>, 200);
  });
}
