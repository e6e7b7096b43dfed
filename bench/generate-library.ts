/** A generated library for the benchmarks: rebuttals mixing real sentences of the shared data. */
import type { DataItem } from "./library-env.ts";

const CATEGORIES = ["infectious-disease", "vaccines", "food-safety", "health-myths", "weather"];

/** A deterministic random generator, so every run builds the same library. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/** The shared data's sentences (claims and bodies), 8..200 characters each. */
export function sentences(items: DataItem[]): { claims: string[]; body: string[] } {
  const cut = (t: string) =>
    t
      .split(/(?<=[。！？!?\n])/)
      .map((x) => x.trim())
      .filter((x) => x.length >= 8 && x.length <= 200);
  return {
    claims: items.flatMap((i) => cut(i.claim)),
    body: items.flatMap((i) => [...cut(i.body), ...cut(i.summary)]),
  };
}

/**
 * Import lines `from`..`to` of the generated library: each mixes 2 claim and 3-6 body sentences.
 * `claimsFrom: "bodies"` draws the 2 claim sentences from the body sentences instead, so that no
 * generated rebuttal states a shared item's claim verbatim (ADR 0225: the fair scale measure).
 * @example generate(sentences(items), 0, 20_000, { claimsFrom: "bodies" })
 */
export function generate(
  pool: ReturnType<typeof sentences>,
  from: number,
  to: number,
  opts: { claimsFrom?: "claims" | "bodies" } = {},
): string[] {
  const next = random(from + 1);
  const pick = (list: string[]) => list[Math.floor(next() * list.length)]!;
  const claims = opts.claimsFrom === "bodies" ? pool.body : pool.claims;
  const out: string[] = [];
  for (let i = from; i < to; i++) {
    const claim = `${pick(claims)}${pick(claims)}`.slice(0, 300);
    const body = Array.from({ length: 3 + Math.floor(next() * 4) }, () => pick(pool.body)).join("");
    out.push(
      JSON.stringify({
        externalId: `scale-${i}`,
        claim,
        verdict: ["false", "misleading", "unproven", "true"][i % 4],
        summary: pick(pool.body).slice(0, 140),
        body,
        category: CATEGORIES[i % CATEGORIES.length],
      }),
    );
  }
  return out;
}
