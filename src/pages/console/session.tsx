import { login } from "../../access/login.ts";
import { LoginBody as loginInput } from "../../access/routes/login.ts";
import { logout } from "../../access/session.ts";
import { csrfToken, sameOriginOnly } from "../../auth/csrf.ts";
import { clearSessionCookies, setSessionCookies } from "../../auth/session-cookie.ts";
import type { App } from "../../http/env.ts";
import { AppError, fieldErrors } from "../../http/errors.ts";
import { rateLimit } from "../../http/rate-limit.ts";
import { requestMeta } from "../../http/request-meta.ts";
import { serviceCtx, staffCtx } from "../../http/service-ctx.ts";
import { requireConsoleUser, safeNext } from "./guard.ts";
import { FieldError, Layout } from "./layout.tsx";

function SignIn(props: {
  next: string;
  email?: string;
  expired?: boolean;
  error?: string;
  errors?: { path: string; message: string }[];
}) {
  return (
    <Layout title="登录">
      <h1>登录</h1>
      {props.expired && (
        <p class="notice" role="status">
          登录已过期，请重新登录。你正在编辑的内容已保存在本浏览器中，登录后会回到原页面。
        </p>
      )}
      {props.error && (
        <p class="alert" role="alert">
          {props.error}
        </p>
      )}
      <form method="post" action="/console/sign-in" class="card" style="max-width:28rem">
        <input type="hidden" name="next" value={props.next} />
        <label for="email">邮箱</label>
        <input
          id="email"
          name="email"
          type="email"
          autocomplete="username"
          required
          value={props.email ?? ""}
        />
        <FieldError errors={props.errors} path="email" />
        <label for="password">密码</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
        />
        <FieldError errors={props.errors} path="password" />
        <p>
          <button type="submit">登录</button>
        </p>
      </form>
    </Layout>
  );
}

/** Sign-in and sign-out for the console, on the same services as the API. */
export function registerSessionPages(app: App): void {
  app.get("/console/sign-in", (c) =>
    c.html(
      <SignIn next={safeNext(c.req.query("next"))} expired={c.req.query("expired") === "1"} />,
    ),
  );

  app.post(
    "/console/sign-in",
    sameOriginOnly,
    rateLimit({
      name: "consoleSignIn",
      limit: 60,
      windowMs: 60_000,
      key: (c) => requestMeta(c).ip,
    }),
    async (c) => {
      const form = await c.req.parseBody();
      const next = safeNext(String(form.next ?? ""));
      const parsed = loginInput.safeParse({ email: form.email, password: form.password });
      if (!parsed.success) {
        return c.html(
          <SignIn
            next={next}
            email={String(form.email ?? "")}
            errors={fieldErrors(parsed.error)}
          />,
          400,
        );
      }
      try {
        const session = await login(serviceCtx(c), parsed.data);
        setSessionCookies(c, session.token, session.expiresAt);
        return c.redirect(next, 303);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        const status = err.status === 429 ? 429 : 401;
        if (err.headers["retry-after"]) c.header("retry-after", err.headers["retry-after"]);
        return c.html(<SignIn next={next} email={parsed.data.email} error={err.detail} />, status);
      }
    },
  );

  app.post("/console/sign-out", requireConsoleUser, async (c) => {
    await logout(staffCtx(c));
    clearSessionCookies(c);
    return c.redirect("/console/sign-in", 303);
  });

  app.get("/console/csrf", requireConsoleUser, (c) => c.json({ token: csrfToken(c) ?? "" }));
}
