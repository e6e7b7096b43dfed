import type { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { createReport, type ReportOutcome } from "../../cases/create-report.ts";
import { REPORT_LIMIT, ReportBody } from "../../cases/routes/create-report.ts";
import { listRegions } from "../../content/reference-lists.ts";
import type { App, AppEnv } from "../../http/env.ts";
import { fieldErrors } from "../../http/errors.ts";
import { escapeHtml } from "../../http/html.ts";
import { rateLimit } from "../../http/rate-limit.ts";
import { requestMeta } from "../../http/request-meta.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { getRebuttal, type PublicRebuttal } from "../../library/get-rebuttal.ts";
import { FieldError } from "../console/layout.tsx";
import { RegionSelect } from "../console/widgets.tsx";
import { claimHtml, layout } from "../public/layout.ts";

const platformLabels: Record<string, string> = {
  wechat: "微信",
  weibo: "微博",
  douyin: "抖音",
  short_video: "短视频",
  website: "网站",
  other: "其他",
};

const STYLE = `<style>.report label{display:block;margin:12px 0 4px;font-weight:600}
.report textarea{width:100%;min-height:8em;font:16px/1.5 system-ui,sans-serif;box-sizing:border-box;padding:8px}
.report input,.report select{font-size:16px;padding:8px;width:100%;box-sizing:border-box;max-width:28em}
.field-error{color:#a61b1b;margin:4px 0}.sent{background:#e8f5e9;border:1px solid #7cb88a;border-radius:6px;padding:10px 12px}</style>`;

type Values = Partial<Record<keyof z.input<typeof ReportBody>, string>>;

function ReportForm(props: {
  regions: { code: string; name: string }[];
  values?: Values;
  errors?: { path: string; message: string }[];
}) {
  const v = props.values ?? {};
  return (
    <form method="post" action="/report" class="report">
      <label for="text">你看到的消息（可以整段粘贴转发内容）</label>
      <textarea id="text" name="text" required maxlength={5000} aria-describedby="text-error">
        {v.text ?? ""}
      </textarea>
      <FieldError errors={props.errors} path="text" />
      <label for="sourceUrl">来源链接（选填）</label>
      <input id="sourceUrl" name="sourceUrl" type="url" value={v.sourceUrl ?? ""} />
      <FieldError errors={props.errors} path="sourceUrl" />
      <label for="platform">在哪里看到的（选填）</label>
      <select id="platform" name="platform">
        <option value="">请选择</option>
        {Object.entries(platformLabels).map(([code, label]) => (
          <option value={code} selected={v.platform === code}>
            {label}
          </option>
        ))}
      </select>
      <label for="region">所在地区（选填）</label>
      <RegionSelect id="region" regions={props.regions} selected={v.region} empty="请选择" />
      <label for="contact">联系方式（选填，仅工作人员可见）</label>
      <input id="contact" name="contact" value={v.contact ?? ""} />
      <FieldError errors={props.errors} path="contact" />
      <label for="email">邮箱（选填，有解答或更正时通知你，不会公开）</label>
      <input id="email" name="email" type="email" value={v.email ?? ""} />
      <FieldError errors={props.errors} path="email" />
      <label>
        <input type="checkbox" name="notify" value="true" checked={v.notify === "true"} />{" "}
        我同意用这个邮箱接收解答和后续更正（每次一封，可随时退订）
      </label>
      <p>
        <button type="submit">提交线索</button>
      </p>
    </form>
  );
}

/** What happened to the report just sent; the answers it matched, claim and answer apart. */
function sentNotice(
  outcome: ReportOutcome["outcome"],
  matched: PublicRebuttal[],
  trackingCode?: string,
): string {
  const items = matched
    .map(
      (r) =>
        `<li>${claimHtml(r.claim && escapeHtml(r.claim), r.verdict)}<a href="/r/${encodeURIComponent(r.slug)}">真相：${escapeHtml(r.title)}</a></li>`,
    )
    .join("");
  const text =
    outcome === "matched"
      ? "这条消息已有权威解答："
      : "已收到你的线索。专家正在核实，结果会发布在辟谣库中。";
  const code = trackingCode
    ? `<p>查询码 <a href="/report/${encodeURIComponent(trackingCode)}"><code>${escapeHtml(trackingCode)}</code></a>：凭它随时查看处理进度。</p>`
    : "";
  return `<section class="sent" role="status" data-outcome="${outcome}"><h1>${outcome === "matched" ? "已有解答" : "线索已提交"}</h1><p>${text}</p>${code}${items ? `<ul>${items}</ul>` : ""}
<p><a href="/">返回辟谣库</a> · 如有别的消息，可在下面继续提交。</p></section>`;
}

async function reportPage(
  c: Context<AppEnv>,
  opts: { values?: Values; errors?: { path: string; message: string }[]; notice?: string },
) {
  const deps = c.get("deps");
  const regions = await listRegions({ deps });
  const form = await (
    <ReportForm regions={regions} values={opts.values} errors={opts.errors} />
  ).toString();
  // After a submit the result is the page's heading; the empty form below is for another message.
  const intro = opts.notice
    ? "<h2>举报其他消息</h2>"
    : `<h1>举报可疑消息</h1><p class="muted">看到拿不准的消息？提交给我们，权威机构的专家会尽快核实。</p>`;
  return layout({
    title: opts.notice ? "线索已提交" : "举报可疑消息",
    publicUrl: deps.config.publicUrl,
    current: "report",
    head: STYLE,
    body: `${opts.notice ?? ""}${intro}${form}`,
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const OUTCOMES = new Set<string>(["matched", "attached", "opened"]);

/** The rebuttals a report matched, named in the result address (ids only; unknown ones drop). */
async function matchedRebuttals(c: Context<AppEnv>, ids: string[]): Promise<PublicRebuttal[]> {
  const found = await Promise.all(
    ids
      .filter((id) => UUID.test(id))
      .slice(0, 3)
      .map((id) => getRebuttal(c.get("deps"), id).catch(() => undefined)),
  );
  return found.filter((r): r is PublicRebuttal => r !== undefined);
}

/**
 * The public "report a rumour" page, on the same schema and service as `createReport`. A
 * successful submit redirects (Post/Redirect/Get) to the result above an empty form, so a reload
 * neither resubmits nor refills the text.
 */
export function registerReportPage(app: App): void {
  app.get("/report", async (c) => {
    const sent = c.req.query("sent");
    if (sent && OUTCOMES.has(sent)) {
      const matched = await matchedRebuttals(c, (c.req.query("r") ?? "").split(","));
      const code = c.req.query("code");
      const trackingCode = code && /^[A-Za-z0-9]{4,16}$/.test(code) ? code : undefined;
      const notice = sentNotice(sent as ReportOutcome["outcome"], matched, trackingCode);
      return c.html(await reportPage(c, { notice }));
    }
    // Prefilled from a public search that found no confident answer (/report?text=…).
    const text = c.req.query("text")?.slice(0, 5000);
    return c.html(await reportPage(c, { values: text ? { text } : {} }));
  });

  app.post(
    "/report",
    rateLimit({ name: "createReport", ...REPORT_LIMIT, key: (c) => requestMeta(c).ip }),
    async (c) => {
      const form = await c.req.parseBody();
      const values: Values = {};
      for (const key of [
        "text",
        "sourceUrl",
        "platform",
        "region",
        "contact",
        "email",
        "notify",
      ] as const) {
        const raw = form[key];
        if (typeof raw === "string" && raw.trim() !== "") values[key] = raw;
      }
      const parsed = ReportBody.safeParse({ ...values, notify: values.notify === "true" });
      if (!parsed.success) {
        return c.html(await reportPage(c, { values, errors: fieldErrors(parsed.error) }), 400);
      }
      const result = await createReport(serviceCtx(c), parsed.data);
      const r = result.matches.map((m) => m.rebuttalId).join(",");
      return c.redirect(
        `/report?${new URLSearchParams({
          sent: result.outcome,
          ...(r ? { r } : {}),
          ...(result.trackingCode ? { code: result.trackingCode } : {}),
        })}`,
        303,
      );
    },
  );
}
