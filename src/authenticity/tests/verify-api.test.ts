import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import type { App } from "../../http/env.ts";
import { canonicalJson } from "../canonical.ts";
import { formatCode } from "../code.ts";
import { newSigningKeyPem, signingKeyFromPem } from "../keys.ts";
import { signPayload } from "../signature.ts";
import { pageText, publishingChain, verify } from "./support.ts";

let ctx: TestContext;
let app: App;
let chain: Awaited<ReturnType<typeof publishingChain>>;

beforeAll(async () => {
  ctx = await createTestContext();
  chain = await publishingChain(ctx);
  app = chain.app;
});
afterAll(() => ctx.close());

async function signedMessageOf(rebuttalId: string) {
  const [row] = await ctx.sql`
    select event_id, code, kid, payload, signature from rebuttal_signatures
    where rebuttal_id = ${rebuttalId} order by seq desc limit 1`;
  return row as { eventId: string; code: string; kid: string; payload: string; signature: string };
}

describe("signing at publication", () => {
  it("signs the published rebuttal with its event's seq, in the publishing transaction", async () => {
    const r = await chain.publish("板蓝根");
    const [event] = await ctx.sql`
      select id, seq from events where rebuttal_id = ${r.id} and type = 'rebuttal.published'`;
    const signed = await signedMessageOf(r.id);
    expect(signed.eventId).toBe(event!.id);
    const payload = JSON.parse(signed.payload);
    expect(canonicalJson(payload)).toBe(signed.payload);
    expect(payload).toMatchObject({
      format: "chorus.signed-message/1",
      issuer: "http://chorus.test",
      kid: signed.kid,
      event: { id: event!.id, type: "rebuttal.published", seq: event!.seq },
      rebuttal: {
        id: r.id,
        slug: r.slug,
        title: r.text.title,
        summary: r.text.summary,
        body: r.text.body,
        version: 1,
        retracted: false,
        coSigners: [],
      },
    });
    const keys = await (await app.request("/.well-known/chorus-keys.json")).json();
    const key = keys.keys.find((k: { kid: string }) => k.kid === signed.kid);
    const publicKey = crypto.createPublicKey({ key: key.jwk, format: "jwk" });
    const ok = crypto.verify(
      null,
      Buffer.from(signed.payload),
      publicKey,
      Buffer.from(signed.signature, "base64url"),
    );
    expect(ok).toBe(true);
  });
});

describe("verifyMessage by code", () => {
  it("answers genuine for the current message, with the rebuttal beside it", async () => {
    const r = await chain.publish("维生素C");
    const { code } = await signedMessageOf(r.id);
    const { status, body } = await verify(app, { code: formatCode(code).toLowerCase() });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      verdict: "genuine",
      reason: "code",
      rebuttalId: r.id,
      message: { code, version: 1, verifyUrl: `http://chorus.test/verify/${code}` },
      current: { rebuttalId: r.id, slug: r.slug, status: "live", version: 1, code },
    });
  });

  it("answers updated for an older version, and shows the current one", async () => {
    const r = await chain.publish("熏醋");
    const old = await signedMessageOf(r.id);
    const update = await chain.update(r, "熏醋");
    const current = await signedMessageOf(r.id);
    const { body } = await verify(app, { code: old.code });
    expect(body).toMatchObject({
      verdict: "updated",
      message: { version: 1 },
      current: { version: 2, title: update.text.title, code: current.code },
    });
    expect((await verify(app, { code: current.code })).body.verdict).toBe("genuine");
  });

  it("answers retracted for any message of a retracted rebuttal, its retraction included", async () => {
    const r = await chain.publish("盐水漱口");
    const published = await signedMessageOf(r.id);
    await chain.retract(r.id);
    const retraction = await signedMessageOf(r.id);
    expect(retraction.code).not.toBe(published.code);
    expect(JSON.parse(retraction.payload).rebuttal).toMatchObject({
      retracted: true,
      retractionReason: "依据已更新，此条不再适用",
    });
    for (const code of [published.code, retraction.code]) {
      const { body } = await verify(app, { code });
      expect(body).toMatchObject({
        verdict: "retracted",
        current: { status: "retracted", retractionReason: "依据已更新，此条不再适用" },
      });
    }
  });

  it("answers unknown, not an error, for a code that never existed or cannot be one", async () => {
    for (const code of ["ZZZZ-ZZZZ", "<script>alert(1)</script>", "核验码"]) {
      const { status, body } = await verify(app, { code });
      expect(status).toBe(200);
      expect(body).toEqual({ verdict: "unknown", reason: "unknown_code" });
    }
  });
});

