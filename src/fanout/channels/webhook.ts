import { signEnvelope } from "../../authenticity/envelope-signature.ts";
import { withV1aSignature } from "../../authenticity/webhook-v1a.ts";
import type { Config } from "../../config.ts";
import type { Deps } from "../../deps.ts";
import type { DeliveryToSend } from "../db/fanout.ts";
import { subscriptionSecrets } from "../db/fanout-subscriptions.ts";
import { postJson } from "../net/post-json.ts";
import { assertPublicHost, ForbiddenTargetError } from "../net/safe-target.ts";
import { parseRetryAfter } from "../retry.ts";
import type { Outcome } from "../settle-attempt.ts";
import { signedHeaders } from "../signing.ts";
import { type Channel, deliveryJobDefinition, invalidTarget, type TestAnswer } from "./channel.ts";

export const WEBHOOK_TIMEOUT_MS = 10_000;

/** The secrets that sign now: the current one, and the previous one during a rotation window. */
export function signingSecrets(d: DeliveryToSend, now: Date): string[] {
  const out = d.secret ? [d.secret] : [];
  if (d.previousSecret && d.previousSecretExpiresAt && d.previousSecretExpiresAt > now) {
    out.push(d.previousSecret);
  }
  return out;
}

/** Classifies a receiver's answer: 2xx delivered; 408/429/5xx retried; 410 gone; other 4xx final. */
export function classifyResponse(
  status: number,
  retryAfter: string | undefined,
  now: Date,
): Outcome {
  const s = String(status);
  if (status >= 200 && status < 300) return { kind: "delivered", status: s };
  if (status === 410) return { kind: "gone", status: s };
  if (status === 408 || status === 429 || status >= 500) {
    return { kind: "retry", status: s, retryAfterMs: parseRetryAfter(retryAfter, now) };
  }
  const error = status >= 300 && status < 400 ? "接收端返回重定向，Chorus 不跟随重定向" : undefined;
  return { kind: "failed", status: s, error };
}

/**
 * A webhook URL must be http(s), carry no credentials and resolve only to public addresses
 * (SSRF) unless the deployment allows private ones.
 */
async function checkTarget(config: Config, target: string): Promise<void> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw invalidTarget("须为完整的 http(s) 地址");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw invalidTarget("须为 http(s) 地址");
  if (url.username || url.password) throw invalidTarget("地址中不能包含用户名或密码");
  try {
    await assertPublicHost(url, config.webhookAllowPrivate);
  } catch (err) {
    if (err instanceof ForbiddenTargetError) {
      throw invalidTarget("目标地址指向内网、本机或保留地址，出于安全考虑不能使用");
    }
    throw invalidTarget("无法解析目标地址的域名");
  }
}

/** POSTs a signed JSON body (Standard Webhooks); rejects on network errors and timeouts. */
function post(deps: Deps, target: string, body: string, headers: Record<string, string>) {
  return postJson(target, body, headers, {
    allowPrivate: deps.config.webhookAllowPrivate,
    timeoutMs: WEBHOOK_TIMEOUT_MS,
  });
}

const refused = (err: ForbiddenTargetError) => `目标地址被拒绝：${err.message}`;

function networkError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.name === "TimeoutError" || e.name === "AbortError")
    return `超时（${WEBHOOK_TIMEOUT_MS / 1000} 秒）`;
  return e.code ? `${e.code}: ${e.message}` : String(e.message ?? err);
}

/**
 * Webhooks: a POST of the envelope (with its Ed25519 `signature` for rebuttal events) signed
 * with Standard Webhooks headers, `v1,` HMAC and `v1a,` Ed25519, to public addresses only.
 * They run first (priority 0): they take milliseconds, while email jobs wait their turn in the
 * SMTP pool and would otherwise hold every worker slot.
 */
export const webhookChannel: Channel<"webhook"> = {
  name: "webhook",
  job: deliveryJobDefinition("fanout.deliver-webhook"),
  priority: 0,
  checkTarget,
  async send(deps, d, env) {
    const now = deps.now();
    const body = JSON.stringify(await signEnvelope(deps, env));
    const hmac = signedHeaders(signingSecrets(d, now), d.eventId, body, now);
    const headers = await withV1aSignature(deps, hmac, body);
    try {
      const res = await post(deps, d.target, body, headers);
      return classifyResponse(res.status, res.retryAfter, now);
    } catch (err) {
      return err instanceof ForbiddenTargetError
        ? { kind: "failed", error: refused(err) }
        : { kind: "retry", error: networkError(err) };
    }
  },
  async sendTest(deps, sub, msg): Promise<TestAnswer> {
    const now = deps.now();
    const body = JSON.stringify(msg);
    const secrets = await subscriptionSecrets(deps.sql, sub.id, now);
    const headers = await withV1aSignature(deps, signedHeaders(secrets, msg.id, body, now), body);
    try {
      const res = await post(deps, sub.target, body, headers);
      const ok = res.status >= 200 && res.status < 300;
      return { ok, response: String(res.status), error: ok ? null : `接收端返回 ${res.status}` };
    } catch (err) {
      const error =
        err instanceof ForbiddenTargetError ? refused(err) : String((err as Error).message);
      return { ok: false, response: null, error };
    }
  },
};
