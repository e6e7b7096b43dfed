import { z } from "zod";
import { sealedEmail } from "../../authenticity/email-seal.ts";
import { signatureFor } from "../../authenticity/signed-messages.ts";
import { rebuttalEmail } from "../email-content.ts";
import type { Outcome } from "../settle-attempt.ts";
import { unsubscribeUrl } from "../unsubscribe-link.ts";
import { type Channel, deliveryJobDefinition, invalidTarget } from "./channel.ts";

/** SMTP 5xx replies are permanent (no such mailbox); 4xx and connection failures are retried. */
export function classifySmtpError(err: unknown): Outcome {
  const e = err as { responseCode?: number; response?: string; code?: string; message?: string };
  const error = e.response ?? (e.code ? `${e.code}: ${e.message}` : String(e.message ?? err));
  const status = e.responseCode ? String(e.responseCode) : undefined;
  if (e.responseCode && e.responseCode >= 500) return { kind: "failed", status, error };
  return { kind: "retry", status, error };
}

const address = z.email().max(320);

const TEST_SUBJECT = "【Chorus 测试】订阅测试邮件";

/**
 * Email: one message per delivery through the pooled mailer (paced by the pool), with a
 * one-click unsubscribe header (RFC 8058) and, for signed events, the verification code and
 * QR code. Priority 10: behind webhooks, which take milliseconds, so a slow SMTP pool never
 * holds every worker slot.
 */
export const emailChannel: Channel<"email"> = {
  name: "email",
  job: deliveryJobDefinition("fanout.deliver-email"),
  priority: 10,
  async checkTarget(_config, target) {
    if (!address.safeParse(target).success) throw invalidTarget("须为有效的邮箱地址");
  },
  async send(deps, d, env) {
    const link = unsubscribeUrl(deps.config.publicUrl, d.subscriptionId, d.unsubscribeKey ?? "");
    const mail = await sealedEmail(rebuttalEmail(env, link), await signatureFor(deps, d.eventId));
    try {
      const sent = await deps.mailer.send({
        to: d.target,
        ...mail,
        headers: {
          "List-Unsubscribe": `<${link}>`,
          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
          "X-Chorus-Event-Id": d.eventId,
        },
      });
      return { kind: "delivered", status: sent.response.slice(0, 200) };
    } catch (err) {
      return classifySmtpError(err);
    }
  },
  async sendTest(deps, sub, msg) {
    const text = `${msg.data.message}\n\n订阅编号：${sub.id}`;
    try {
      const sent = await deps.mailer.send({ to: sub.target, subject: TEST_SUBJECT, text });
      return { ok: true, response: sent.response, error: null };
    } catch (err) {
      return { ok: false, response: null, error: String((err as Error).message) };
    }
  },
};
