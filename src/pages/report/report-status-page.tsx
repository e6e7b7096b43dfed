import type { Context } from "hono";
import { getReportStatus } from "../../cases/report-status.ts";
import { REPORT_STATUS_LIMIT } from "../../cases/routes/get-report-status.ts";
import { unsubscribeReporter } from "../../cases/unsubscribe-reporter.ts";
import type { App, AppEnv } from "../../http/env.ts";
import { rateLimit } from "../../http/rate-limit.ts";
import { requestMeta } from "../../http/request-meta.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { getReportImageState } from "../../images/report-image-state.ts";
import { formatDay } from "../format.ts";
import { PublicLayout } from "../public/layout.tsx";
import { ImageState } from "./image-state.tsx";

async function unsubscribe(c: Context<AppEnv>) {
  await unsubscribeReporter(serviceCtx(c), {
    reportId: c.req.param("id") ?? "",
    sig: c.req.query("sig") ?? "",
  });
  return c.html(
    <PublicLayout title="已退订">
      <h1>已退订</h1>
      <p>你的邮箱地址已删除，今后不会再收到关于这条线索的邮件。</p>
    </PublicLayout>,
  );
}

/** `/report/{code}`: a report's state in plain Chinese; the one-click unsubscribe of its emails. */
export function registerReportStatusPages(app: App): void {
  // One-click: mail clients POST (RFC 8058), people click (GET); both forget the address.
  app.get("/report/unsubscribe/:id", unsubscribe);
  app.post("/report/unsubscribe/:id", unsubscribe);
  app.get(
    "/report/:code",
    rateLimit({ name: "getReportStatus", ...REPORT_STATUS_LIMIT, key: (c) => requestMeta(c).ip }),
    async (c) => {
      const code = c.req.param("code");
      const s = await getReportStatus(serviceCtx(c), { code });
      const image = await getReportImageState(serviceCtx(c), { code });
      return c.html(
        <PublicLayout title={`线索进度 ${s.trackingCode}`} current="report">
          <h1>线索进度</h1>
          <p>
            查询码 <code>{s.trackingCode}</code> · 提交于 {formatDay(s.receivedAt)}
          </p>
          <p class="hit" data-state={s.state}>
            <strong>{s.label}</strong>
            {s.reason && `：${s.reason}`}
          </p>
          {s.rebuttal && (
            <p>
              {s.rebuttal.retracted ? "解答（已撤回）：" : "解答："}
              <a href={s.rebuttal.url}>{s.rebuttal.title}</a>
            </p>
          )}
          {image && <ImageState image={image} />}
        </PublicLayout>,
      );
    },
  );
}
