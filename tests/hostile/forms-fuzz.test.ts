import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csrfTokenForSession } from "../../src/auth/csrf.ts";
import type { App } from "../../src/http/env.ts";
import { browserSession } from "../support/access-factories.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { createApiToken } from "../support/factories.ts";
import { createSubscriptionRow } from "../support/fanout-factories.ts";
import { encodeHostile, hostileText } from "../support/hostile.ts";
import { createRebuttal } from "../support/library-factories.ts";
import { createTriagedCase, healthChainCast, reviewApi } from "../support/review-factories.ts";

/**
 * Every console and public form, found the way a person finds them: by following the links of
 * the pages (signed in with every role) and reading each `<form>` — its action, method, fields
 * and CSRF token. Then fast-check posts hostile bodies to each: malformed encoding, oversized,
 * missing or repeated fields, control characters, NUL, lone surrogates, junk files. No answer
 * may be a 5xx or hang; each is a readable Chinese page (or problem) or a redirect.
 */
let ctx: TestContext;
let app: App;
const forms: Form[] = [];
let sent = 0;
const answered: { form: string; signedIn: boolean; status: number }[] = [];

interface Form {
  page: string;
  action: string;
  method: "get" | "post";
  multipart: boolean;
  fields: string[];
  files: string[];
  csrf?: string;
  /** The console session the form was found in (none: public). */
  session?: Session;
}

interface Session {
  cookie: string;
  csrf: string;
}

