import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { RoleEnum } from "../access/routes/schemas.ts";
import { CaseStatus } from "../cases/routes/schemas.ts";
import { urgencyLevel, urgencyQuery } from "../cases/schemas.ts";
import { subscriptionFilters } from "../fanout/filters.ts";
import { Filters, Subscription } from "../fanout/routes/schemas.ts";
import { ImportLine } from "../library/import-lines.ts";
import { Rebuttal, SearchHit, Verdict } from "../library/routes/schemas.ts";
import { SearchInput } from "../library/search-rebuttals.ts";
import { revisionInput } from "../review/inputs.ts";
import { Revision } from "../review/routes/schemas.ts";
import { caseStates } from "./case-states.ts";
import { channels } from "./channels.ts";
import { publicEventTypes } from "./event-types.ts";
import { rebuttalKinds } from "./rebuttal-kinds.ts";
import { roles } from "./roles.ts";
import { urgencies, urgencyRange } from "./urgencies.ts";
import { verdicts } from "./verdicts.ts";

type Def = {
  type: string;
  entries?: Record<string, string>;
  innerType?: z.ZodType;
  element?: z.ZodType;
};

/** The values a schema accepts, looking through optional, nullable, default and array. */
function enumValues(schema: z.ZodType): string[] {
  const def = schema._zod.def as unknown as Def;
  if (def.type === "enum") return Object.values(def.entries ?? {});
  const inner = def.innerType ?? def.element;
  if (!inner) throw new Error(`not an enum: ${def.type}`);
  return enumValues(inner);
}

describe("the validation schemas take their values from the vocabulary", () => {
  it.each([
    ["library Verdict", Verdict, verdicts],
    ["search hit verdict", SearchHit.shape.verdict, verdicts],
    ["rebuttal verdict", Rebuttal.shape.verdict, verdicts],
    ["search input verdict", SearchInput.shape.verdict, verdicts],
    ["import line verdict", ImportLine.shape.verdict, verdicts],
    ["revision input verdict", revisionInput.shape.verdict, verdicts],
    ["revision verdict", Revision.shape.verdict, verdicts],
    ["rebuttal kind", Rebuttal.shape.kind, rebuttalKinds],
    ["import line kind", ImportLine.shape.kind, rebuttalKinds],
    ["revision input kind", revisionInput.shape.kind, rebuttalKinds],
    ["revision kind", Revision.shape.kind, rebuttalKinds],
    ["case status", CaseStatus, caseStates],
    ["role", RoleEnum, roles],
    ["subscription channel", Subscription.shape.channel, channels],
    ["subscription filter event types", subscriptionFilters.shape.eventTypes, publicEventTypes],
  ] as const)("%s", (_name, schema, values) => {
    expect(enumValues(schema)).toEqual([...values]);
  });

  it.each([
    ["urgency level", urgencyLevel, (u: number) => u],
    ["urgency query", urgencyQuery, (u: number) => String(u)],
    ["subscription minUrgency", subscriptionFilters.shape.minUrgency, (u: number) => u],
  ] as const)("%s accepts every urgency level and nothing beyond", (_name, schema, input) => {
    for (const u of urgencies) expect(schema.safeParse(input(u)).success).toBe(true);
    expect(schema.safeParse(input(urgencyRange.min - 1)).success).toBe(false);
    expect(schema.safeParse(input(urgencyRange.max + 1)).success).toBe(false);
  });

  it("the API and the delivery path read subscription filters with one schema", () => {
    expect(Filters).toBe(subscriptionFilters);
  });
});
