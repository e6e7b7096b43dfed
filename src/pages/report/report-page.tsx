import type { z } from "@hono/zod-openapi";
import { createReport, type ReportOutcome } from "../../cases/create-report.ts";
import { REPORT_LIMIT, ReportBody } from "../../cases/routes/create-report.ts";
import { listRegions } from "../../content/db.ts";
import type { App } from "../../http/env.ts";
import { fieldErrors } from "../../http/errors.ts";
import { rateLimit } from "../../http/rate-limit.ts";
import { requestMeta } from "../../http/request-meta.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { verdictLabel } from "../../vocabulary/verdicts.ts";
import { FieldError, Layout } from "../console/layout.tsx";
import { RegionSelect } from "../console/widgets.tsx";

const platformLabels: Record<string, string> = {
  wechat: "微信",
  weibo: "微博",
  douyin: "抖音",
  short_video: "短视频",
  website: "网站",
  other: "其他",
};

type Values = Partial<Record<keyof z.input<typeof ReportBody>, string>>;

function ReportForm(props: {
  regions: { code: string; name: string }[];
  values?: Values;
  errors?: { path: string; message: string }[];
}) {
  const v = props.values ?? {};
  return (
    <form method="post" action="/report" class="card" data-draft-key="public-report">
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
        <option value="">—</option>
        {Object.entries(platformLabels).map(([code, label]) => (
          <option value={code} selected={v.platform === code}>
            {label}
          </option>
        ))}
      </select>
      <label for="region">所在地区（选填）</label>
      <RegionSelect id="region" regions={props.regions} selected={v.region} empty="—" />
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

function Outcome(props: { result: ReportOutcome }) {
  const { result } = props;
  return (
    <div class="card" role="status" data-outcome={result.outcome}>
      {result.outcome === "matched" ? (
        <p>这条消息已有权威解答：</p>
      ) : (
        <p>已收到你的线索。专家正在核实，结果会发布在辟谣库中。</p>
      )}
      {result.trackingCode && (
        <p>
          查询码{" "}
          <a href={`/report/${result.trackingCode}`}>
            <code>{result.trackingCode}</code>
          </a>
          ：凭它随时查看处理进度。
        </p>
      )}
      {result.matches.length > 0 && (
        <ul>
          {result.matches.map((m) => (
            <li>
              <a href={`/r/${m.rebuttalId}`}>{m.title}</a>{" "}
              {m.verdict && <span class="tag">{verdictLabel(m.verdict)}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The public "report a rumour" page, on the same schema and service as `createReport`. */
export function registerReportPage(app: App): void {
  app.get("/report", async (c) => {
    const regions = await listRegions(c.get("deps").sql);
    // Prefilled from a public search that found no confident answer (/report?text=…).
    const text = c.req.query("text")?.slice(0, 5000);
    return c.html(
      <Layout title="举报谣言">
        <h1>举报可疑消息</h1>
        <p class="muted">看到拿不准的消息？提交给我们，权威机构的专家会尽快核实。</p>
        <ReportForm regions={regions} values={text ? { text } : {}} />
      </Layout>,
    );
  });

  app.post(
    "/report",
    rateLimit({ name: "createReport", ...REPORT_LIMIT, key: (c) => requestMeta(c).ip }),
    async (c) => {
      const deps = c.get("deps");
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
      const regions = await listRegions(deps.sql);
      if (!parsed.success) {
        return c.html(
          <Layout title="举报谣言">
            <h1>举报可疑消息</h1>
            <ReportForm regions={regions} values={values} errors={fieldErrors(parsed.error)} />
          </Layout>,
          400,
        );
      }
      const result = await createReport(serviceCtx(c), parsed.data);
      return c.html(
        <Layout title="线索已提交">
          <h1>{result.outcome === "matched" ? "已有解答" : "线索已提交"}</h1>
          <Outcome result={result} />
          <p>
            <a href="/">返回辟谣库</a> · <a href="/report">再提交一条</a>
          </p>
        </Layout>,
        201,
      );
    },
  );
}
