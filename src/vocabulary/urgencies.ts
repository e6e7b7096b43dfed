/**
 * Urgency levels 1–4 (特别重大/重大/较大/一般): values and Chinese names, written once. The
 * database CHECKs (`urgency between 1 and 4`) are tested against this list.
 */
export const urgencies = [1, 2, 3, 4] as const;
export type Urgency = (typeof urgencies)[number];

/** The short name, as in an email subject: "重大". */
export const urgencyNames: Record<Urgency, string> = {
  1: "特别重大",
  2: "重大",
  3: "较大",
  4: "一般",
};

/** The full label, as in the console: "二级 重大". */
export const urgencyLabels: Record<Urgency, string> = {
  1: `一级 ${urgencyNames[1]}`,
  2: `二级 ${urgencyNames[2]}`,
  3: `三级 ${urgencyNames[3]}`,
  4: `四级 ${urgencyNames[4]}`,
};

/** The most and the least urgent level, for range checks (`urgency between 1 and 4`). */
export const urgencyRange = { min: urgencies[0], max: urgencies[urgencies.length - 1]! } as const;

/** "1 特别重大 · 2 重大 · 3 较大 · 4 一般", for API descriptions. */
export const urgencyScale = urgencies.map((u) => `${u} ${urgencyNames[u]}`).join(" · ");

/** The level assumed for a message without one. */
export const defaultUrgency: Urgency = 4;

/** Whether a value is one of the urgency levels. */
export function isUrgency(value: unknown): value is Urgency {
  return (urgencies as readonly unknown[]).includes(value);
}

/** The full Chinese label of a level, or the number itself when it is not one. */
export function urgencyLabel(value: number): string {
  return isUrgency(value) ? urgencyLabels[value] : String(value);
}
