import type { App } from "../http/env.ts";
import { errorCodes } from "../http/errors.ts";
import { renderReference } from "./reference-page.ts";

const info = {
  title: "Chorus 应急科普快速响应平台 API",
  version: "1.0.0",
  description:
    "Rumour intake, multi-party review and real-time fan-out of rebuttals. Errors are " +
    "`application/problem+json` (RFC 9457) with a stable `code`.",
};

/** The OpenAPI 3.1 document, its readable reference page, and a page per problem type. */
export function registerOpenApi(app: App): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "A session token from `login`, or an API token from `createApiToken`.",
  });
  const document = () => app.getOpenAPI31Document({ openapi: "3.1.0", info });
  app.get("/api/openapi.json", (c) => c.json(document()));
  app.get("/api/docs", (c) =>
    c.html(renderReference(document() as unknown as Record<string, unknown>)),
  );
  app.get("/problems/:code", (c) => {
    const code = c.req.param("code") as keyof typeof errorCodes;
    const entry = errorCodes[code];
    if (!entry) return c.notFound();
    return c.html(
      `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>${code}</title>` +
        `<h1>${entry.title}</h1><p><code>${code}</code> — HTTP ${entry.status}</p>` +
        `<p><a href="/api/docs">API 参考</a></p></html>`,
    );
  });
}
