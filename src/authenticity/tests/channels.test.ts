import crypto from "node:crypto";
import { io as connectClient, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createApiToken, createOrganisation } from "../../../tests/support/factories.ts";
import {
  createSubscriptionRow,
  type Received,
  webhookReceiver,
} from "../../../tests/support/fanout-factories.ts";
import { type SmtpInbox, startSmtpInbox } from "../../../tests/support/smtp-inbox.ts";
import { WAIT } from "../../../tests/support/wait.ts";
import { startWorkers, type Workers } from "../../../workers/runner.ts";
import type { EnvelopeSignature, EventEnvelope } from "../../events/envelope.ts";
import { newWebhookSecret } from "../../fanout/signing.ts";
import { fanoutTasks } from "../../fanout/tasks/index.ts";
import { type RunningServer, startServer } from "../../server.ts";
import { formatCode } from "../code.ts";
import { qrPng } from "../qr.ts";
import { publishingChain, verify } from "./support.ts";

let ctx: TestContext;
let smtp: SmtpInbox;
let workers: Workers;
let server: RunningServer;
let chain: Awaited<ReturnType<typeof publishingChain>>;
const closers: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  smtp = await startSmtpInbox();
  ctx = await createTestContext({
    WEBHOOK_ALLOW_PRIVATE: "true",
    SMTP_URL: smtp.url,
  });
  chain = await publishingChain(ctx);
  server = await startServer(ctx.deps, { port: 0, host: "127.0.0.1" });
  workers = await startWorkers(ctx.deps, { tasks: fanoutTasks, pollInterval: 50 });
});
afterAll(async () => {
  for (const close of closers) await close();
  await workers.stop();
  await server.close();
  await ctx.close();
  await smtp.close();
});

interface PublishedKey {
  kid: string;
  webhookPublicKey: string;
  jwk: crypto.JsonWebKey;
}

async function publishedKeys(): Promise<PublishedKey[]> {
  return (await (await chain.app.request("/.well-known/chorus-keys.json")).json()).keys;
}

/** What a subscriber does with `node:crypto` alone: the payload's signature under its key. */
async function verifiesWithPublishedKey(s: { payload: string; signature: string; kid: string }) {
  const key = (await publishedKeys()).find((k) => k.kid === s.kid);
  if (!key) return false;
  const publicKey = crypto.createPublicKey({ key: key.jwk, format: "jwk" });
  return crypto.verify(
    null,
    Buffer.from(s.payload),
    publicKey,
    Buffer.from(s.signature, "base64url"),
  );
}

/** Standard Webhooks' asymmetric scheme, checked with node:crypto and the `whpk_` key. */
function verifiesV1a(whpk: string, headers: Record<string, string>, body: string): boolean {
  const raw = Buffer.from(whpk.replace(/^whpk_/, ""), "base64");
  const key = crypto.createPublicKey({
    key: { kty: "OKP", crv: "Ed25519", x: raw.toString("base64url") },
    format: "jwk",
  });
  const signed = Buffer.from(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`);
  return headers["webhook-signature"]!.split(" ")
    .filter((s) => s.startsWith("v1a,"))
    .some((s) => crypto.verify(null, signed, key, Buffer.from(s.slice(4), "base64")));
}

async function signatureRow(rebuttalId: string, type = "rebuttal.published") {
  const [row] = await ctx.sql`
    select event_id, code, kid, payload, signature from rebuttal_signatures
    where rebuttal_id = ${rebuttalId} and event_type = ${type}`;
  return row as { eventId: string; code: string; kid: string; payload: string; signature: string };
}

const expectedSignature = (row: Awaited<ReturnType<typeof signatureRow>>): EnvelopeSignature => ({
  payload: row.payload,
  signature: row.signature,
  kid: row.kid,
  alg: "Ed25519",
  code: row.code,
  verifyUrl: `http://chorus.test/verify/${row.code}`,
});

