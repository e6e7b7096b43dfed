/**
 * A shingle as the int4 the search rows keep (migration 0150): FNV-1a over its code points,
 * the same function as `chorus_shingle_hash` in Postgres. Two shingles may share a hash (about
 * one pair in 90,000 distinct shingles); a candidate then seems to hold a query shingle it
 * lacks, which moves its score a little and nothing else.
 * @example shingleHash("盐水") === shingleHash("盐水")
 */
export function shingleHash(shingle: string): number {
  let h = 0x811c9dc5;
  for (const ch of shingle) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
  return h | 0;
}

/** The distinct hashes of shingles, sorted: how a search row stores a set (intarray wants them sorted). */
export function shingleHashes(shingles: Iterable<string>): number[] {
  const out = new Int32Array([...new Set([...shingles].map(shingleHash))]).sort();
  return Array.from(out);
}
