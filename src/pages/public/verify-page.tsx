import type { Context } from "hono";
import { raw } from "hono/html";
import type { ClosestRebuttal, CurrentRebuttal, VerifyResult } from "../../authenticity/answers.ts";
import { formatCode } from "../../authenticity/code.ts";
import type { RebuttalSeal } from "../../authenticity/seal.ts";
import { verdictWords } from "../../authenticity/verdict.ts";
import type { AppEnv } from "../../http/env.ts";
import { FieldError } from "../console/layout.tsx";
import { Csrf } from "../console/page-kit.tsx";
import { formatDay, formatTime } from "../format.ts";
import { PublicLayout } from "./layout.tsx";

export type { RebuttalSeal };

/** What the verification form shows: the text as typed, the request (for CSRF), a refusal. */
export interface VerifyFormState {
  c?: Context<AppEnv>;
  text?: string;
  code?: string;
  /** Why the text was refused, shown under it. */
  error?: string;
}

/** The verification form: paste a notice, or enter its code. */
export function VerifyForm(props: VerifyFormState) {
  return (
    <form class="fields" action="/verify" method="post">
      {props.c && <Csrf c={props.c} />}
      <label for="vf-text">粘贴收到的信息全文</label>
      <textarea
        id="vf-text"
        name="text"
        aria-describedby="text-error"
        maxlength={20000}
        placeholder="把转发给你的“官方辟谣”或通知原文粘贴到这里"
      >
        {props.text ?? ""}
      </textarea>
      <FieldError
        errors={props.error ? [{ path: "text", message: props.error }] : []}
        path="text"
      />
      <label for="vf-code">或输入核验码</label>
      <input
        id="vf-code"
        type="text"
        name="code"
        value={props.code ?? ""}
        maxlength={64}
        placeholder="如 7K3M-9Q2D"
        autocomplete="off"
        style="max-width:12em"
      />
      <p>
        <button type="submit">核验</button>
      </p>
    </form>
  );
}

/** `/verify`: the page "核验信息真伪". */
export function VerifyPage(props: { form?: VerifyFormState }) {
  return (
    <PublicLayout title="核验信息真伪" current="verify">
      <h1>核验信息真伪</h1>
      <p>
        收到自称来自本平台的辟谣、通知或截图文字？粘贴全文，或输入信息下方的核验码（扫描二维码也可直达），即可确认它是否由本平台发布、是否被改动、是否仍然有效。
      </p>
      <VerifyForm {...props.form} />
      <p class="muted">
        本平台发布的每条信息都带有数字签名。技术人员可用{" "}
        <a href="/.well-known/chorus-keys.json">公开密钥</a> 自行验证签名。
      </p>
    </PublicLayout>
  );
}

function Current(props: { c: CurrentRebuttal; heading: string }) {
  const { c } = props;
  return (
    <section class="hit">
      <h2>{props.heading}</h2>
      {c.status === "retracted" && <p class="retracted">此条已撤回：{c.retractionReason ?? ""}</p>}
      <h3>
        <a href={c.url}>{c.title}</a>
        {c.drill ? "（演练）" : ""}
      </h3>
      <p>{c.summary}</p>
      <p class="muted">
        第 {c.version} 版 · 更新于 {formatDay(c.updatedAt)}
        {c.code && (
          <>
            {" · 核验码 "}
            <span class="code">{formatCode(c.code)}</span>
          </>
        )}
      </p>
    </section>
  );
}

function Closest(props: { list: ClosestRebuttal[] }) {
  if (props.list.length === 0) return <p>辟谣库中没有找到相近的信息。</p>;
  return (
    <section>
      <h2>最接近的已发布信息</h2>
      <ul>
        {props.list.map((c) => (
          <li>
            <a href={c.url}>{c.title}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Differences(props: { result: VerifyResult }) {
  if (!props.result.differences) return null;
  return (
    <section>
      <h2>改动之处</h2>
      <p class="muted">红色删除线为原文被删去的文字，绿色下划线为被加入的文字（已忽略空白）。</p>
      <div class="diff">
        {props.result.differences.map((d) =>
          d.op === "same" ? (
            d.text
          ) : d.op === "removed" ? (
            <del title="原文有，此处被删去">{d.text}</del>
          ) : (
            <ins title="原文没有，此处被加入">{d.text}</ins>
          ),
        )}
      </div>
    </section>
  );
}

/** The result page of a verification (`/verify/{code}`, or a pasted text). */
export function VerifyResultPage(props: {
  result: VerifyResult;
  code?: string;
  text?: string;
  c?: Context<AppEnv>;
}) {
  const { result } = props;
  const words = verdictWords[result.verdict];
  const m = result.message;
  return (
    <PublicLayout title={`核验结果：${words.label}`} current="verify">
      <h1>核验结果</h1>
      {props.code && (
        <p class="muted">
          核验码：<span class="code">{props.code}</span>
        </p>
      )}
      <div class={`verdict verdict-${result.verdict}`} data-verdict={result.verdict}>
        <h2>{words.label}</h2>
        <p>{words.explain}</p>
      </div>
      {m && (
        <p class="muted">
          对应信息：第 {m.version} 版，签发于 {formatTime(m.signedAt)}（北京时间），核验码{" "}
          {formatCode(m.code)}，签名密钥 {m.kid}
        </p>
      )}
      <Differences result={result} />
      {result.current && (
        <Current
          c={result.current}
          heading={result.verdict === "genuine" ? "信息内容" : "当前有效版本"}
        />
      )}
      {result.verdict === "unknown" && <Closest list={result.closest ?? []} />}
      <h2>再核验一条</h2>
      <VerifyForm text={props.text} c={props.c} />
    </PublicLayout>
  );
}

/** The verification seal under a rebuttal: its code, its QR code and the link to check it. */
export function Seal(props: { seal?: RebuttalSeal }) {
  const { seal } = props;
  if (!seal) return null;
  return (
    <aside class="seal" aria-label="核验信息真伪">
      {/* Our own QR renderer's SVG: no input from a reader reaches it but the URL it encodes. */}
      {raw(seal.qrSvg)}
      <div>
        <p>
          核验码 <span class="code">{formatCode(seal.code)}</span>
        </p>
        <p class="muted">
          本信息经本平台数字签名。转发的文字是否被改动、是否仍然有效，可扫码或到{" "}
          <a href={seal.verifyUrl}>核验信息真伪</a> 页面查询。
        </p>
      </div>
    </aside>
  );
}
