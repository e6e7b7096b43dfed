import type { App } from "../../http/env.ts";
import { AppError } from "../../http/errors.ts";
import { escapeHtml } from "../../http/html.ts";
import { rateLimit } from "../../http/rate-limit.ts";
import { requestMeta } from "../../http/request-meta.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { VOTE_LIMIT } from "../../library/routes/vote-helpful.ts";
import { voteHelpful } from "../../library/vote-helpful.ts";
import { layout } from "./layout.ts";

/** "这条解答有帮助吗？" as two plain forms: works without script. */
export function helpfulWidget(rebuttalId: string): string {
  const action = `/r/${escapeHtml(rebuttalId)}/helpful`;
  const button = (value: string, label: string) =>
    `<form method="post" action="${action}" style="display:inline"><input type="hidden" name="helpful" value="${value}"><button>${label}</button></form>`;
  return `<section class="helpful" style="margin:16px 0"><p>这条解答有帮助吗？ ${button("yes", "有帮助")} ${button("no", "没帮助")}</p></section>`;
}

/** The form target of the widget: the same service and limits as `voteHelpful`. */
export function registerHelpfulForm(app: App): void {
  app.post(
    "/r/:id/helpful",
    rateLimit({ name: "voteHelpful", ...VOTE_LIMIT, key: (c) => requestMeta(c).ip }),
    async (c) => {
      const id = c.req.param("id");
      if (!/^[0-9a-f-]{36}$/.test(id)) throw new AppError("not_found");
      const form = await c.req.parseBody();
      let note = "谢谢你的评价！";
      try {
        await voteHelpful(serviceCtx(c), { id, helpful: form.helpful === "yes" });
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== "conflict") throw err;
        note = err.message;
      }
      const publicUrl = c.get("deps").config.publicUrl;
      return c.html(
        layout({
          title: "谢谢",
          publicUrl,
          body: `<p role="status">${escapeHtml(note)}</p><p><a href="/">返回辟谣库</a></p>`,
        }),
        201,
      );
    },
  );
}
