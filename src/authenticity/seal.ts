import type { Deps } from "../deps.ts";
import { latestSignatureOf } from "./db/signatures.ts";
import { qrSvg } from "./qr.ts";
import { verifyUrl } from "./signed-messages.ts";

/** What a page or an email shows under a message so that readers can check it. */
export interface RebuttalSeal {
  code: string;
  verifyUrl: string;
  /** A QR code of `verifyUrl`, standalone SVG. */
  qrSvg: string;
}

/**
 * The seal of a rebuttal's latest signed message, or undefined when it was never signed
 * (e.g. imported from an existing library).
 * @example const seal = await rebuttalSeal(deps, rebuttal.id); html += sealHtml(seal);
 */
export async function rebuttalSeal(
  deps: Deps,
  rebuttalId: string,
): Promise<RebuttalSeal | undefined> {
  const row = await latestSignatureOf(deps.sql, rebuttalId);
  if (!row) return undefined;
  const url = verifyUrl(deps.config.publicUrl, row.code);
  return { code: row.code, verifyUrl: url, qrSvg: await qrSvg(url) };
}
