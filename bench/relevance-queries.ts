import * as OpenCC from "opencc-js";
import type { DataItem } from "./library-env.ts";

/** A query and the external id of the rebuttal that answers it. */
export interface LabelledQuery {
  q: string;
  expected: string;
}

const toTraditional = OpenCC.Converter({ from: "cn", to: "tw" });
const toSimplified = OpenCC.Converter({ from: "tw", to: "cn" });

/** A small deterministic PRNG (mulberry32), so query sets are the same on every run. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: () => number, xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
const bare = (claim: string) => claim.replace(/[？?！!。]+$/u, "");

const PREFIX = ["听说", "网上说", "有人说", "朋友圈说", "请问", ""];
const SUFFIX = ["是真的吗", "吗", "？", "靠谱吗", "是谣言吗", ""];
/** Everyday rewordings people use for the same question. */
const PARAPHRASE: [string, string][] = [
  ["可以", "能"],
  ["能够", "可以"],
  ["能", "可以"],
  ["预防", "防止"],
  ["新冠病毒", "新型冠状病毒"],
  ["新型冠状病毒", "新冠"],
  ["新冠肺炎", "新型冠状病毒肺炎"],
  ["感染", "传染上"],
  ["杀灭", "杀死"],
  ["杀死", "消灭"],
  ["吃", "食用"],
  ["喝", "饮用"],
  ["戴", "佩戴"],
  ["会", "可能会"],
  ["不能", "不可以"],
  ["治疗", "治好"],
  ["有效", "管用"],
  ["传播", "传染"],
  ["口罩", "医用口罩"],
  ["病毒", "病原体"],
  ["医院", "医疗机构"],
  ["孩子", "小孩"],
  ["必须", "一定要"],
  ["所有", "全部"],
];
/** Same-sounding characters typed by mistake with pinyin input. */
const HOMOPHONE: Record<string, string> = {
  冠: "官",
  病: "并",
  毒: "读",
  防: "方",
  疫: "意",
  肺: "费",
  染: "然",
  感: "敢",
  预: "遇",
  罩: "照",
  消: "销",
  酒: "久",
  精: "经",
  苗: "描",
  传: "船",
  播: "波",
  医: "衣",
  药: "要",
  治: "制",
  疗: "聊",
  杀: "沙",
  菌: "军",
  蒜: "算",
  醋: "促",
  吃: "痴",
  喝: "呵",
  戴: "带",
  炎: "严",
  状: "壮",
  检: "减",
  测: "侧",
  症: "正",
  热: "惹",
  温: "文",
  烧: "稍",
  咳: "可",
};
const CHATTER_BEFORE = [
  "【转发】",
  "刚在群里看到的：",
  "紧急扩散！",
  "家人们注意：",
  "转自朋友圈：",
];
const CHATTER_AFTER = [
  "大家赶紧转发给家人！",
  "是真的吗？求辟谣",
  "宁可信其有！",
  "看完请转给身边的人。",
];
const FILLER = [
  "今天小区门口又贴了新通知，大家出门注意安全。",
  "我表姐在医院工作，她也是听同事说的。",
  "现在外面说什么的都有，不知道该信谁。",
  "家里老人天天看这些消息，越看越担心。",
];

function paraphrase(claim: string, r: () => number): string | undefined {
  let out = bare(claim);
  let changed = 0;
  for (const [from, to] of PARAPHRASE) {
    if (changed < 2 && out.includes(from) && r() < 0.8) {
      out = out.replace(from, to);
      changed++;
    }
  }
  const clauses = out.split("，");
  if (clauses.length > 1 && r() < 0.5) out = clauses.reverse().join("，");
  return changed > 0 ? `${out}${pick(r, ["吗", "？", "是真的吗"])}` : undefined;
}

function typo(claim: string, r: () => number): string | undefined {
  const chars = [...bare(claim)];
  const spots = chars.map((c, i) => (HOMOPHONE[c] ? i : -1)).filter((i) => i >= 0);
  if (spots.length === 0) return undefined;
  const i = pick(r, spots);
  chars[i] = HOMOPHONE[chars[i]!]!;
  return `${chars.join("")}吗`;
}

/** A stretch of a long forwarded message, as someone pastes part of what they received. */
function excerpt(message: string, r: () => number): string {
  const chars = [...message];
  if (chars.length <= 80) return chars.join("");
  const len = Math.max(60, Math.floor(chars.length * 0.5));
  const start = Math.floor(r() * (chars.length - len));
  return chars.slice(start, start + len).join("");
}

/** The query sets of the relevance benchmark, each built from the data with a fixed seed. */
export function buildQuerySets(
  dxy: DataItem[],
  cofacts: DataItem[],
): Record<string, LabelledQuery[]> {
  const r = rng(2020);
  const sets: Record<string, LabelledQuery[]> = {
    short: [],
    paraphrase: [],
    typo: [],
    traditional: [],
    "pasted-dxy": [],
    "pasted-cofacts": [],
  };
  for (const d of dxy) {
    const q = `${pick(r, PREFIX)}${bare(d.claim)}${pick(r, SUFFIX)}`;
    sets.short!.push({ q, expected: d.externalId });
    sets.traditional!.push({ q: toTraditional(q), expected: d.externalId });
    const p = paraphrase(d.claim, r);
    if (p) sets.paraphrase!.push({ q: p, expected: d.externalId });
    const t = typo(d.claim, r);
    if (t) sets.typo!.push({ q: t, expected: d.externalId });
    const pasted = [
      pick(r, CHATTER_BEFORE),
      pick(r, FILLER),
      `${bare(d.claim)}！`,
      pick(r, FILLER),
      pick(r, CHATTER_AFTER),
    ];
    sets["pasted-dxy"]!.push({ q: pasted.join(""), expected: d.externalId });
  }
  for (const c of cofacts) {
    const part = excerpt(c.claim, r);
    const q = `${pick(r, CHATTER_BEFORE)}${r() < 0.5 ? toSimplified(part) : part}${pick(r, CHATTER_AFTER)}`;
    sets["pasted-cofacts"]!.push({ q, expected: c.externalId });
  }
  return sets;
}

/** Splits a set in two halves by position: tune on one, report on the other. */
export function split<T>(items: T[]): { tune: T[]; report: T[] } {
  return { tune: items.filter((_, i) => i % 2 === 0), report: items.filter((_, i) => i % 2 === 1) };
}
