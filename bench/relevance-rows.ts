/**
 * The rows `bench/relevance-fit.ts` fits on: every query of every set, searched once in a fresh
 * library of the shared data, kept as its candidates (the rebuttals retrieval handed to the
 * re-ranker); and those candidates ranked again offline with the current scorer and features.
 * Ranking the recorded candidates again gives the same scores and features as the live search
 * (`replay` counts any difference), so a change to a feature is refitted in seconds.
 */
import { AnswerCache } from "../src/library/cache.ts";
import { CONFIDENCE_FEATURES, type SameRumourFeatures } from "../src/library/confidence.ts";
import { type CandidateRow, packGrams } from "../src/library/db/candidates.ts";
import type { RebuttalHitRow } from "../src/library/db/library-public.ts";
import { type DerivedSearch, deriveSearch } from "../src/library/derive.ts";
import { Availability } from "../src/library/meili/availability.ts";
import { queryTerms } from "../src/library/query-terms.ts";
import { rankCandidates } from "../src/library/rank.ts";
import { type LibraryEngines, retrieve } from "../src/library/retrieve.ts";
import { shingleHashes } from "../src/library/shingle-hash.ts";
import { TermStats } from "../src/library/term-stats.ts";
import { createLogger } from "../src/log.ts";
import { normalizeText } from "../src/text/normalize.ts";
import { libraryEnvironment, loadSharedData } from "./library-env.ts";
import { handwrittenNewRumours, handwrittenRepeats } from "./relevance-handwritten.ts";
import { moreNewRumours, moreRepeats } from "./relevance-handwritten-more.ts";
import { buildQuerySets, split } from "./relevance-queries.ts";

export type Group = "generated" | "handwritten" | "new";

/** A query as searched: its set, half, the rebuttal that answers it (none for new rumours) and its candidates. */
export interface QueryRecord {
  q: string;
  set: string;
  group: Group;
  half: "tune" | "report";
  expected: string | null;
  /** External ids of the candidates retrieval returned. */
  candidates: string[];
  /** The live search's best candidate, its score and features, to check the replay against. */
  live: { best: string | null; score: number; features: SameRumourFeatures | null };
}

export type DocRow = RebuttalHitRow & { bodyMd: string | null; tags: string[] | null };

export interface Recording {
  docs: Record<string, DocRow>;
  queries: QueryRecord[];
}

/** One query's best candidate as the current code sees it. */
export interface Row {
  q: string;
  set: string;
  group: Group;
  half: "tune" | "report";
  /** 1: answering with the best candidate is right; 0: wrong. */
  label: 0 | 1;
  x: number[];
  features: SameRumourFeatures | null;
  raw: number;
  best: string | null;
  bestClaim: string;
}

/** Searches every query of every set once and records its candidates. */
export async function record(): Promise<Recording> {
  const { dxy, cofacts } = loadSharedData();
  const env = await libraryEnvironment([...dxy, ...cofacts]);
  try {
    const e: LibraryEngines = {
      sql: env.deps.sql,
      log: createLogger({ level: "silent" }),
      meili: env.deps.search,
      availability: new Availability(async () => true),
      termStats: new TermStats(),
      cache: new AnswerCache(0),
    };
    const docs: Record<string, DocRow> = {};
    for (const r of await env.deps.sql<DocRow[]>`
      select id, external_id, slug, claim, title, summary, verdict, category, regions,
        published_at, body_md, tags
      from rebuttals`)
      docs[r.externalId!] = r;
    // A ranked candidate carries its id, not what a hit shows (ADR 0300).
    const externalIds = new Map(Object.values(docs).map((d) => [d.id, d.externalId!]));
    const queries: QueryRecord[] = [];
    const sets: [string, Group, { q: string; expected: string | null }[]][] = [
      ...Object.entries(buildQuerySets(dxy, cofacts)).map(
        ([name, s]): [string, Group, typeof s] => [name, "generated", s],
      ),
      ["handwritten", "handwritten", handwrittenRepeats],
      ["handwritten-2", "handwritten", moreRepeats],
      ["new", "new", handwrittenNewRumours.map((q) => ({ q, expected: null }))],
      ["new-2", "new", moreNewRumours.map((q) => ({ q, expected: null }))],
    ];
    for (const [set, group, items] of sets)
      for (const half of ["tune", "report"] as const)
        for (const { q, expected } of split(items)[half]) {
          const found = await retrieve(e, normalizeText(q), {}, { meili: true });
          const [best] = found.ranked;
          queries.push({
            q,
            set,
            group,
            half,
            expected,
            candidates: [...found.rows.keys()].map((id) => externalIds.get(id)!),
            live: {
              best: best ? externalIds.get(best.id)! : null,
              score: best?.score ?? 0,
              features: best?.features ?? null,
            },
          });
        }
    return { docs, queries };
  } finally {
    await env.close();
  }
}

/**
 * The recorded candidates ranked again with the current code: one row per query. `differing`
 * counts queries whose best candidate or its score is not the live search's (0 unless the
 * scorer changed).
 */
export function replay(rec: Recording): { rows: Row[]; differing: number } {
  const derived = new Map<string, DerivedSearch>();
  const derive = (id: string) => {
    let d = derived.get(id);
    if (!d) {
      const doc = rec.docs[id]!;
      d = deriveSearch({ ...doc, bodyMd: doc.bodyMd ?? "", tags: doc.tags ?? [] });
      derived.set(id, d);
    }
    return d;
  };
  const byId = new Map(Object.values(rec.docs).map((d) => [d.id, d]));
  let differing = 0;
  const rows = rec.queries.map((r): Row => {
    const query = queryTerms(r.q);
    // Retrieval projects every candidate on the query's shingles and its content words' grams.
    const projected = new Set([...query.shingles, ...query.keywords.flatMap((k) => k.grams)]);
    // As Postgres returns them: the hashes of the shared shingles (migration 0150).
    const only = (all: string[]) => shingleHashes(all.filter((s) => projected.has(s)));
    const candidates = r.candidates.map((id): CandidateRow => {
      const d = derive(id);
      const doc = rec.docs[id]!;
      return {
        id: doc.id,
        claim: doc.claim,
        title: doc.title,
        verdict: doc.verdict,
        display: JSON.stringify([
          doc.externalId,
          doc.slug,
          doc.summary,
          doc.category,
          doc.regions,
          doc.publishedAt,
        ]),
        bodyMd: doc.bodyMd,
        tags: doc.tags,
        grams: packGrams({
          claimN: d.claimShingles.length,
          docN: d.docShingles.length,
          bodyN: d.bodyShingles.length,
          claimHit: only(d.claimShingles),
          docHit: only(d.docShingles),
          bodyHit: only(d.bodyShingles),
        }),
      };
    });
    const [best] = rankCandidates(query, candidates);
    const shown = best ? byId.get(best.id)! : undefined;
    const id = shown?.externalId ?? null;
    if (id !== r.live.best || Math.abs((best?.score ?? 0) - r.live.score) > 1e-9) differing++;
    return {
      q: r.q,
      set: r.set,
      group: r.group,
      half: r.half,
      label: r.expected !== null && id === r.expected ? 1 : 0,
      x: CONFIDENCE_FEATURES.map((f) => best?.features?.[f] ?? 0),
      features: best?.features ?? null,
      raw: best?.score ?? 0,
      best: id,
      bestClaim: shown?.claim ?? best?.title ?? "",
    };
  });
  return { rows, differing };
}
