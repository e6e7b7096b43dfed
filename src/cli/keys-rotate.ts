import { newSigningKeyPem } from "../authenticity/keys.ts";
import { RotationRefused, rotateSigningKey } from "../authenticity/rotate-signing-key.ts";
import { loadConfigOrExit } from "../config.ts";
import { createLogger } from "../log.ts";
import { openDeps } from "../runtime.ts";

/**
 * `npm run keys:rotate`: a new signing key replaces the key file (DATA_DIR or SIGNING_KEY_FILE);
 * the old public key stays published. `-- --print` only prints a new PEM, for SIGNING_KEY.
 */
if (process.argv.includes("--print")) {
  process.stdout.write(newSigningKeyPem());
} else {
  const opened = await openDeps(loadConfigOrExit(process.env), createLogger({ level: "warn" }));
  try {
    const { previousKid, kid } = await rotateSigningKey(opened.deps);
    process.stdout.write(
      `签名密钥已轮换：${previousKid} → ${kid}（旧公钥继续公布，旧信息仍可核验）\n`,
    );
  } catch (err) {
    if (!(err instanceof RotationRefused)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 2;
  } finally {
    await opened.close();
  }
}
