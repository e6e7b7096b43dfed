import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import type { Db, Sql } from "../../src/db/client.ts";
import type { EventBody, EventEnvelope, PublicEventType } from "../../src/events/envelope.ts";
import type { RebuttalPublishedData } from "../../src/events/rebuttal-data.ts";
import { recordEvent } from "../../src/events/record.ts";
import type {
  CaseOpenedData,
  ReviewRequestedData,
  StaffNotify,
} from "../../src/events/staff-data.ts";
import { newWebhookSecret } from "../../src/fanout/signing.ts";

const unique = () => crypto.randomBytes(4).toString("hex");

export interface RebuttalFacts {
  id: string;
  slug: string;
  title: string;
  category: string | null;
  regions: string[];
  urgency: number | null;
  kind: "rebuttal" | "explainer" | "guidance";
  drill: boolean;
}

/** A published rebuttal row (no case, no revision): enough for the fan-out to describe it. */
export async function createRebuttal(
  sql: Sql,
  r: Partial<Omit<RebuttalFacts, "id" | "slug">> = {},
): Promise<RebuttalFacts> {
  const slug = `r-${unique()}`;
  const facts = {
    title: r.title ?? `测试辟谣 ${slug}`,
    category: r.category === undefined ? "infectious-disease" : r.category,
    regions: r.regions ?? ["460000"],
    urgency: r.urgency === undefined ? 2 : r.urgency,
    kind: r.kind ?? "rebuttal",
    drill: r.drill ?? false,
  };
  const [row] = await sql`
    insert into rebuttals (slug, kind, claim, verdict, title, summary, body_md, body_html, category,
                           regions, urgency, drill)
    values (${slug}, ${facts.kind}, '喝板蓝根能预防新冠', 'false', ${facts.title}, '没有证据表明板蓝根能预防新冠病毒感染。',
            '正文', '<p>正文</p>', ${facts.category}, ${facts.regions}, ${facts.urgency}, ${facts.drill})
    returning id`;
  return { id: row!.id as string, slug, ...facts };
}

/** The event data of a rebuttal, as the publishing transaction builds it. */
export function rebuttalData(r: RebuttalFacts): RebuttalPublishedData {
  const now = new Date().toISOString();
  return {
    rebuttal: {
      id: r.id,
      slug: r.slug,
      url: `http://chorus.test/rebuttals/${r.slug}`,
      kind: r.kind,
      claim: "喝板蓝根能预防新冠",
      verdict: "false",
      title: r.title,
      summary: "没有证据表明板蓝根能预防新冠病毒感染。",
      category: r.category,
      regions: r.regions,
      urgency: r.urgency,
      coSigners: [{ id: crypto.randomUUID(), name: "海南省卫生健康委员会" }],
      version: 1,
      publishedAt: now,
      updatedAt: now,
      drill: r.drill,
    },
  };
}

/** A public event of a rebuttal: an update replaces `previousVersion`, a retraction gives a reason. */
function rebuttalEvent(
  r: RebuttalFacts,
  type: PublicEventType,
  extra: { previousVersion?: number; reason?: string },
): EventBody {
  const data = rebuttalData(r);
  if (type === "rebuttal.updated")
    return { type, data: { ...data, previousVersion: extra.previousVersion ?? 1 } };
  if (type === "rebuttal.retracted")
    return { type, data: { ...data, reason: extra.reason ?? "测试撤回" } };
  return { type, data };
}

/** Records a public event for a rebuttal in its own transaction (as publishing would). */
export async function publish(
  sql: Db,
  r: RebuttalFacts,
  type: PublicEventType = "rebuttal.published",
  extra: { previousVersion?: number; reason?: string } = {},
): Promise<EventEnvelope> {
  return sql.begin((tx) =>
    recordEvent(tx, { ...rebuttalEvent(r, type, extra), rebuttalId: r.id, drill: r.drill }),
  );
}

/** The data of a `case.opened` event about a made-up case, telling `notify`. */
export function caseOpenedData(notify: StaffNotify["notify"], title = "测试事件"): CaseOpenedData {
  return {
    notify,
    case: {
      id: crypto.randomUUID(),
      number: 1,
      title,
      status: "new",
      origin: "proactive",
      category: null,
      urgency: null,
      regionCode: null,
      deadlineAt: null,
      drill: false,
    },
  };
}

/** The data of a `review.requested` event about a made-up revision, telling `notify`. */
export function reviewRequestedData(
  notify: StaffNotify["notify"],
  title = "测试稿件",
): ReviewRequestedData {
  return {
    notify,
    caseId: crypto.randomUUID(),
    caseNumber: 1,
    caseTitle: "测试事件",
    urgency: 3,
    revisionId: crypto.randomUUID(),
    revisionNumber: 1,
    title,
    summary: `事件 #1「测试事件」第 1 稿，待审步骤：审核`,
    roundId: crypto.randomUUID(),
    mode: "sequential",
    steps: [{ index: 0, name: "审核", deadlineAt: null }],
  };
}

/** A subscription row written directly (the API is tested separately). */
export async function createSubscriptionRow(
  sql: Sql,
  s: {
    organisationId: string;
    channel?: "webhook" | "email";
    target: string;
    filters?: Record<string, unknown>;
    secret?: string;
  },
) {
  const secret = s.channel === "email" ? null : (s.secret ?? newWebhookSecret());
  const [row] = await sql`
    insert into subscriptions (organisation_id, channel, target, filters, secret, unsubscribe_key)
    values (${s.organisationId}, ${s.channel ?? "webhook"}, ${s.target},
            ${sql.json((s.filters ?? {}) as never)}, ${secret}, ${crypto.randomBytes(16).toString("hex")})
    returning id`;
  return { id: row!.id as string, secret };
}

export interface Received {
  id: string;
  envelope: EventEnvelope;
  verified: boolean;
}

/**
 * A real HTTP receiver on 127.0.0.1 that verifies every request with the `standardwebhooks`
 * library and answers with the scripted statuses first (then 200).
 */
export async function webhookReceiver(
  secret: string,
  script: { status: number; headers?: Record<string, string> }[] = [],
) {
  const wh = new Webhook(secret);
  const received: Received[] = [];
  const requests: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const queue = [...script];
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => {
      body += c;
    });
    req.on("end", () => {
      requests.push({ headers: req.headers, body });
      const next = queue.shift();
      if (next) {
        res.writeHead(next.status, next.headers).end();
        return;
      }
      let verified = true;
      try {
        wh.verify(body, req.headers as Record<string, string>);
      } catch {
        verified = false;
      }
      received.push({
        id: String(req.headers["webhook-id"]),
        envelope: JSON.parse(body),
        verified,
      });
      res.writeHead(verified ? 204 : 400).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/chorus`,
    received,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
