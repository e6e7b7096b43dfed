import { ConverterBuilder, type DictGroup, Trie } from "opencc-js/core";
import { configs, from, to } from "opencc-js/preset";

/**
 * opencc-js's own Taiwan → Simplified conversion, for rare text only: built on first use, as it
 * holds a second copy of every trie (≈ 4 MB of heap).
 */
let reference: ((text: string) => string) | undefined;

/** A trie of these dictionaries (opencc-js's), with a table of the code points its entries start with. */
function trieOf(group: DictGroup) {
  const trie = new Trie();
  trie.loadDictGroup(group);
  const roots = (trie as unknown as { map: Map<number, unknown> }).map;
  const starts = new Uint8Array(0x10000);
  for (const cp of roots.keys()) if (cp <= 0xffff) starts[cp] = 1;
  return { trie, starts, roots };
}

/**
 * Calls `piece` on the runs of `s` no entry of `t` matches and on each entry matched (longest
 * first, left to right, as opencc-js's `Trie` reads); characters no entry starts with are skipped
 * by a table look-up instead of a trie search.
 */
function eachPiece(
  t: ReturnType<typeof trieOf>,
  s: string,
  piece: (text: string, matched: string | undefined) => string,
): string {
  let out = "";
  let from = 0;
  for (let i = 0; i < s.length; ) {
    const c = s.charCodeAt(i);
    const cp = c >= 0xd800 && c <= 0xdbff ? s.codePointAt(i)! : c;
    const width = cp > 0xffff ? 2 : 1;
    const m = (cp > 0xffff ? t.roots.has(cp) : t.starts[cp] === 1)
      ? t.trie.matchPrefix(s, i)
      : null;
    if (!m) {
      i += width;
      continue;
    }
    if (i > from) out += piece(s.slice(from, i), undefined);
    out += piece(s.slice(i, m.end), m.value);
    i = from = m.end;
  }
  if (from === 0) return piece(s, undefined);
  return from < s.length ? out + piece(s.slice(from), undefined) : out;
}

const config = configs.tw2s as (typeof configs)[string] & { normalizationChain: DictGroup[] };
const normalization = config.normalizationChain.map(trieOf);
const segmentation = trieOf([config.segmentation].flat() as DictGroup);
const conversion = config.conversionChain.map(trieOf);

const replace = (t: ReturnType<typeof trieOf>) => (s: string) =>
  eachPiece(t, s, (text, matched) => matched ?? text);

const convertSegment = (segment: string) => conversion.reduce((s, t) => replace(t)(s), segment);

// Ideographic description characters: opencc-js skips a whole description sequence at once.
const IDC = /[\u2ff0-\u2fff]/;

/**
 * Taiwan Traditional to Simplified Chinese exactly as opencc-js's `Converter({ from: "tw",
 * to: "cn" })` converts it (same dictionaries and reading; a test compares both on the shared
 * data), several times faster: compatibility ideographs normalised, the text cut at TSPhrases
 * entries, each piece converted by the two conversion passes.
 * @example toSimplified("預防勝於治療") === "预防胜于治疗"
 */
export function toSimplified(text: string): string {
  if (IDC.test(text)) {
    reference ??= ConverterBuilder({ from, to, configs })({ from: "tw", to: "cn" });
    return reference(text);
  }
  const normalized = normalization.reduce((s, t) => replace(t)(s), text);
  return eachPiece(segmentation, normalized, convertSegment);
}