describe("webhooks carry the signature", () => {
  it("signs the request with v1 (HMAC) and v1a (Ed25519) and puts the signed message in the body", async () => {
    const secret = newWebhookSecret();
    const receiver = await webhookReceiver(secret);
    closers.push(receiver.close);
    const org = await createOrganisation(ctx.sql, { kind: "media" });
    await createSubscriptionRow(ctx.sql, { organisationId: org.id, target: receiver.url, secret });
    const r = await chain.publish("维生素C");
    const row = await signatureRow(r.id);
    const delivered = () => receiver.received.find((x: Received) => x.id === row.eventId);
    await expect.poll(() => delivered()?.verified, WAIT).toBe(true);

    const req = receiver.requests.find((q) => q.headers["webhook-id"] === row.eventId)!;
    const headers = req.headers as Record<string, string>;
    expect(headers["webhook-signature"]).toMatch(/^v1,\S+ v1a,\S+$/);
    const [key] = (await publishedKeys()).filter((k) => k.kid === row.kid);
    expect(key!.webhookPublicKey).toMatch(/^whpk_/);
    expect(verifiesV1a(key!.webhookPublicKey, headers, req.body)).toBe(true);
    expect(
      verifiesV1a(key!.webhookPublicKey, headers, req.body.replace("维生素C", "维生素D")),
    ).toBe(false);

    const envelope = JSON.parse(req.body) as EventEnvelope;
    expect(envelope.signature).toEqual(expectedSignature(row));
    expect(await verifiesWithPublishedKey(envelope.signature!)).toBe(true);
    expect(JSON.parse(envelope.signature!.payload).rebuttal.title).toBe(r.text.title);
    const answer = await verify(chain.app, {
      payload: envelope.signature!.payload,
      signature: envelope.signature!.signature,
    });
    expect(answer.body.verdict).toBe("genuine");
  });
});

describe("socket.io /media carries the signature", () => {
  async function connect(auth: Record<string, unknown>) {
    const events: EventEnvelope[] = [];
    const socket: Socket = connectClient(`${server.url}/media`, {
      auth,
      transports: ["websocket"],
      reconnection: false,
      forceNew: true,
    });
    closers.push(() => void socket.close());
    socket.on("event", (e: EventEnvelope) => events.push(e));
    await new Promise((resolve, reject) => {
      socket.once("ready", resolve);
      socket.once("connect_error", reject);
    });
    return { socket, events };
  }

  it("delivers the same signed message live and on replay by seq", async () => {
    const org = await createOrganisation(ctx.sql, { kind: "media" });
    const { token } = await createApiToken(ctx.sql, org.id, ["feed:read"]);
    const live = await connect({ token });
    const r = await chain.publish("大蒜");
    const row = await signatureRow(r.id);
    const ofRebuttal = (events: EventEnvelope[]) => events.find((e) => e.id === row.eventId);
    await expect
      .poll(() => ofRebuttal(live.events)?.signature, WAIT)
      .toEqual(expectedSignature(row));
    expect(await verifiesWithPublishedKey(ofRebuttal(live.events)!.signature!)).toBe(true);

    const seq = ofRebuttal(live.events)!.seq!;
    const replay = await connect({ token, lastSeq: seq - 1 });
    expect(ofRebuttal(replay.events)).toEqual(ofRebuttal(live.events));
  });
});

/** The decoded parts of a raw MIME message: each part's headers (lower case) and bytes. */
function mimeParts(raw: string) {
  const boundaries = [...raw.matchAll(/boundary="?([^";\r\n]+)"?/g)].map((m) => m[1]!);
  let chunks = [raw];
  for (const b of boundaries) chunks = chunks.flatMap((c) => c.split(`--${b}`));
  return chunks.map((chunk) => {
    const [head = "", ...rest] = chunk.replace(/^\r?\n/, "").split(/\r?\n\r?\n/);
    const body = rest.join("\r\n\r\n");
    const headers = head.replace(/\r?\n[ \t]+/g, " ").toLowerCase();
    let content = Buffer.from(body);
    if (headers.includes("content-transfer-encoding: base64"))
      content = Buffer.from(body.replace(/\s/g, ""), "base64");
    if (headers.includes("content-transfer-encoding: quoted-printable")) {
      const bytes = body
        .replace(/=\r?\n/g, "")
        .replace(/=([0-9A-F]{2})/g, (_, h: string) => `%${h}`);
      content = Buffer.from(decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/g, "%25")));
    }
    return { headers, content };
  });
}

