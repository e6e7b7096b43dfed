import { matchingSettings } from "../src/cases/settings.ts";
import { commonShare, textHashes, textWeight } from "../src/cases/similarity.ts";
import type { Sql } from "../src/db/client.ts";
import { normalizeText } from "../src/text/normalize.ts";

/**
 * `count` open cases, each a claim of the shared data (`claims`) reported ten times with other
 * sentences around it, their shingle hashes written as this checkout writes them: an emergency
 * day's open cases, for `bench:intake` and `bench/intake-reading.ts`.
 */
export async function seedOpenCases(sql: Sql, claims: string[], count: number) {
  const at = (i: number) => claims[(i * 7919) % claims.length]!;
  const cases = Array.from({ length: count }, (_, i) => ({ title: at(i).slice(0, 80) }));
  const ids = await sql<{ id: string }[]>`
    insert into cases (origin, status, title, description, report_count, last_report_at,
                       triage_due_at, created_at, updated_at, shingle_hashes, common_share, least_weight)
    select 'report', 'new', x.title, x.title, 10, now(), now() + interval '30 minutes', now(), now(),
           '{}', 0, 'Infinity'
    from jsonb_to_recordset(${sql.json(cases)}::jsonb) as x(title text)
    returning id`;
  const reports = ids.flatMap(({ id }, i) =>
    Array.from({ length: 10 }, (_, j) => {
      const text = `${j % 2 ? at(i + j + count) : ""}${at(i)}${j % 3 ? at(i + 3 * j + count) : ""}`;
      const norm = normalizeText(text);
      return {
        case_id: id,
        text,
        text_norm: norm,
        h: textHashes(norm),
        share: commonShare(norm, matchingSettings()),
        weight: textWeight(norm, matchingSettings()),
      };
    }),
  );
  await sql`
    insert into reports (case_id, text, text_norm, shingle_hashes, common_share, weight, outcome)
    select x.case_id, x.text, x.text_norm, array(select jsonb_array_elements_text(x.h)::int4),
           x.share, x.weight, 'attached'
    from jsonb_to_recordset(${sql.json(reports)}::jsonb)
      as x(case_id uuid, text text, text_norm text, h jsonb, share real, weight float8)`;
}
