import { normalizeText, shingles } from "../text/normalize.ts";
import { canonicalize } from "./synonyms.ts";

/** Bigrams so common in forwarded messages that they say nothing about which rumour it is. */
const STOP = new Set(
  "我们 你们 他们 大家 一个 这个 那个 什么 没有 不是 就是 可以 还是 已经 因为 所以 如果 但是 自己 现在 知道 真的 是真 的吗 是不 不要 一定 转发 朋友 家人 请大 赶紧 扩散 转给 看到 网上 听说 有人 吗? 的是 了, 是的".split(
    " ",
  ),
);

/** Most shingles of a query the candidate source looks up (a 5,000-character paste has ~4,000). */
export const MAX_QUERY_SHINGLES = 400;

/**
 * The distinct shingles of a query with the filler of forwarded messages dropped, capped.
 * @example queryShingles("聽說５Ｇ會傳播病毒？") → ["说5", "5g", "会传", "传播", "播病", "病毒"]
 */
export function queryShingles(text: string): string[] {
  const all = [...new Set(shingles(canonicalize(normalizeText(text))))];
  const kept = all.filter((s) => !STOP.has(s));
  return (kept.length > 0 ? kept : all).slice(0, MAX_QUERY_SHINGLES);
}
