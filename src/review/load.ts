import type { Sql } from "../db/client.ts";
import { namedOrganisations, reviewChains } from "./chains.ts";
import { organisationsBySlugs } from "./db/review.ts";

/**
 * The start-up step for review chains: validates content/review-chains.json (a policy naming an
 * unknown role, organisation kind, category or step stops start-up with the path) and reports
 * named organisations that do not exist yet; those only stop a submit that needs them, since a
 * fresh production database has no organisations until an administrator creates them.
 */
export async function loadReviewChains(sql: Sql): Promise<string> {
  const chains = reviewChains();
  const named = namedOrganisations(chains);
  const present = new Set((await organisationsBySlugs(sql, named)).map((o) => o.slug));
  const missing = named.filter((s) => !present.has(s));
  const note = missing.length > 0 ? `; organisations not created yet: ${missing.join(", ")}` : "";
  return `${chains.policies.length} review-chain policies${note}`;
}
