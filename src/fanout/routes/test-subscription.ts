import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import type { App } from "../../http/env.ts";
import { rateLimit } from "../../http/rate-limit.ts";
import { requestMeta } from "../../http/request-meta.ts";
import { testSubscription } from "../test-subscription.ts";
import { IdParam, json, problems, subscriptionAccess } from "./schemas.ts";

const TestSendResult = z
  .object({
    ok: z.boolean(),
    response: z.string().nullable().openapi({ description: "HTTP status or SMTP reply" }),
    error: z.string().nullable(),
    durationMs: z.number().int(),
  })
  .openapi("TestSendResult");

/** Test-sends an organisation may make per 10 minutes. */
export const TEST_SENDS_PER_WINDOW = 10;

export const testSubscriptionRoute = createRoute({
  operationId: "testSubscription",
  method: "post",
  path: "/api/v1/subscriptions/{id}/test",
  tags: ["fanout"],
  summary: "Send a signed test message now and report what the receiver answered",
  description:
    "Envelope type `subscription.test`, `seq: null`, signed like every delivery. Not an event: " +
    "it is not retried and not in the delivery log (the audit trail keeps it).",
  ...access(
    subscriptionAccess,
    // A test-send goes to whatever address the subscription names: keep it from becoming a
    // mail cannon (issue 14).
    rateLimit({
      name: "testSubscription",
      limit: TEST_SENDS_PER_WINDOW,
      windowMs: 10 * 60_000,
      key: (c) => {
        const actor = c.get("actor");
        return actor.kind === "public" ? requestMeta(c).ip : actor.organisationId;
      },
    }),
  ),
  request: { params: IdParam },
  responses: {
    200: json(TestSendResult, "What the receiver answered"),
    ...problems(401, 403, 404),
  },
});

/** `testSubscription`. */
export function registerTestSubscription(app: App): void {
  app.openapi(testSubscriptionRoute, async (c) =>
    c.json(
      await testSubscription(
        c.get("deps"),
        c.get("actor"),
        c.req.valid("param").id,
        requestMeta(c),
      ),
      200,
    ),
  );
}
