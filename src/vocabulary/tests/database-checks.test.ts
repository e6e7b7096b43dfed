import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { readCategories, readRegions } from "../../content/reference.ts";
import { caseStates } from "../case-states.ts";
import { channels } from "../channels.ts";
import { organisationKinds } from "../organisation-kinds.ts";
import { rebuttalKinds } from "../rebuttal-kinds.ts";
import { roles } from "../roles.ts";
import { topicKinds, topicStates } from "../topic-kinds.ts";
import { urgencyRange } from "../urgencies.ts";
import { verdicts } from "../verdicts.ts";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/** The text of the CHECK constraint on exactly this one column, as Postgres prints it. */
async function checkOn(table: string, column: string): Promise<string> {
  const rows = await ctx.sql<{ def: string }[]>`
    select pg_get_constraintdef(c.oid) as def
    from pg_constraint c
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
    where c.contype = 'c' and c.conrelid = ${table}::regclass
      and array_length(c.conkey, 1) = 1 and a.attname = ${column}`;
  expect(rows, `one CHECK on ${table}.${column}`).toHaveLength(1);
  return rows[0]!.def;
}

/** The quoted text values a CHECK lists (`= ANY (ARRAY['a'::text, …])`, `<@ ARRAY[…]`). */
async function listedValues(table: string, column: string): Promise<string[]> {
  return [...(await checkOn(table, column)).matchAll(/'([^']*)'::text/g)].map((m) => m[1]!);
}

describe("the database CHECKs allow exactly the vocabulary", () => {
  it.each([
    ["revisions", "verdict", verdicts],
    ["rebuttals", "verdict", verdicts],
    ["revisions", "kind", rebuttalKinds],
    ["rebuttals", "kind", rebuttalKinds],
    ["cases", "status", caseStates],
    ["subscriptions", "channel", channels],
    ["users", "roles", roles],
    ["organisations", "kind", organisationKinds],
    ["topics", "kind", topicKinds],
    ["topics", "status", topicStates],
  ] as const)("%s.%s lists the same values", async (table, column, values) => {
    expect(await listedValues(table, column)).toEqual([...values]);
  });

  it.each([
    ["cases", "urgency"],
    ["rebuttals", "urgency"],
  ])("%s.%s spans the urgency levels", async (table, column) => {
    const def = await checkOn(table, column);
    const bounds = [...def.matchAll(/([<>]=) (\d+)/g)].map((m) => [m[1], Number(m[2])]);
    expect(bounds).toEqual([
      [">=", urgencyRange.min],
      ["<=", urgencyRange.max],
    ]);
  });
});

describe("categories and regions are defined by content/ alone", () => {
  it("the categories table holds the taxonomy, in its order", async () => {
    const rows = await ctx.sql<{ slug: string; name: string }[]>`
      select slug, name from categories order by position`;
    expect(rows).toEqual(readCategories().map(({ slug, name }) => ({ slug, name })));
  });

  it("the regions table holds content/regions.json", async () => {
    const rows = await ctx.sql<{ code: string; name: string; parentCode: string | null }[]>`
      select code, name, parent_code from regions order by code`;
    const expected = readRegions()
      .map((r) => ({ code: r.code, name: r.name, parentCode: r.parent ?? null }))
      .sort((a, b) => a.code.localeCompare(b.code));
    expect(rows).toEqual(expected);
  });
});
