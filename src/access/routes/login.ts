import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import { csrfTokenForSession } from "../../auth/csrf.ts";
import { setSessionCookies } from "../../auth/session-cookie.ts";
import type { App } from "../../http/env.ts";
import { rateLimit } from "../../http/rate-limit.ts";
import { requestMeta } from "../../http/request-meta.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { login } from "../login.ts";
import { json, problems, User } from "./schemas.ts";

export const LoginBody = z.object({
  email: z.string().trim().min(3, "请填写邮箱").max(320),
  password: z.string().min(1, "请填写密码").max(1024),
});

const Session = z
  .object({ token: z.string(), expiresAt: z.string(), csrfToken: z.string(), user: User })
  .openapi("LoginResult");

export const loginRoute = createRoute({
  operationId: "login",
  method: "post",
  path: "/api/v1/session",
  tags: ["access"],
  summary: "Sign in with email and password",
  description:
    "Returns a session token usable as `Authorization: Bearer`, and sets the httpOnly " +
    "`chorus_session` cookie plus the readable `chorus_csrf` cookie for browsers. Sessions end " +
    "after 12 idle hours or 7 days. Failed sign-ins are limited per account and per address (429).",
  ...access(
    { public: true },
    rateLimit({ name: "login", limit: 60, windowMs: 60_000, key: (c) => requestMeta(c).ip }),
  ),
  request: { body: { required: true, content: { "application/json": { schema: LoginBody } } } },
  responses: {
    200: json(Session, "Signed in"),
    ...problems(400, 401, 429),
  },
});

/** `login`: email + password → session token and cookies. */
export function registerLogin(app: App): void {
  app.openapi(loginRoute, async (c) => {
    const input = c.req.valid("json");
    const result = await login(serviceCtx(c), input);
    setSessionCookies(c, result.token, result.expiresAt);
    return c.json(
      {
        token: result.token,
        expiresAt: result.expiresAt.toISOString(),
        csrfToken: csrfTokenForSession(result.token),
        user: result.user,
      },
      200,
    );
  });
}
