import { pinyin } from "pinyin-pro";

const memo = new Map<string, string>();
const MEMO_MAX = 200_000;

/**
 * The toneless pinyin of a Han bigram, so that same-sounding typos of pinyin input meet
 * (板兰 and 板蓝 both give "ban lan"). Memoised; "" for text without Han characters.
 * @example soundOf("新官") === soundOf("新冠") // "xin guan"
 */
export function soundOf(gram: string): string {
  let s = memo.get(gram);
  if (s === undefined) {
    s = /\p{Script=Han}/u.test(gram) ? pinyin(gram, { toneType: "none", nonZh: "removed" }) : "";
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(gram, s);
  }
  return s;
}
