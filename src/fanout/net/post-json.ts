import http from "node:http";
import https from "node:https";
import net from "node:net";
import { assertPublicHost, bareHost, guardedLookup } from "./safe-target.ts";

export interface PostResult {
  status: number;
  retryAfter?: string;
  /** The start of the response body, for the delivery log. */
  response: string;
}

const KEEP_RESPONSE = 500;

/**
 * POSTs a JSON body with a hard timeout, following no redirects, refusing forbidden addresses
 * at connect time (SSRF, DNS rebinding). Rejects on network errors and timeouts.
 * @example const { status } = await postJson(url, body, headers, { allowPrivate: false, timeoutMs: 10_000 });
 */
export async function postJson(
  target: string,
  body: string,
  headers: Record<string, string>,
  opts: { allowPrivate: boolean; timeoutMs: number },
): Promise<PostResult> {
  const url = new URL(target);
  if (net.isIP(bareHost(url))) await assertPublicHost(url, opts.allowPrivate);
  const client = url.protocol === "https:" ? https : http;
  return new Promise<PostResult>((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: "POST",
        agent: false,
        lookup: guardedLookup(opts.allowPrivate),
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "user-agent": "Chorus-Webhooks/1.0",
          ...headers,
        },
        signal: AbortSignal.timeout(opts.timeoutMs),
      },
      (res) => {
        let response = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          if (response.length < KEEP_RESPONSE) response += chunk;
        });
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers["retry-after"],
            response: response.slice(0, KEEP_RESPONSE),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