describe("verifyMessage by text", () => {
  it("answers genuine for the text as a reader copies it, white space and width aside", async () => {
    const r = await chain.publish("双黄连");
    const { body } = await verify(app, { text: pageText(r.text) });
    expect(body).toMatchObject({ verdict: "genuine", reason: "text", rebuttalId: r.id });
    const summaryOnly = await verify(app, { text: ` ${r.text.summary.replace("，", ",")} ` });
    expect(summaryOnly.body).toMatchObject({ verdict: "genuine", rebuttalId: r.id });
  });

  it("answers updated for the text of an older version, retracted once it is withdrawn", async () => {
    const r = await chain.publish("饮酒");
    await chain.update(r, "饮酒");
    expect((await verify(app, { text: r.text.summary })).body).toMatchObject({
      verdict: "updated",
      current: { version: 2 },
    });
    await chain.retract(r.id);
    expect((await verify(app, { text: r.text.summary })).body.verdict).toBe("retracted");
  });

  it("answers altered, with what changed, when a forger removes one character", async () => {
    const r = await chain.publish("大蒜");
    const forged = pageText(r.text).replace("没有证据表明", "有证据表明");
    const { body } = await verify(app, { text: forged });
    expect(body).toMatchObject({
      verdict: "altered",
      reason: "similar_text",
      rebuttalId: r.id,
      current: { rebuttalId: r.id, status: "live" },
    });
    expect(body.similarity).toBeGreaterThan(0.9);
    expect(body.differences.filter((d: { op: string }) => d.op !== "same")).toEqual([
      { op: "removed", text: "没" },
    ]);
  });

  it("answers unknown for a notice Chorus never issued, with the closest genuine messages", async () => {
    const r = await chain.publish("艾草熏蒸");
    const fake = `紧急通知：据权威部门消息，艾草熏蒸可以杀灭新冠病毒，请大家今晚十点前在家中熏蒸，转发给所有亲友！`;
    const { status, body } = await verify(app, { text: fake });
    expect(status).toBe(200);
    expect(body.verdict).toBe("unknown");
    expect(body.closest.map((c: { rebuttalId: string }) => c.rebuttalId)).toContain(r.id);
    expect((await verify(app, { text: "今天天气不错" })).body).toMatchObject({
      verdict: "unknown",
      closest: [],
    });
  });
});

describe("verifyMessage by signature and payload", () => {
  it("answers genuine for a delivered payload and signature, as text or as an object", async () => {
    const r = await chain.publish("金银花");
    const signed = await signedMessageOf(r.id);
    const asText = await verify(app, { payload: signed.payload, signature: signed.signature });
    expect(asText.body).toMatchObject({
      verdict: "genuine",
      reason: "signature",
      rebuttalId: r.id,
    });
    const reordered = JSON.parse(signed.payload);
    const asObject = await verify(app, {
      payload: { rebuttal: reordered.rebuttal, ...reordered },
      signature: signed.signature,
      kid: signed.kid,
    });
    expect(asObject.body.verdict).toBe("genuine");
  });

  it("answers altered, naming the changed fields, for a payload changed after signing", async () => {
    const r = await chain.publish("绿豆汤");
    const signed = await signedMessageOf(r.id);
    const payload = JSON.parse(signed.payload);
    payload.rebuttal.summary = payload.rebuttal.summary.replace("没有证据表明", "有证据表明");
    const { body } = await verify(app, { payload, signature: signed.signature });
    expect(body).toMatchObject({
      verdict: "altered",
      reason: "bad_signature",
      rebuttalId: r.id,
      changedFields: ["rebuttal.summary"],
    });
  });

  it("answers unknown for a message signed by a key Chorus never published", async () => {
    const r = await chain.publish("喝热水");
    const signed = await signedMessageOf(r.id);
    const forger = signingKeyFromPem(newSigningKeyPem());
    const payload = { ...JSON.parse(signed.payload), kid: forger.kid };
    const signature = signPayload(canonicalJson(payload), forger);
    expect((await verify(app, { payload, signature })).body).toEqual({
      verdict: "unknown",
      reason: "unknown_key",
    });
    const claimingOurs = { ...payload, kid: signed.kid };
    const forged = signPayload(canonicalJson(claimingOurs), forger);
    expect((await verify(app, { payload: claimingOurs, signature: forged })).body).toMatchObject({
      verdict: "altered",
      reason: "bad_signature",
    });
    const invented = { ...claimingOurs, event: { id: crypto.randomUUID() }, rebuttal: {} };
    const inventedSig = signPayload(canonicalJson(invented), forger);
    expect((await verify(app, { payload: invented, signature: inventedSig })).body).toEqual({
      verdict: "unknown",
      reason: "bad_signature",
    });
  });

  it("answers unknown for a payload that is not JSON", async () => {
    const { status, body } = await verify(app, { payload: "{not json", signature: "abc" });
    expect(status).toBe(200);
    expect(body).toEqual({ verdict: "unknown", reason: "malformed_payload" });
  });
});

describe("verifyMessage's input", () => {
  it("refuses nothing, two modes at once, or a signature without its payload, as problem+json", async () => {
    for (const bad of [{}, { text: "a", code: "b" }, { signature: "x" }, { text: "   " }]) {
      const res = await app.request("/api/v1/verify", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(bad),
      });
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toMatch(/application\/problem\+json/);
      expect((await res.json()).code).toBe("validation_failed");
    }
  });
});
