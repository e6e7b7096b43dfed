import { appendAudit } from "../src/audit/append.ts";
import type { OrganisationKind, Role } from "../src/auth/actor.ts";
import { hashPassword } from "../src/auth/password.ts";
import type { Sql } from "../src/db/client.ts";
import type { Deps } from "../src/deps.ts";

/** The demo password of every demo login (DESIGN.md). */
export const DEMO_PASSWORD = "chorus-demo-2020";

/**
 * Demo organisations by stable slug. Review chains in content/ refer to these slugs, so they
 * never change (docs/adr/0010-access.md lists them).
 */
export const demoOrganisations: {
  slug: string;
  name: string;
  kind: OrganisationKind;
  region: string;
}[] = [
  { slug: "hainan-cast", name: "海南省科协", kind: "coordinator", region: "460000" },
  {
    slug: "hainan-health-commission",
    name: "海南省卫生健康委员会",
    kind: "government",
    region: "460000",
  },
  {
    slug: "hainan-publicity-dept",
    name: "中共海南省委宣传部",
    kind: "government",
    region: "460000",
  },
  {
    slug: "hainan-market-regulation",
    name: "海南省市场监督管理局",
    kind: "government",
    region: "460000",
  },
  {
    slug: "hainan-emergency-management",
    name: "海南省应急管理厅",
    kind: "government",
    region: "460000",
  },
  {
    slug: "hainan-meteorological-bureau",
    name: "海南省气象局",
    kind: "government",
    region: "460000",
  },
  { slug: "hainan-earthquake-agency", name: "海南省地震局", kind: "government", region: "460000" },
  {
    slug: "hainan-medical-association",
    name: "海南省医学会",
    kind: "academic_society",
    region: "460000",
  },
  { slug: "hainan-peoples-hospital", name: "海南省人民医院", kind: "medical", region: "460000" },
  { slug: "catas", name: "中国热带农业科学院", kind: "research", region: "460000" },
  { slug: "hainan-daily", name: "海南日报", kind: "media", region: "460000" },
  { slug: "haikou-media-centre", name: "海口市融媒体中心", kind: "media", region: "460100" },
];

/** The demo logins of DESIGN.md, with their organisation slug. */
export const demoUsers: {
  email: string;
  name: string;
  org: string;
  roles: Role[];
  expertise: string[];
}[] = [
  {
    email: "coordinator@demo.chorus",
    name: "王协调（科协值班）",
    org: "hainan-cast",
    roles: ["coordinator"],
    expertise: [],
  },
  {
    email: "expert.health@demo.chorus",
    name: "陈医生（省人民医院）",
    org: "hainan-peoples-hospital",
    roles: ["expert"],
    expertise: ["infectious-disease", "vaccines", "health-myths", "mental-health"],
  },
  {
    email: "expert.food@demo.chorus",
    name: "林研究员（热带农科院）",
    org: "catas",
    roles: ["expert"],
    expertise: ["food-safety", "environment"],
  },
  {
    email: "expert.peer@demo.chorus",
    name: "黄教授（省医学会）",
    org: "hainan-medical-association",
    roles: ["expert"],
    expertise: ["infectious-disease", "vaccines", "health-myths"],
  },
  {
    email: "reviewer.health@demo.chorus",
    name: "符审核（卫健委）",
    org: "hainan-health-commission",
    roles: ["reviewer"],
    expertise: [],
  },
  {
    email: "reviewer.publicity@demo.chorus",
    name: "吴审核（宣传部）",
    org: "hainan-publicity-dept",
    roles: ["reviewer"],
    expertise: [],
  },
  {
    email: "reviewer.market@demo.chorus",
    name: "陈审核（市场监管局）",
    org: "hainan-market-regulation",
    roles: ["reviewer"],
    expertise: [],
  },
  {
    email: "media@demo.chorus",
    name: "海南日报编辑部",
    org: "hainan-daily",
    roles: ["media"],
    expertise: [],
  },
  {
    email: "admin@demo.chorus",
    name: "系统管理员",
    org: "hainan-cast",
    roles: ["admin"],
    expertise: [],
  },
];

async function upsertOrganisations(sql: Sql): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const o of demoOrganisations) {
    const [row] = await sql`
      insert into organisations (slug, name, kind, region_code)
      values (${o.slug}, ${o.name}, ${o.kind}, ${o.region})
      on conflict (slug) do update set name = excluded.name, kind = excluded.kind,
        region_code = excluded.region_code
      returning id`;
    ids.set(o.slug, row!.id as string);
  }
  return ids;
}

/** Inserts missing demo logins; existing ones (and their changed passwords) are left alone. */
async function insertMissingUsers(sql: Sql, orgIds: Map<string, string>): Promise<string[]> {
  const added: string[] = [];
  for (const u of demoUsers) {
    const [exists] = await sql`select 1 from users where lower(email) = ${u.email}`;
    if (exists) continue;
    const hash = await hashPassword(DEMO_PASSWORD);
    await sql`
      insert into users (email, name, organisation_id, roles, expertise, password_hash)
      values (${u.email}, ${u.name}, ${orgIds.get(u.org)!}, ${u.roles}, ${u.expertise}, ${hash})
      on conflict (lower(email)) do nothing`;
    added.push(u.email);
  }
  return added;
}

/**
 * Loads the demo organisations and logins, idempotently. Never runs in production
 * (bootstrap skips demoOnly steps when `config.seedDemo` is off).
 */
export async function seedDemo(deps: Pick<Deps, "sql">): Promise<string> {
  return deps.sql.begin(async (tx) => {
    const orgIds = await upsertOrganisations(tx);
    const added = await insertMissingUsers(tx, orgIds);
    if (added.length) {
      await appendAudit(tx, {
        actor: { kind: "system", label: "seeds/demo" },
        action: "seed.demo_loaded",
        data: { organisations: demoOrganisations.length, usersAdded: added },
      });
    }
    return `${demoOrganisations.length} organisations, ${added.length} new logins`;
  });
}
