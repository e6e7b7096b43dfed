import { listOrganisations } from "../access/organisations.ts";
import type { ServiceCtx } from "../context.ts";
import { coSigningOrganisations } from "./check-staffed.ts";
import { caseAssignees } from "./db/review.ts";

/**
 * The organisations an author may name as co-signers of a case's message, each with whether it
 * can confirm now (someone with the reviewer role there who is not one of the case's experts)
 * and, if not, why — so a submit never stops on a co-signer nobody can confirm for.
 * @example const { items } = await listCoSignerOptions(ctx, { caseId });
 */
export async function listCoSignerOptions(ctx: ServiceCtx, { caseId }: { caseId: string }) {
  const orgs = (await listOrganisations(ctx, {})).items.filter((o) => o.kind !== "media");
  const authors = new Set(await caseAssignees(ctx.deps.sql, caseId));
  if (ctx.actor.kind === "user") authors.add(ctx.actor.userId);
  const able = await coSigningOrganisations(
    ctx.deps.sql,
    orgs.map((o) => o.id),
    authors,
  );
  return {
    items: orgs.map((o) => ({
      id: o.id,
      name: o.name,
      canCoSign: able.has(o.id),
      reason: able.has(o.id)
        ? null
        : "该单位没有本案专家以外的审核人，无法确认联合发布；如需署名，请管理员先为其添加审核人",
    })),
  };
}
