import type { Context } from "hono";
import type { App, AppEnv } from "../../http/env.ts";
import { AppError } from "../../http/errors.ts";
import { VerifyPage, VerifyResultPage } from "../../pages/public/verify-page.tsx";
import { formatCode, parseCode } from "../code.ts";
import { signatureByCode } from "../db/signatures.ts";
import { qrSvg } from "../qr.ts";
import { verifyUrl } from "../signed-messages.ts";
import { verifyMessage } from "../verify-message.ts";
import { verifyLimit } from "./verify-message.ts";

const html = { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" };

async function byCode(c: Context<AppEnv>, raw: string) {
  const deps = c.get("deps");
  const result = await verifyMessage({ deps }, { code: raw.slice(0, 64) });
  const parsed = parseCode(raw);
  const code = parsed ? formatCode(parsed) : raw.slice(0, 64);
  return c.html(VerifyResultPage({ result, code, c }), 200, html);
}

/**
 * The public pages of 核验信息真伪: the form (`/verify`), a pasted notice (`POST /verify`), a
 * code's result (`/verify/{code}`, where QR codes point) and a code's QR image. An unknown or
 * mistyped code is a verdict page, never an error page.
 */
export function registerVerifyPages(app: App): void {
  app.get("/verify", (c) => {
    return c.html(VerifyPage({ form: { c } }), 200, html);
  });
  app.post("/verify", verifyLimit, async (c) => {
    const deps = c.get("deps");
    const form = await c.req.parseBody();
    const text = typeof form.text === "string" ? form.text.trim() : "";
    const code = typeof form.code === "string" ? form.code.trim() : "";
    if (code) return c.redirect(`/verify/${encodeURIComponent(parseCode(code) ?? code)}`, 303);
    if (!text || text.length > 20_000) {
      const error = text ? "信息不能超过 20000 字" : "请粘贴要核验的信息，或输入核验码";
      return c.html(VerifyPage({ form: { text, error, c } }), 400, html);
    }
    const result = await verifyMessage({ deps }, { text });
    return c.html(VerifyResultPage({ result, text, c }), 200, html);
  });
  app.get("/verify/:code", verifyLimit, (c) => byCode(c, c.req.param("code")));
  app.get("/verify/:code/qr.svg", async (c) => {
    const deps = c.get("deps");
    const code = parseCode(c.req.param("code"));
    const row = code ? await signatureByCode(deps.sql, code) : undefined;
    if (!row) throw new AppError("not_found", "没有这个核验码");
    const svg = await qrSvg(verifyUrl(deps.config.publicUrl, row.code));
    return c.body(svg, 200, {
      "content-type": "image/svg+xml",
      "cache-control": "public, max-age=86400",
    });
  });
}
