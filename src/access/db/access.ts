import type { Sql } from "../../db/client.ts";

export interface OrganisationRecord {
  id: string;
  slug: string;
  name: string;
  kind: string;
  regionCode: string;
  createdAt: Date;
}

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  roles: string[];
  expertise: string[];
  active: boolean;
  hasPassword: boolean;
  createdAt: Date;
  updatedAt: Date;
  organisation: { id: string; slug: string; name: string; kind: string; regionCode: string };
}

const userColumns = (sql: Sql) => sql`
  u.id, u.email, u.name, u.roles, u.expertise, u.active, u.password_hash is not null as has_password,
  u.created_at, u.updated_at,
  json_build_object('id', o.id, 'slug', o.slug, 'name', o.name, 'kind', o.kind,
                    'regionCode', o.region_code) as organisation`;

/** One person with their organisation, or undefined. */
export async function findUser(sql: Sql, id: string): Promise<UserRecord | undefined> {
  const [row] = await sql`
    select ${userColumns(sql)} from users u join organisations o on o.id = u.organisation_id
    where u.id = ${id}`;
  return row as UserRecord | undefined;
}

export interface UserFilters {
  organisationId?: string;
  role?: string;
  expertise?: string;
  active?: boolean;
  q?: string;
  limit: number;
  offset: number;
}

/** People matching the filters, by name, and how many match in all. */
export async function listUsers(sql: Sql, f: UserFilters) {
  const where = sql`
    where (${f.organisationId ?? null}::uuid is null or u.organisation_id = ${f.organisationId ?? null})
      and (${f.role ?? null}::text is null or ${f.role ?? null} = any (u.roles))
      and (${f.expertise ?? null}::text is null or ${f.expertise ?? null} = any (u.expertise))
      and (${f.active ?? null}::boolean is null or u.active = ${f.active ?? null})
      and (${f.q ?? null}::text is null or u.name ilike '%' || ${f.q ?? null} || '%'
           or u.email ilike '%' || ${f.q ?? null} || '%')`;
  const rows = await sql`
    select ${userColumns(sql)}, count(*) over () as total
    from users u join organisations o on o.id = u.organisation_id ${where}
    order by u.name, u.id limit ${f.limit} offset ${f.offset}`;
  const total = rows.length ? Number(rows[0]!.total) : 0;
  return { items: rows.map(({ total: _t, ...u }) => u as unknown as UserRecord), total };
}

export async function emailTaken(sql: Sql, email: string, exceptId?: string) {
  const [row] = await sql`
    select 1 from users where lower(email) = lower(${email})
      and (${exceptId ?? null}::uuid is null or id <> ${exceptId ?? null})`;
  return Boolean(row);
}

export async function insertUser(
  sql: Sql,
  u: {
    email: string;
    name: string;
    organisationId: string;
    roles: string[];
    expertise: string[];
    passwordHash: string | null;
  },
) {
  const [row] = await sql`
    insert into users (email, name, organisation_id, roles, expertise, password_hash)
    values (${u.email}, ${u.name}, ${u.organisationId}, ${u.roles}, ${u.expertise},
            ${u.passwordHash})
    returning id`;
  return row!.id as string;
}

export interface UserChanges {
  name?: string;
  email?: string;
  organisationId?: string;
  roles?: string[];
  expertise?: string[];
  active?: boolean;
  passwordHash?: string;
}

export async function updateUser(sql: Sql, id: string, ch: UserChanges) {
  await sql`
    update users set
      name = coalesce(${ch.name ?? null}, name),
      email = coalesce(${ch.email ?? null}, email),
      organisation_id = coalesce(${ch.organisationId ?? null}::uuid, organisation_id),
      roles = coalesce(${ch.roles ?? null}::text[], roles),
      expertise = coalesce(${ch.expertise ?? null}::text[], expertise),
      active = coalesce(${ch.active ?? null}::boolean, active),
      password_hash = coalesce(${ch.passwordHash ?? null}, password_hash),
      updated_at = now()
    where id = ${id}`;
}

export async function findOrganisation(sql: Sql, id: string) {
  const [row] = await sql`
    select id, slug, name, kind, region_code, created_at from organisations where id = ${id}`;
  return row as OrganisationRecord | undefined;
}

/** Organisations, optionally of one kind or region, by name. */
export async function listOrganisations(sql: Sql, f: { kind?: string; regionCode?: string }) {
  return sql<(OrganisationRecord & { userCount: number })[]>`
    select o.id, o.slug, o.name, o.kind, o.region_code, o.created_at,
           (select count(*) from users u where u.organisation_id = o.id)::int as user_count
    from organisations o
    where (${f.kind ?? null}::text is null or o.kind = ${f.kind ?? null})
      and (${f.regionCode ?? null}::text is null or o.region_code = ${f.regionCode ?? null})
    order by o.name, o.id`;
}

export async function insertOrganisation(
  sql: Sql,
  o: { slug: string; name: string; kind: string; regionCode: string },
) {
  const [row] = await sql`
    insert into organisations (slug, name, kind, region_code)
    values (${o.slug}, ${o.name}, ${o.kind}, ${o.regionCode})
    returning id, slug, name, kind, region_code, created_at`;
  return row as OrganisationRecord;
}

export async function updateOrganisation(
  sql: Sql,
  id: string,
  ch: { slug?: string; name?: string; kind?: string; regionCode?: string },
) {
  const [row] = await sql`
    update organisations set
      slug = coalesce(${ch.slug ?? null}, slug),
      name = coalesce(${ch.name ?? null}, name),
      kind = coalesce(${ch.kind ?? null}, kind),
      region_code = coalesce(${ch.regionCode ?? null}, region_code)
    where id = ${id}
    returning id, slug, name, kind, region_code, created_at`;
  return row as OrganisationRecord | undefined;
}

export async function slugTaken(sql: Sql, slug: string, exceptId?: string) {
  const [row] = await sql`
    select 1 from organisations where slug = ${slug}
      and (${exceptId ?? null}::uuid is null or id <> ${exceptId ?? null})`;
  return Boolean(row);
}

/** Which of the given codes are not known regions. */
export async function unknownRegions(sql: Sql, codes: string[]) {
  if (!codes.length) return [];
  const rows = await sql`select code from regions where code in ${sql(codes)}`;
  const known = new Set(rows.map((r) => r.code as string));
  return codes.filter((c) => !known.has(c));
}

/** Which of the given slugs are not known categories. */
export async function unknownCategories(sql: Sql, slugs: string[]) {
  if (!slugs.length) return [];
  const rows = await sql`select slug from categories where slug in ${sql(slugs)}`;
  const known = new Set(rows.map((r) => r.slug as string));
  return slugs.filter((s) => !known.has(s));
}
