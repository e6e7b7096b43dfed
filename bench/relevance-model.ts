/**
 * The same-rumour confidence's fitting, shared by bench/relevance-fit.ts and experiments on its
 * rows: a weighted logistic regression with a little L2 on standardised features, out-of-fold
 * confidences and the threshold rule.
 */
import type { Group, Row } from "./relevance-rows.ts";

/** A wrong answer costs more than a late one: the rumours not in the library weigh double. */
export const GROUP_WEIGHT: Record<Group, number> = { generated: 0.25, handwritten: 0.25, new: 0.5 };
/** At most this share of rumours not in the library, and of repeats, may be answered wrongly. */
export const MAX_WRONG = 0.02;

export interface Model {
  w: number[];
  intercept: number;
}

export function predict(m: Model, x: number[]): number {
  return 1 / (1 + Math.exp(-(m.intercept + m.w.reduce((s, w, i) => s + w * x[i]!, 0))));
}

/** Each row's confidence from a model fitted on the other three folds. */
export function outOfFold(these: Row[]): (r: Row) => number {
  const conf = new Map<Row, number>();
  for (let k = 0; k < 4; k++) {
    const m = fitLogistic(these.filter((_, i) => i % 4 !== k));
    these.forEach((r, i) => {
      if (i % 4 === k) conf.set(r, predict(m, r.x));
    });
  }
  return (r) => conf.get(r)!;
}

/**
 * The lowest threshold (two decimals) at which at most `maxNew` of the new rumours and
 * MAX_WRONG of the repeats are answered wrongly, under `conf`.
 */
export function chooseThreshold(tune: Row[], conf: (r: Row) => number, maxNew = MAX_WRONG): number {
  const fresh = tune.filter((r) => r.group === "new");
  const reps = tune.filter((r) => r.group !== "new");
  for (let t = 0.05; t < 1; t += 0.01) {
    const t2 = Math.round(t * 100) / 100;
    const newRate = fresh.filter((r) => conf(r) >= t2).length / fresh.length;
    const wrongRate = reps.filter((r) => r.label === 0 && conf(r) >= t2).length / reps.length;
    if (newRate <= maxNew && wrongRate <= MAX_WRONG) return t2;
  }
  return 0.99;
}

/** Weighted logistic regression with L2 on standardised features; coefficients returned raw. */
export function fitLogistic(train: Row[]): Model {
  const k = train[0]?.x.length ?? 0;
  const mean = Array.from({ length: k }, (_, i) => avg(train.map((r) => r.x[i]!)));
  const sd = Array.from(
    { length: k },
    (_, i) => Math.sqrt(avg(train.map((r) => (r.x[i]! - mean[i]!) ** 2))) || 1,
  );
  const size = new Map<Group, number>();
  for (const r of train) size.set(r.group, (size.get(r.group) ?? 0) + 1);
  const weight = train.map((r) => GROUP_WEIGHT[r.group] / size.get(r.group)!);
  const z = train.map((r) => r.x.map((v, i) => (v - mean[i]!) / sd[i]!));
  const w = new Array<number>(k).fill(0);
  let b = 0;
  const lambda = 0.001;
  for (let step = 0; step < 5_000; step++) {
    const gw = w.map((wi) => lambda * wi);
    let gb = 0;
    train.forEach((r, n) => {
      const p = 1 / (1 + Math.exp(-(b + w.reduce((s, wi, i) => s + wi * z[n]![i]!, 0))));
      const g = (p - r.label) * weight[n]!;
      gb += g;
      for (let i = 0; i < k; i++) gw[i]! += g * z[n]![i]!;
    });
    b -= 1.0 * gb;
    for (let i = 0; i < k; i++) w[i]! -= 1.0 * gw[i]!;
  }
  const raw = w.map((wi, i) => wi / sd[i]!);
  return { w: raw, intercept: b - raw.reduce((s, wi, i) => s + wi * mean[i]!, 0) };
}

function avg(xs: number[]) {
  return xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
}
