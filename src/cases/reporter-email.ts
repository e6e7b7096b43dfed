import type { RebuttalSnapshot } from "../events/rebuttal-data.ts";
import type { OutgoingMail } from "../fanout/mailer.ts";
import { unsubscribeSignature } from "../fanout/unsubscribe-link.ts";
import { shareCardOfPage } from "../images/card-path.ts";
import type { FollowerRow } from "./db/follow-up.ts";

const subjects: Record<string, string> = {
  "rebuttal.published": "你提交的消息有了权威解答",
  "rebuttal.updated": "你收到的解答已更新",
  "rebuttal.retracted": "你收到的解答已撤回",
};

/** The one-click link that forgets a reporter's address. */
export const reporterUnsubscribeUrl = (publicUrl: string, f: FollowerRow) =>
  `${publicUrl}/report/unsubscribe/${f.reportId}?sig=${unsubscribeSignature(f.unsubscribeKey, f.reportId)}`;

/** The email a reporter gets for one public event of the answer to what they reported. */
export function reporterEmail(
  type: string,
  data: { rebuttal: Pick<RebuttalSnapshot, "title" | "summary" | "url">; reason?: string },
  f: FollowerRow,
  publicUrl: string,
): OutgoingMail {
  const r = data.rebuttal;
  const unsubscribe = reporterUnsubscribeUrl(publicUrl, f);
  const reason = data.reason ? `撤回原因：${data.reason}\n\n` : "";
  const text = `你好！

你通过应急科普辟谣平台提交的消息（查询码 ${f.trackingCode}）${type === "rebuttal.published" ? "已有权威解答" : type === "rebuttal.updated" ? "的解答已更新" : "的解答已被撤回"}：

${r.title}
${r.summary}

${reason}全文：${r.url}
分享卡片（可转发给家人朋友的图片）：${shareCardOfPage(r.url)}
处理进度：${publicUrl}/report/${f.trackingCode}

不想再收到这类邮件？点此退订（同时删除你的邮箱地址）：${unsubscribe}
`;
  return {
    to: f.email,
    subject: `${subjects[type] ?? "解答有变化"}：${r.title}`,
    text,
    headers: {
      "List-Unsubscribe": `<${unsubscribe}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  };
}