/** The links, and the forms with their fields, of an HTML page. */
function readPage(page: string, html: string, session?: Session) {
  const decode = (s: string) => s.replace(/&amp;/g, "&").replace(/&#x2F;/gi, "/");
  const links = [...html.matchAll(/href="(\/[^"#]*)"/g)].map((m) => decode(m[1]!));
  const found: Form[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attrs = m[1]!;
    const body = m[2]!;
    const attr = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(attrs)?.[1];
    const names = [...body.matchAll(/<(input|textarea|select)\b[^>]*\bname="([^"]+)"[^>]*>/g)];
    found.push({
      page,
      action: decode(attr("action") ?? page),
      method: (attr("method") ?? "get").toLowerCase() === "post" ? "post" : "get",
      multipart: attr("enctype") === "multipart/form-data",
      fields: names.filter((n) => !/type="file"/.test(n[0])).map((n) => n[2]!),
      files: names.filter((n) => /type="file"/.test(n[0])).map((n) => n[2]!),
      csrf: /name="_csrf"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="_csrf"/
        .exec(body)
        ?.slice(1)
        .find(Boolean),
      session,
    });
  }
  return { links, found };
}

/** Follows links from `start` (same area only), collecting every form once per action. */
async function crawl(start: string[], area: RegExp, session?: Session, limit = 60) {
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length > 0 && seen.size < limit) {
    const page = queue.shift()!;
    if (seen.has(page) || !area.test(page)) continue;
    seen.add(page);
    const res = await app.request(page, { headers: session ? { cookie: session.cookie } : {} });
    if (!(res.headers.get("content-type") ?? "").includes("text/html")) continue;
    const { links, found } = readPage(page, await res.text(), session);
    queue.push(...links.filter((l) => !seen.has(l)));
    for (const f of found) {
      const key = `${f.method} ${f.action.replace(/[0-9a-f-]{36}/g, ":id")}`;
      // Signing out would end the session the other forms need.
      if (f.action === "/console/sign-out" || forms.some((g) => g.page === key)) continue;
      forms.push({ ...f, page: key });
    }
  }
}

beforeAll(async () => {
  ctx = await createTestContext({ TRUST_PROXY: "true" });
  const cast = await healthChainCast(ctx);
  app = cast.app;
  const everyone = await browserSession(app, ctx.sql, [
    "admin",
    "coordinator",
    "expert",
    "reviewer",
    "media",
  ]);
  const me = {
    user: everyone.user,
    token: everyone.token,
    auth: { authorization: `Bearer ${everyone.token}` },
  };
  const c = await createTriagedCase(ctx.sql, { lead: me });
  const draft = await reviewApi(app).draft(c.id, me);
  const submitted = await createTriagedCase(ctx.sql, { lead: me });
  const waiting = await reviewApi(app).draft(submitted.id, me);
  await reviewApi(app).submit(waiting.id, me);
  await createSubscriptionRow(ctx.sql, {
    organisationId: everyone.user.organisationId,
    target: "https://example.com/hook",
  });
  await createApiToken(ctx.sql, everyone.user.organisationId, ["subscriptions:manage"]);
  const rebuttal = await createRebuttal(ctx.sql, { claim: "喝板蓝根能预防新冠" });
  await crawl(
    ["/console", `/console/cases/${c.id}`, `/console/revisions/${draft.id}`, "/console/topics"],
    /^\/console\//,
    everyone,
  );
  // The peer expert asked to decide sees the review form (a person never decides their own).
  const peer = {
    cookie: `chorus_session=${cast.peer.token}; chorus_csrf=${csrfTokenForSession(cast.peer.token)}`,
    csrf: csrfTokenForSession(cast.peer.token),
  };
  await crawl(["/console/reviews", `/console/revisions/${waiting.id}`], /^\/console\//, peer);
  await crawl(["/", "/report", "/verify", `/r/${rebuttal.slug}`], /^\/(?!console|api|assets)/);
}, 120_000);
afterAll(() => ctx.close());

/** One field's value: hostile text, or a list of them (the field repeated). */
const fieldValue = fc.oneof(
  { weight: 4, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.array(hostileText, { minLength: 2, maxLength: 3 }) },
);

/** A body for a form: its own fields (some missing, some extra), or raw junk. */
function bodyFor(form: Form): fc.Arbitrary<Body> {
  const known = [...form.fields.filter((f) => f !== "_csrf"), "unknownField", "__proto__"];
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .dictionary(fc.constantFrom(...known), fieldValue, { maxKeys: known.length })
        .map((fields) => ({ kind: "fields" as const, fields })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          "%",
          "%ZZ",
          "a=%E0%A4%A",
          "=&=&&",
          "\u0000",
          "a=1&a=2&a[]=3",
          "x".repeat(3_000_000),
        )
        .map((raw) => ({ kind: "raw" as const, raw })),
    },
  );
}

function encodeForm(fields: Record<string, string | string[]>, csrf?: string): string {
  const parts = Object.entries(fields).flatMap(([k, v]) =>
    (Array.isArray(v) ? v : [v]).map((x) => `${encodeHostile(k)}=${encodeHostile(x)}`),
  );
  if (csrf) parts.push(`_csrf=${encodeURIComponent(csrf)}`);
  return parts.join("&");
}

/** A junk file: random bytes under an image's name and type, or an empty one. */
const junkFile = fc
  .tuple(
    fc.uint8Array({ maxLength: 4096 }),
    fc.constantFrom("a.png", "b.jpg", "../../x", "\u0000.gif", ""),
  )
  .map(([bytes, name]) => new File([bytes], name, { type: "image/png" }));

type Body =
  | { kind: "fields"; fields: Record<string, string | string[]> }
  | { kind: "raw"; raw: string };

async function submit(form: Form, b: Body, file?: File) {
  const headers: Record<string, string> = {
    origin: "http://chorus.test",
    "x-forwarded-for": `198.19.${Math.floor(++sent / 250) % 250}.${sent % 250}`,
  };
  if (form.session) headers.cookie = form.session.cookie;
  const csrf = form.csrf ?? form.session?.csrf;
  let init: RequestInit;
  let url = form.action;
  if (form.method === "get") {
    const qs = b.kind === "raw" ? b.raw.slice(0, 4000) : encodeForm(b.fields);
    url = `${form.action}${form.action.includes("?") ? "&" : "?"}${qs}`;
    init = { method: "GET", headers };
  } else if (form.multipart || file) {
    const data = new FormData();
    if (b.kind === "fields") {
      for (const [k, v] of Object.entries(b.fields)) for (const x of [v].flat()) data.append(k, x);
    }
    if (csrf) data.append("_csrf", csrf);
    for (const name of form.files.length > 0 ? form.files : ["image"])
      if (file) data.append(name, file);
    init = { method: "POST", headers, body: data };
  } else {
    headers["content-type"] = "application/x-www-form-urlencoded";
    const raw =
      b.kind === "raw"
        ? `${b.raw}${csrf ? `&_csrf=${encodeURIComponent(csrf)}` : ""}`
        : encodeForm(b.fields, csrf);
    init = { method: "POST", headers, body: raw };
  }
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer in 20 s: ${form.method} ${url.slice(0, 200)}`)),
      20_000,
    );
  });
  try {
    return await Promise.race([app.request(url, init), hang]);
  } finally {
    clearTimeout(timer);
  }
}

const CHINESE = /[\u4e00-\u9fff]/;

/** Inputs that once answered 500 (issue 14, item 7), run before the generated ones. */
function regressions(all: Form[]): [[Form, Body, File | undefined]][] {
  const form = (action: RegExp) => all.find((f) => action.test(f.action))!;
  const fields = (f: Record<string, string>): Body => ({ kind: "fields", fields: f });
  return [
    [
      [
        form(/^\/console\/sign-in$/),
        fields({ email: "a\u0000@x.cn", password: "\ud800" }),
        undefined,
      ],
    ],
    [
      [
        form(/^\/report$/),
        fields({ text: "板蓝根\u0000能预防新冠", contact: "\udfff" }),
        undefined,
      ],
    ],
    [[form(/^\/$/), fields({ q: "\u0000" }), undefined]],
    [[form(/^\/console\/cases\/new$/), fields({ title: "x\ud83dy", text: "\u0000" }), undefined]],
  ];
}

describe("hostile input over every console and public form", () => {
  it("finds the forms a person can reach: sign-in, cases, triage, drafts, reviews, admin, media, topics, report, verify, votes, search", () => {
    const actions = forms.map((f) => `${f.method} ${f.action}`).join("\n");
    for (const expected of [
      /post \/console\/cases\/new/,
      /post \/console\/cases\/[^/]+\/triage/,
      /post \/console\/cases\/[^/]+\/draft/,
      /post \/console\/admin\/organisations/,
      /post \/console\/admin\/people/,
      /post \/console\/media\/subscriptions/,
      /post \/console\/media\/tokens/,
      /post \/console\/topics/,
      /post \/console\/revisions\/[^/]+\/decide/,
      /post \/report/,
      /post \/verify/,
      /post \/r\/[^/]+\/helpful/,
      /get \//,
    ]) {
      expect(actions).toMatch(expected);
    }
  });

  it("never answers 5xx or hangs; every answer is a Chinese page, a problem or a redirect", async () => {
    const signIn: Form = {
      page: "sign-in",
      action: "/console/sign-in",
      method: "post",
      multipart: false,
      fields: ["email", "password", "next"],
      files: [],
    };
    const all = [signIn, ...forms];
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...all)
          .chain((form) =>
            fc.tuple(
              fc.constant(form),
              bodyFor(form),
              fc.oneof(
                { weight: 3, arbitrary: fc.constant(undefined) },
                { weight: 1, arbitrary: junkFile },
              ),
            ),
          ),
        async ([form, body, file]) => {
          const res = await submit(form, body, file);
          answered.push({ form: form.page, signedIn: !!form.session, status: res.status });
          const text = await res.text();
          const where = `${form.method} ${form.action} → ${res.status} ${text.slice(0, 300)}`;
          expect(res.status, where).toBeLessThan(500);
          if (res.status >= 300 && res.status < 400) {
            expect(res.headers.get("location"), where).toBeTruthy();
          } else {
            expect(text, where).toMatch(CHINESE);
          }
        },
      ),
      {
        numRuns: 400,
        seed: Number(process.env.FUZZ_SEED ?? 20_261_130),
        // Issue 14, item 7: NUL and lone surrogates reaching Postgres answered 500; kept as examples.
        examples: regressions(all),
      },
    );
    // The CSRF token read from the pages works: staff posts reach the forms' own checks.
    const staffAnswers = answered.filter((a) => a.signedIn).map((a) => a.status);
    expect(staffAnswers.filter((s) => s !== 403).length).toBeGreaterThan(staffAnswers.length / 2);
  }, 120_000);
});
