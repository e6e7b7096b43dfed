import type { Deps } from "../deps.ts";
import { loadSigningKey, newSigningKeyPem, writeKeyFile } from "./keys.ts";
import { currentSigningKey } from "./signing-keys.ts";

/** Why a rotation cannot be done here (the key is an inline secret of the environment). */
export class RotationRefused extends Error {}

/**
 * Replaces the signing key file with a new key and publishes it; the previous public key stays
 * published (retired) so that everything it signed still verifies. Running processes pick the
 * new key up at their next signature. An inline `SIGNING_KEY` is rotated by changing the secret.
 * @example const { previousKid, kid } = await rotateSigningKey(deps);
 */
export async function rotateSigningKey(deps: Deps): Promise<{ previousKid: string; kid: string }> {
  const source = deps.config.signingKey;
  if (source.kind === "pem") {
    throw new RotationRefused(
      "SIGNING_KEY 由环境变量提供：请把它换成新密钥（npm run keys:rotate -- --print 可生成），重启后旧公钥仍会保留发布",
    );
  }
  const previous = await currentSigningKey(deps.sql, deps.config, deps.now());
  writeKeyFile(source.path, newSigningKeyPem(), { replace: true });
  const next = loadSigningKey(source);
  await currentSigningKey(deps.sql, deps.config, deps.now());
  return { previousKid: previous.kid, kid: next.kid };
}
