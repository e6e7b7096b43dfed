import type { Context } from "hono";
import type { App, AppEnv } from "../../http/env.ts";
import { AppError } from "../../http/errors.ts";
import { rateLimit } from "../../http/rate-limit.ts";
import { requestMeta } from "../../http/request-meta.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { getRebuttal } from "../../library/get-rebuttal.ts";
import { VOTE_LIMIT } from "../../library/routes/vote-helpful.ts";
import { voteHelpful } from "../../library/vote-helpful.ts";
import { Csrf, isUuid, readForm } from "../console/page-kit.tsx";

/** What the rebuttal page says after a vote (`?voted=…`), by outcome. */
export const voteNotices: Record<string, string> = {
  thanks: "谢谢你的评价！",
  again: "今天已经评价过这条解答，谢谢！",
};

/** "这条解答有帮助吗？" as two plain forms: works without script. */
export function HelpfulWidget(props: { rebuttalId: string; c?: Context<AppEnv> }) {
  const action = `/r/${props.rebuttalId}/helpful`;
  const Vote = (v: { value: "yes" | "no"; label: string }) => (
    <form method="post" action={action}>
      {props.c && <Csrf c={props.c} />}
      <input type="hidden" name="helpful" value={v.value} />
      <button type="submit">{v.label}</button>
    </form>
  );
  return (
    <section class="helpful" id="helpful">
      这条解答有帮助吗？ <Vote value="yes" label="有帮助" /> <Vote value="no" label="没帮助" />
    </section>
  );
}

/**
 * The form target of the widget: the same service and limits as `voteHelpful`, then back to the
 * rebuttal page (Post/Redirect/Get) with what happened.
 */
export function registerHelpfulForm(app: App): void {
  app.post(
    "/r/:id/helpful",
    rateLimit({ name: "voteHelpful", ...VOTE_LIMIT, key: (c) => requestMeta(c).ip }),
    async (c) => {
      const id = c.req.param("id");
      if (!isUuid(id)) throw new AppError("not_found");
      const form = await readForm(c);
      let voted = "thanks";
      try {
        await voteHelpful(serviceCtx(c), { id, helpful: form.one("helpful") === "yes" });
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== "conflict") throw err;
        voted = "again";
      }
      const { slug } = await getRebuttal(c.get("deps"), id);
      return c.redirect(`/r/${encodeURIComponent(slug)}?voted=${voted}#helpful`, 303);
    },
  );
}
