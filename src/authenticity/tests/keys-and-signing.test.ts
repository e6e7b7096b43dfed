import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createOrganisation } from "../../../tests/support/factories.ts";
import { createRebuttal, publish } from "../../../tests/support/fanout-factories.ts";
import { startServer } from "../../server.ts";
import { rotateSigningKey } from "../rotate-signing-key.ts";
import { signRebuttalEvent } from "../sign-rebuttal-event.ts";
import { signatureFor, signedPayload } from "../signed-messages.ts";
import { webhookPublicKey, webhookV1aSignature } from "../webhook-v1a.ts";
import { publishingChain, verify } from "./support.ts";

const run = promisify(execFile);
const example = path.resolve("docs/examples/verify-message.mjs");

let ctx: TestContext;
let chain: Awaited<ReturnType<typeof publishingChain>>;
let tmp: string;

beforeAll(async () => {
  ctx = await createTestContext();
  chain = await publishingChain(ctx);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-verify-"));
});
afterAll(async () => {
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.rmSync(ctx.deps.config.dataDir, { recursive: true, force: true });
  await ctx.close();
});

async function keysDocument() {
  return (await chain.app.request("/.well-known/chorus-keys.json")).json();
}

/** Runs docs/examples/verify-message.mjs exactly as the README shows, against a real server. */
async function runExample(url: string, message: object) {
  const file = path.join(tmp, `message-${Date.now()}-${Math.random()}.json`);
  fs.writeFileSync(file, JSON.stringify(message));
  try {
    const { stdout } = await run(process.execPath, [example, url, file]);
    return { code: 0, stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

describe("the published keys", () => {
  it("lists the deployment's key as Ed25519, raw and JWK, with its id and creation time", async () => {
    const res = await chain.app.request("/.well-known/chorus-keys.json");
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.issuer).toBe("http://chorus.test");
    expect(doc.keys).toHaveLength(1);
    const [key] = doc.keys;
    expect(key).toMatchObject({ alg: "Ed25519", retiredAt: null });
    expect(key.kid).toMatch(/^[0-9a-f]{16}$/);
    expect(Buffer.from(key.publicKey, "base64url")).toHaveLength(32);
    expect(key.jwk).toEqual({
      kty: "OKP",
      crv: "Ed25519",
      x: key.publicKey,
      kid: key.kid,
      alg: "EdDSA",
      use: "sig",
    });
  });
});

describe("the signed payload", () => {
  it("carries the co-signers' ids and names in their order, and the event's seq", async () => {
    const health = await createOrganisation(ctx.sql, { name: "海南省卫生健康委员会" });
    const society = await createOrganisation(ctx.sql, { name: "海南省医学会" });
    const r = await createRebuttal(ctx.sql);
    await ctx.sql`update rebuttals set co_signer_org_ids = ${[society.id, health.id]}::uuid[]
                  where id = ${r.id}`;
    const event = await publish(ctx.sql, r);
    await ctx.sql.begin((tx) => signRebuttalEvent(tx, ctx.deps, event));
    const again = await ctx.sql.begin((tx) => signRebuttalEvent(tx, ctx.deps, event));
    const signed = await signatureFor(ctx.deps, event.id);
    expect(signed?.code).toBe(again.code);
    const payload = JSON.parse(signed!.payload);
    expect(payload.event.seq).toBe(event.seq);
    expect(payload.rebuttal.coSigners).toEqual([
      { id: society.id, name: "海南省医学会" },
      { id: health.id, name: "海南省卫生健康委员会" },
    ]);
    expect((await signedPayload(ctx.deps, r.id, 1))?.eventId).toBe(event.id);
    expect(await signedPayload(ctx.deps, r.id, 2)).toBeUndefined();
  });
});

describe("key rotation", () => {
  it("signs new messages with the new key while old messages still verify, by API and by the README example", async () => {
    const before = await chain.publish("口罩消毒");
    const [old] = await ctx.sql`
      select kid, payload, signature, code from rebuttal_signatures where rebuttal_id = ${before.id}`;
    const { previousKid, kid } = await rotateSigningKey(ctx.deps);
    expect(previousKid).toBe(old!.kid);
    expect(kid).not.toBe(previousKid);

    const doc = await keysDocument();
    expect(doc.keys.map((k: { kid: string }) => k.kid)).toEqual([kid, previousKid]);
    expect(doc.keys[0].retiredAt).toBeNull();
    expect(doc.keys[1].retiredAt).not.toBeNull();

    const after = await chain.publish("口罩消毒");
    const [fresh] = await ctx.sql`
      select kid, payload, signature from rebuttal_signatures where rebuttal_id = ${after.id}`;
    expect(fresh!.kid).toBe(kid);

    const oldVerdict = await verify(chain.app, {
      payload: old!.payload,
      signature: old!.signature,
    });
    expect(oldVerdict.body).toMatchObject({ verdict: "genuine", message: { kid: previousKid } });

    const server = await startServer(ctx.deps, { port: 0, host: "127.0.0.1" });
    try {
      for (const m of [old!, fresh!]) {
        const ok = await runExample(server.url, m);
        expect(ok).toEqual({ code: 0, stdout: "genuine: signed by Chorus\n" });
      }
      const tampered = { ...old!, payload: old!.payload.replace("没有证据表明", "有证据表明") };
      expect(await runExample(server.url, tampered)).toEqual({
        code: 1,
        stdout: "NOT signed by Chorus\n",
      });
    } finally {
      await server.close();
    }
  });

  it("keeps the README's example identical to the file the test runs", () => {
    const readme = fs.readFileSync("README.md", "utf8");
    expect(readme).toContain(fs.readFileSync(example, "utf8").trim());
  });
});

describe("the webhook v1a signature", () => {
  it("is an Ed25519 signature of id.timestamp.body under the current published key", async () => {
    const body = '{"id":"msg_1"}';
    const header = await webhookV1aSignature(ctx.deps, "msg_1", 1_700_000_000, body);
    expect(header).toMatch(/^v1a,[A-Za-z0-9+/]+=*$/);
    const doc = await keysDocument();
    const current = doc.keys.find((k: { retiredAt: string | null }) => k.retiredAt === null);
    const { createPublicKey, verify: edVerify } = await import("node:crypto");
    const key = createPublicKey({ key: current.jwk, format: "jwk" });
    const ok = edVerify(
      null,
      Buffer.from(`msg_1.1700000000.${body}`),
      key,
      Buffer.from(header.slice(4), "base64"),
    );
    expect(ok).toBe(true);
    expect(webhookPublicKey(current.publicKey)).toMatch(/^whpk_/);
  });
});
