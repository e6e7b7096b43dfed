import { escapeHtml } from "../http/html.ts";
import { formatCode } from "./code.ts";
import { qrPng } from "./qr.ts";

/** The content id of the QR code image an email's HTML shows inline. */
export const QR_CID = "chorus-verify-qr@chorus";

interface Mail {
  subject: string;
  text: string;
  html: string;
}

export interface InlineImage {
  filename: string;
  content: Buffer;
  contentType: string;
  cid: string;
}

/** Puts `block` before the first of `markers` found in `body`, else at its end. */
function insertBefore(body: string, markers: string[], block: string): string {
  for (const m of markers) {
    const at = body.indexOf(m);
    if (at >= 0) return body.slice(0, at) + block + body.slice(at);
  }
  return body + block;
}

/**
 * A rebuttal email with its verification code, the link to `/verify/{code}` and the link's QR
 * code as an inline PNG (cid), placed above the footer; unchanged when the event is unsigned.
 * @example const mail = await sealedEmail(rebuttalEmail(env, link), await signatureFor(deps, id));
 */
export async function sealedEmail<M extends Mail>(
  mail: M,
  signed: { code: string; verifyUrl: string } | undefined,
): Promise<M & { attachments?: InlineImage[] }> {
  if (!signed) return mail;
  const code = formatCode(signed.code);
  const url = escapeHtml(signed.verifyUrl);
  const html = `<div style="border: 1px solid #c8d3e0; padding: 0.5em 1em; margin: 1em 0;">
    <p style="margin: 0.3em 0;">核验码：<strong style="font-family: monospace; font-size: 1.2em;">${code}</strong></p>
    <p style="margin: 0.3em 0; font-size: 0.9em;">本消息经 Chorus 数字签名。看到自称来自本平台的通知时，请扫码或打开
      <a href="${url}">${url}</a> 核验真伪。</p>
    <img src="cid:${QR_CID}" alt="核验二维码" width="160" height="160">
  </div>\n  `;
  const text = `\n核验码：${code}\n核验真伪：${signed.verifyUrl}\n`;
  return {
    ...mail,
    text: insertBefore(mail.text, ["\n—— "], text),
    html: insertBefore(mail.html, ["<hr", "</body>"], html),
    attachments: [
      {
        filename: `verify-${signed.code}.png`,
        content: await qrPng(signed.verifyUrl),
        contentType: "image/png",
        cid: QR_CID,
      },
    ],
  };
}
