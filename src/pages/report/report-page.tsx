import type { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { createReport, type ReportOutcome } from "../../cases/create-report.ts";
import { REPORT_LIMIT, ReportBody } from "../../cases/routes/create-report.ts";
import { listRegions } from "../../content/reference-lists.ts";
import type { App, AppEnv } from "../../http/env.ts";
import type { FieldError as FieldErrorData } from "../../http/errors.ts";
import { rateLimit } from "../../http/rate-limit.ts";
import { requestMeta } from "../../http/request-meta.ts";
import { serviceCtx } from "../../http/service-ctx.ts";
import { createImageReport } from "../../images/create-image-report.ts";
import { getReportImageState } from "../../images/report-image-state.ts";
import { getRebuttal, type PublicRebuttal } from "../../library/get-rebuttal.ts";
import { platformLabels } from "../../vocabulary/platforms.ts";
import { FieldError } from "../console/layout.tsx";
import { Csrf, Flash, isUuid, readForm, submitForm } from "../console/page-kit.tsx";
import { OptionSelect, RegionSelect } from "../console/widgets.tsx";
import { Claim, PublicLayout } from "../public/layout.tsx";
import { ImageState } from "./image-state.tsx";

type Values = Partial<Record<keyof z.input<typeof ReportBody>, string>>;
const FIELDS = ["text", "sourceUrl", "platform", "region", "contact", "email", "notify"] as const;
/** What the screenshot field accepts; the service checks the content, not these names. */
const IMAGE_TYPES = "image/png,image/jpeg,image/webp";

function ReportForm(props: {
  c: Context<AppEnv>;
  regions: { code: string; name: string }[];
  values?: Values;
  errors?: FieldErrorData[];
  message?: string;
}) {
  const v = props.values ?? {};
  return (
    <form method="post" action="/report" enctype="multipart/form-data" class="fields report">
      <Csrf c={props.c} />
      <Flash message={props.message} />
      <label for="text">你看到的消息（可以整段粘贴转发内容；有截图也可只上传截图）</label>
      <textarea id="text" name="text" maxlength={5000} aria-describedby="text-error">
        {v.text ?? ""}
      </textarea>
      <FieldError errors={props.errors} path="text" />
      <label for="sourceUrl">来源链接（选填）</label>
      <input id="sourceUrl" name="sourceUrl" type="url" value={v.sourceUrl ?? ""} />
      <FieldError errors={props.errors} path="sourceUrl" />
      <label for="platform">在哪里看到的（选填）</label>
      <OptionSelect
        id="platform"
        empty="请选择"
        selected={v.platform}
        options={Object.entries(platformLabels).map(([value, label]) => ({ value, label }))}
      />
      <label for="image">上传截图（可选）</label>
      <p class="hint" id="image-hint">
        PNG、JPEG 或 WebP 图片，不超过 5 MB。截图里的文字会自动识别，用来查找已有解答。
      </p>
      <input
        id="image"
        name="image"
        type="file"
        accept={IMAGE_TYPES}
        aria-describedby="image-hint image-error"
      />
      <FieldError errors={props.errors} path="image" />
      <label for="region">所在地区（选填）</label>
      <RegionSelect id="region" regions={props.regions} selected={v.region} empty="请选择" />
      <label for="contact">联系方式（选填，仅工作人员可见）</label>
      <input id="contact" name="contact" value={v.contact ?? ""} />
      <FieldError errors={props.errors} path="contact" />
      <label for="email">邮箱（选填，有解答或更正时通知你，不会公开）</label>
      <input id="email" name="email" type="email" value={v.email ?? ""} />
      <FieldError errors={props.errors} path="email" />
      <label class="check">
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
async function SentNotice(props: {
  c: Context<AppEnv>;
  outcome: ReportOutcome["outcome"];
  matched: PublicRebuttal[];
  trackingCode?: string;
}) {
  const { outcome, trackingCode } = props;
  const image = trackingCode
    ? await getReportImageState(serviceCtx(props.c), { code: trackingCode })
    : undefined;
  return (
    <section class="sent" role="status" data-outcome={outcome}>
      <h1>{outcome === "matched" ? "已有解答" : "线索已提交"}</h1>
      <p>
        {outcome === "matched"
          ? "这条消息已有权威解答："
          : "已收到你的线索。专家正在核实，结果会发布在辟谣库中。"}
      </p>
      {props.matched.length > 0 && (
        <ul>
          {props.matched.map((r) => (
            <li>
              <Claim claim={r.claim} verdict={r.verdict} />
              <a href={`/r/${encodeURIComponent(r.slug)}`}>真相：{r.title}</a>
            </li>
          ))}
        </ul>
      )}
      {image && <ImageState image={image} />}
      {trackingCode && (
        <p>
          查询码{" "}
          <a href={`/report/${encodeURIComponent(trackingCode)}`}>
            <code>{trackingCode}</code>
          </a>
          ：凭它随时查看处理进度。
        </p>
      )}
      <p>
        <a href="/">返回辟谣库</a> · 如有别的消息，可在下面继续提交。
      </p>
    </section>
  );
}

async function ReportPage(props: {
  c: Context<AppEnv>;
  values?: Values;
  errors?: FieldErrorData[];
  message?: string;
  sent?: Parameters<typeof SentNotice>[0];
}) {
  const regions = await listRegions({ deps: props.c.get("deps") });
  return (
    <PublicLayout title={props.sent ? "线索已提交" : "举报可疑消息"} current="report">
      {/* After a submit the result is the page's heading; the empty form below is for another message. */}
      {props.sent ? (
        <>
          <SentNotice {...props.sent} />
          <h2>举报其他消息</h2>
        </>
      ) : (
        <>
          <h1>举报可疑消息</h1>
          <p class="muted">看到拿不准的消息？提交给我们，权威机构的专家会尽快核实。</p>
        </>
      )}
      <ReportForm
        c={props.c}
        regions={regions}
        values={props.values}
        errors={props.errors}
        message={props.message}
      />
    </PublicLayout>
  );
}

const OUTCOMES = new Set<string>(["matched", "attached", "opened"]);

/** The rebuttals a report matched, named in the result address (ids only; unknown ones drop). */
async function matchedRebuttals(c: Context<AppEnv>, ids: string[]): Promise<PublicRebuttal[]> {
  const found = await Promise.all(
    ids
      .filter(isUuid)
      .slice(0, 3)
      .map((id) => getRebuttal(c.get("deps"), id).catch(() => undefined)),
  );
  return found.filter((r): r is PublicRebuttal => r !== undefined);
}

/** Sends the report, with its screenshot when one came: the API's schema and services. */
async function submitReport(c: Context<AppEnv>) {
  const form = await readForm(c);
  const values: Values = {};
  for (const key of FIELDS) if (form.one(key)) values[key] = form.one(key);
  const file = [form.raw.image].flat()[0];
  const image = file instanceof File && file.size > 0 ? file : undefined;
  // With a screenshot the text may be empty: OCR supplies it.
  const schema = image ? ReportBody.partial({ text: true }) : ReportBody;
  // Without one, an empty text is named as such ("线索内容不能为空"), not as a missing field.
  const input = {
    ...values,
    text: values.text ?? (image ? undefined : ""),
    notify: values.notify === "true",
  };
  const result = await submitForm(schema, input, (data: z.output<typeof ReportBody>) =>
    image
      ? createImageReport(serviceCtx(c), { ...data, image })
      : createReport(serviceCtx(c), data),
  );
  if (!result.ok && image && result.errors.length === 0) {
    // Refusals of the file itself (too large, not an image) belong under the file field.
    return { ...result, errors: [{ path: "image", message: result.message }], values };
  }
  return { ...result, values };
}

/**
 * The public "report a rumour" page, on the same schema and services as `createReport` (with an
 * optional screenshot, as multipart). A refused submit shows the errors in place; a successful
 * one redirects (Post/Redirect/Get) to the result above an empty form, so a reload neither
 * resubmits nor refills the text.
 */
export function registerReportPage(app: App): void {
  app.get("/report", async (c) => {
    const sent = c.req.query("sent");
    if (sent && OUTCOMES.has(sent)) {
      const matched = await matchedRebuttals(c, (c.req.query("r") ?? "").split(","));
      const code = c.req.query("code");
      const trackingCode = code && /^[A-Za-z0-9]{4,16}$/.test(code) ? code : undefined;
      const outcome = sent as ReportOutcome["outcome"];
      return c.html(<ReportPage c={c} sent={{ c, outcome, matched, trackingCode }} />);
    }
    // Prefilled from a public search that found no confident answer (/report?text=…).
    const text = c.req.query("text")?.slice(0, 5000);
    return c.html(<ReportPage c={c} values={text ? { text } : {}} />);
  });

  app.post(
    "/report",
    rateLimit({ name: "createReport", ...REPORT_LIMIT, key: (c) => requestMeta(c).ip }),
    async (c) => {
      const result = await submitReport(c);
      if (!result.ok) {
        const { values, errors, message, status } = result;
        return c.html(
          <ReportPage c={c} values={values} errors={errors} message={message} />,
          status as 400,
        );
      }
      const r = result.value.matches.map((m) => m.rebuttalId).join(",");
      return c.redirect(
        `/report?${new URLSearchParams({
          sent: result.value.outcome,
          ...(r ? { r } : {}),
          code: result.value.trackingCode,
        })}`,
        303,
      );
    },
  );
}