describe("emails carry the verification code and QR code", () => {
  it("shows the code and /verify link in text and HTML, with the QR code as an inline PNG", async () => {
    const org = await createOrganisation(ctx.sql, { kind: "media" });
    const address = `desk-${crypto.randomBytes(3).toString("hex")}@media.test`;
    await createSubscriptionRow(ctx.sql, {
      organisationId: org.id,
      channel: "email",
      target: address,
    });
    const r = await chain.publish("盐水漱口");
    const row = await signatureRow(r.id);
    const mailOf = () =>
      smtp.inbox.find((m) => m.to.includes(address) && m.raw.includes(row.eventId));
    await expect.poll(() => Boolean(mailOf()), WAIT).toBe(true);

    const parts = mimeParts(mailOf()!.raw);
    const url = `http://chorus.test/verify/${row.code}`;
    const text = parts.find((p) => p.headers.includes("content-type: text/plain"))!;
    expect(text.content.toString()).toContain(`核验码：${formatCode(row.code)}`);
    expect(text.content.toString()).toContain(`核验真伪：${url}`);
    const html = parts
      .find((p) => p.headers.includes("content-type: text/html"))!
      .content.toString();
    expect(html).toContain(formatCode(row.code));
    expect(html).toContain(`href="${url}"`);
    const cid = /<img src="cid:([^"]+)"/.exec(html)![1]!;
    const image = parts.find((p) => p.headers.includes(`content-id: <${cid}>`))!;
    expect(image.headers).toContain("content-type: image/png");
    expect(image.content.equals(await qrPng(url))).toBe(true);
  });
});

describe("feeds carry the signature", () => {
  it("puts _chorus in JSON Feed items and <chorus:verify> in Atom, RSS and CAP entries", async () => {
    const r = await chain.publish("熏醋");
    await chain.retract(r.id, "依据已更新，此条撤回");
    const row = await signatureRow(r.id, "rebuttal.retracted");
    const feed = await (await chain.app.request("/feeds/feed.json")).json();
    const item = feed.items.find((i: { id: string }) => i.id === r.id);
    expect(item._chorus).toMatchObject({ ...expectedSignature(row), about: expect.any(String) });
    expect(await verifiesWithPublishedKey(item._chorus)).toBe(true);
    expect(JSON.parse(item._chorus.payload).rebuttal.retracted).toBe(true);

    for (const path of ["/feeds/atom.xml", "/feeds/rss.xml", "/api/v1/feeds/cap"]) {
      const xml = await (await chain.app.request(path)).text();
      const element = new RegExp(
        `<chorus:verify xmlns:chorus="urn:chorus:signed-message:1" code="${row.code}" kid="([^"]+)" alg="Ed25519" signature="([^"]+)" href="([^"]+)">([^<]*)</chorus:verify>`,
      ).exec(xml);
      expect(element, path).not.toBeNull();
      const [, kid, signature, href, escaped] = element!;
      const payload = escaped!
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&amp;/g, "&");
      expect(payload).toBe(row.payload);
      expect(href).toBe(`http://chorus.test/verify/${row.code}`);
      expect(await verifiesWithPublishedKey({ payload, signature: signature!, kid: kid! })).toBe(
        true,
      );
    }
    expect(await (await chain.app.request("/feeds/atom.xml")).text()).toContain(
      `<link rel="related" title="核验真伪" href="http://chorus.test/verify/${row.code}"/>`,
    );
  });
});
