import type { ClosestRebuttal, CurrentRebuttal, VerifyResult } from "../../authenticity/answers.ts";
import { formatCode } from "../../authenticity/code.ts";
import type { RebuttalSeal } from "../../authenticity/seal.ts";
import { verdictWords } from "../../authenticity/verdict.ts";
import { escapeHtml } from "../../http/html.ts";
import { layout } from "./layout.ts";

const STYLE = `<style>.verdict{border-radius:6px;padding:10px 14px;margin:12px 0;color:#fff}
.verdict h2{margin:0 0 4px;font-size:20px}.verdict p{margin:0}
.verdict-genuine{background:#1e7e34}.verdict-updated{background:#b7791f}
.verdict-retracted{background:#a61b1b}.verdict-altered{background:#a61b1b}.verdict-unknown{background:#555}
textarea{width:100%;min-height:8em;font:16px/1.5 system-ui,sans-serif;box-sizing:border-box;padding:8px}
form.vf{display:block}.vf label{display:block;margin:10px 0 4px;font-weight:600}.vf input[type=text]{font-size:16px;padding:8px;width:12em}
.diff{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px;white-space:pre-wrap;word-break:break-all}
.diff del{background:#fdd;color:#900}.diff ins{background:#dfd;color:#060;text-decoration:underline}
.code{font:600 20px/1.2 ui-monospace,monospace;letter-spacing:1px}</style>`;

const SEAL_STYLE = `<style>.seal{display:flex;gap:12px;align-items:center;background:#fff;border:1px solid #ddd;
border-radius:6px;padding:10px;margin:16px 0}.seal svg{width:112px;height:112px;flex:none}
.seal .code{font:600 20px/1.2 ui-monospace,monospace;letter-spacing:1px}</style>`;

/** The verification form: paste a notice, or enter its code. */
export function verifyForm(
  opts: { text?: string; code?: string; csrf?: string; error?: string } = {},
) {
  return `<form class="vf" action="/verify" method="post">
${opts.csrf ? `<input type="hidden" name="_csrf" value="${escapeHtml(opts.csrf)}">` : ""}
${opts.error ? `<p class="retracted" role="alert">${escapeHtml(opts.error)}</p>` : ""}
<label for="vf-text">粘贴收到的信息全文</label>
<textarea id="vf-text" name="text" maxlength="20000" placeholder="把转发给你的“官方辟谣”或通知原文粘贴到这里">${escapeHtml(opts.text ?? "")}</textarea>
<label for="vf-code">或输入核验码</label>
<input id="vf-code" type="text" name="code" value="${escapeHtml(opts.code ?? "")}" maxlength="64" placeholder="如 7K3M-9Q2D" autocomplete="off">
<p><button>核验</button></p></form>`;
}

/** `/verify`: the page "核验信息真伪". */
export function verifyPage(publicUrl: string, form: Parameters<typeof verifyForm>[0] = {}) {
  const body = `<h1>核验信息真伪</h1>
<p>收到自称来自本平台的辟谣、通知或截图文字？粘贴全文，或输入信息下方的核验码（扫描二维码也可直达），即可确认它是否由本平台发布、是否被改动、是否仍然有效。</p>
${verifyForm(form)}
<p class="muted">本平台发布的每条信息都带有数字签名。技术人员可用 <a href="/.well-known/chorus-keys.json">公开密钥</a> 自行验证签名。</p>`;
  return layout({ title: "核验信息真伪", publicUrl, head: STYLE, body, current: "verify" });
}

function currentBlock(c: CurrentRebuttal, heading: string): string {
  const retracted =
    c.status === "retracted"
      ? `<p class="retracted">此条已撤回：${escapeHtml(c.retractionReason ?? "")}</p>`
      : "";
  return `<section class="hit"><h2>${escapeHtml(heading)}</h2>${retracted}
<h3><a href="${escapeHtml(c.url)}">${escapeHtml(c.title)}</a>${c.drill ? "（演练）" : ""}</h3>
<p>${escapeHtml(c.summary)}</p>
<p class="muted">第 ${c.version} 版 · 更新于 ${escapeHtml(c.updatedAt.slice(0, 10))}${c.code ? ` · 核验码 <span class="code">${escapeHtml(formatCode(c.code))}</span>` : ""}</p></section>`;
}

function closestBlock(list: ClosestRebuttal[]): string {
  if (list.length === 0) return "<p>辟谣库中没有找到相近的信息。</p>";
  const items = list
    .map((c) => `<li><a href="${escapeHtml(c.url)}">${escapeHtml(c.title)}</a></li>`)
    .join("");
  return `<section><h2>最接近的已发布信息</h2><ul>${items}</ul></section>`;
}

function differencesBlock(result: VerifyResult): string {
  if (!result.differences) return "";
  const marked = result.differences
    .map((d) =>
      d.op === "same"
        ? escapeHtml(d.text)
        : d.op === "removed"
          ? `<del title="原文有，此处被删去">${escapeHtml(d.text)}</del>`
          : `<ins title="原文没有，此处被加入">${escapeHtml(d.text)}</ins>`,
    )
    .join("");
  return `<section><h2>改动之处</h2><p class="muted">红色删除线为原文被删去的文字，绿色下划线为被加入的文字（已忽略空白）。</p>
<div class="diff">${marked}</div></section>`;
}

/** The result page of a verification (`/verify/{code}`, or a pasted text). */
export function verifyResultPage(
  result: VerifyResult,
  publicUrl: string,
  opts: { code?: string; text?: string; csrf?: string } = {},
) {
  const words = verdictWords[result.verdict];
  const asked = opts.code
    ? `<p class="muted">核验码：<span class="code">${escapeHtml(opts.code)}</span></p>`
    : "";
  const message = result.message
    ? `<p class="muted">对应信息：第 ${result.message.version} 版，签发于 ${escapeHtml(result.message.signedAt.slice(0, 16).replace("T", " "))}（UTC），核验码 ${escapeHtml(formatCode(result.message.code))}，签名密钥 ${escapeHtml(result.message.kid)}</p>`
    : "";
  const heading = result.verdict === "genuine" ? "信息内容" : "当前有效版本";
  const body = `<h1>核验结果</h1>${asked}
<div class="verdict verdict-${result.verdict}" data-verdict="${result.verdict}"><h2>${escapeHtml(words.label)}</h2><p>${escapeHtml(words.explain)}</p></div>
${message}${differencesBlock(result)}${result.current ? currentBlock(result.current, heading) : ""}
${result.verdict === "unknown" ? closestBlock(result.closest ?? []) : ""}
<h2>再核验一条</h2>${verifyForm({ text: opts.text, csrf: opts.csrf })}`;
  return layout({
    title: `核验结果：${words.label}`,
    publicUrl,
    head: STYLE,
    body,
    current: "verify",
  });
}

/** The verification seal under a rebuttal: its code, its QR code and the link to check it. */
export function sealHtml(seal: RebuttalSeal | undefined): string {
  if (!seal) return "";
  return `${SEAL_STYLE}<aside class="seal" aria-label="核验信息真伪">${seal.qrSvg}<div>
<p>核验码 <span class="code">${escapeHtml(formatCode(seal.code))}</span></p>
<p class="muted">本信息经本平台数字签名。转发的文字是否被改动、是否仍然有效，可扫码或到 <a href="${escapeHtml(seal.verifyUrl)}">核验信息真伪</a> 页面查询。</p></div></aside>`;
}
