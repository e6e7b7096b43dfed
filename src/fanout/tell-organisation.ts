import type { Deps } from "../deps.ts";
import { organisationMediaEmails } from "./db/fanout-subscriptions.ts";

/**
 * Emails an organisation's media users that one of their subscriptions stopped, and why.
 * Best effort: the reason is also on the subscription (status_reason) and in the audit trail.
 */
export async function tellOrganisation(
  deps: Deps,
  organisationId: string,
  s: { subscriptionId: string; target: string; status: string; reason: string },
): Promise<void> {
  const emails = await organisationMediaEmails(deps.sql, organisationId);
  const word = s.status === "paused" ? "已暂停" : "已停用";
  for (const to of emails) {
    try {
      await deps.mailer.send({
        to,
        subject: `[Chorus] 订阅${word}：${s.target}`,
        text: [
          `您单位的订阅 ${s.subscriptionId}（${s.target}）${word}。`,
          `原因：${s.reason}`,
          "修复接收端后，可在控制台或通过 API 恢复订阅，并重新投递期间遗漏的消息。",
        ].join("\n"),
      });
    } catch (err) {
      deps.log.warn({ err: (err as Error).message, to }, "could not tell organisation");
    }
  }
}
