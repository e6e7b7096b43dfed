import { createRoute, z } from "@hono/zod-openapi";
import { access } from "../../auth/access.ts";
import { CSRF_FIELD, csrfToken } from "../../auth/csrf.ts";
import type { App } from "../../http/env.ts";
import { escapeHtml } from "../../http/html.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { checkUnsubscribeLink, unsubscribe } from "../unsubscribe.ts";
import { IdParam } from "./schemas.ts";

const Query = z.object({ sig: z.string().min(10).max(200) });
const html = { "text/html": { schema: z.string() } };

const page = (title: string, body: string) =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;

export const unsubscribePageRoute = createRoute({
  operationId: "unsubscribePage",
  method: "get",
  path: "/unsubscribe/{id}",
  tags: ["fanout"],
  summary: "Confirmation page of an email unsubscribe link",
  ...access({ public: true }),
  request: { params: IdParam, query: Query },
  responses: { 200: { description: "Page", content: html }, 404: { description: "Bad link" } },
});

export const unsubscribeRoute = createRoute({
  operationId: "unsubscribe",
  method: "post",
  path: "/unsubscribe/{id}",
  tags: ["fanout"],
  summary: "One-click unsubscribe (RFC 8058 List-Unsubscribe-Post)",
  description: "Mail clients POST `List-Unsubscribe=One-Click`; the signed link authorises it.",
  ...access({ public: true }),
  request: { params: IdParam, query: Query },
  responses: {
    200: { description: "Unsubscribed", content: html },
    404: { description: "Bad link" },
  },
});

/** `unsubscribePage` and `unsubscribe`. */
export function registerUnsubscribe(app: App): void {
  app.openapi(unsubscribePageRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { sig } = c.req.valid("query");
    const sub = await checkUnsubscribeLink(serviceCtx(c), { id, sig });
    const action = `/unsubscribe/${id}?sig=${encodeURIComponent(sig)}`;
    // A signed-in staff browser is held to the CSRF check; mail clients send no cookie.
    const token = csrfToken(c);
    const csrf = token
      ? `<input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(token)}">`
      : "";
    return c.html(
      page(
        "退订 Chorus 消息",
        `<p>确认不再向 ${escapeHtml(sub.target)} 发送 Chorus 发布消息？</p><form method="post" action="${escapeHtml(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click">${csrf}<button type="submit">确认退订</button></form>`,
      ),
      200,
    );
  });
  app.openapi(unsubscribeRoute, async (c) => {
    const input = { id: c.req.valid("param").id, sig: c.req.valid("query").sig };
    const { target } = await unsubscribe(serviceCtx(c), input);
    return c.html(page("已退订", `<p>${escapeHtml(target)} 将不再收到 Chorus 发布消息。</p>`), 200);
  });
}
