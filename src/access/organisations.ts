import { appendAudit } from "../audit/append.ts";
import type { OrganisationKind } from "../auth/actor.ts";
import type { ServiceCtx, StaffCtx } from "../context.ts";
import { AppError } from "../http/errors.ts";
import {
  findOrganisation,
  insertOrganisation,
  listOrganisations as listOrganisationRows,
  slugTaken,
  updateOrganisation as updateOrganisationRow,
} from "./db/access.ts";
import { presentOrganisation } from "./present.ts";
import { checkReferences, conflictOnUnique } from "./validate.ts";

export interface OrganisationInput {
  slug: string;
  name: string;
  kind: OrganisationKind;
  regionCode: string;
}

/** Every organisation (names are not secret: experts pick co-signers from them). */
export async function listOrganisations(
  { deps }: ServiceCtx,
  f: { kind?: string; regionCode?: string },
) {
  const rows = await listOrganisationRows(deps.sql, f);
  return { items: rows.map(presentOrganisation) };
}

/** Creates an organisation (admins); slug unique → 409, region must exist → 400. */
export async function createOrganisation(
  { deps, actor, meta }: StaffCtx,
  input: OrganisationInput,
) {
  await checkReferences(deps.sql, { regionCode: input.regionCode });
  if (await slugTaken(deps.sql, input.slug)) throw new AppError("conflict", "单位标识已被使用");
  const row = await deps.sql
    .begin(async (tx) => {
      const created = await insertOrganisation(tx, input);
      await appendAudit(tx, {
        actor,
        action: "organisation.created",
        object: { type: "organisation", id: created.id },
        meta,
        data: { ...input },
      });
      return created;
    })
    .catch(conflictOnUnique("单位标识已被使用"));
  return presentOrganisation(row);
}

/** Changes an organisation's name, slug, kind or region (admins). */
export async function updateOrganisation(
  { deps, actor, meta }: StaffCtx,
  { id, ...changes }: Partial<OrganisationInput> & { id: string },
) {
  const before = await findOrganisation(deps.sql, id);
  if (!before) throw new AppError("not_found", "单位不存在");
  await checkReferences(deps.sql, { regionCode: changes.regionCode });
  if (changes.slug && (await slugTaken(deps.sql, changes.slug, id))) {
    throw new AppError("conflict", "单位标识已被使用");
  }
  const row = await deps.sql
    .begin(async (tx) => {
      const updated = (await updateOrganisationRow(tx, id, changes))!;
      await appendAudit(tx, {
        actor,
        action: "organisation.updated",
        object: { type: "organisation", id },
        meta,
        data: { before: presentOrganisation(before), changes },
      });
      return updated;
    })
    .catch(conflictOnUnique("单位标识已被使用"));
  return presentOrganisation(row);
}
