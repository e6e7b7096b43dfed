import dns from "node:dns";
import type { LookupFunction } from "node:net";
import net from "node:net";
import { isForbiddenAddress } from "./address-policy.ts";

/** A target refused because it resolves to an address Chorus must not call. */
export class ForbiddenTargetError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`${host} resolves to ${address}, a private, loopback or reserved address`);
    this.name = "ForbiddenTargetError";
  }
}

/** The hostname of a URL without IPv6 brackets. */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/**
 * A `lookup` for http.request that resolves, refuses forbidden addresses and connects to the
 * address it checked — so a DNS answer that changes between check and connect (rebinding)
 * cannot slip through.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(
      hostname,
      { all: true, family: options.family as number | undefined },
      (err, addresses) => {
        if (err) return callback(err, "", 0);
        const bad = addresses.find((a) => isForbiddenAddress(a.address));
        if (bad && !allowPrivate)
          return callback(new ForbiddenTargetError(hostname, bad.address), "", 0);
        const first = addresses[0]!;
        if (options.all)
          return (callback as never as (e: null, a: typeof addresses) => void)(null, addresses);
        callback(null, first.address, first.family);
      },
    );
  };
}

/**
 * Resolves a URL's host and throws ForbiddenTargetError when any address is forbidden (unless
 * private targets are allowed). IP literals are checked directly: Node skips lookup for them.
 * @example await assertPublicHost(new URL(target), config.webhookAllowPrivate);
 */
export async function assertPublicHost(url: URL, allowPrivate: boolean): Promise<void> {
  if (allowPrivate) return;
  const host = bareHost(url);
  if (host === "localhost" || host.endsWith(".localhost"))
    throw new ForbiddenTargetError(host, "127.0.0.1");
  const addresses = net.isIP(host)
    ? [{ address: host }]
    : await dns.promises.lookup(host, { all: true });
  const bad = addresses.find((a) => isForbiddenAddress(a.address));
  if (bad) throw new ForbiddenTargetError(host, bad.address);
}
