import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** A font face as satori takes it. */
export interface CardFont {
  name: string;
  data: Buffer;
  weight: 400 | 700;
  style: "normal";
}

const require = createRequire(import.meta.url);
let loaded: { fonts: CardFont[]; family: string } | undefined;

/**
 * A `@fontsource` CJK package's faces for satori: the package ships each weight as ~100
 * unicode-range slices (WOFF; satori cannot read WOFF2). Satori falls back across fonts only
 * by family name, so every slice gets its own name and `family` lists them all.
 * @example const { fonts, family } = fontsourceFaces("@fontsource/noto-sans-sc", "sc");
 */
export function fontsourceFaces(
  pkg: string,
  prefix: string,
  weights: readonly (400 | 700)[] = [400, 700],
): { fonts: CardFont[]; family: string } {
  const dir = path.join(path.dirname(require.resolve(`${pkg}/package.json`)), "files");
  const name = pkg.split("/")[1]!;
  const pattern = new RegExp(`^${name}-(\\d+)-(\\d00)-normal\\.woff$`);
  const fonts: CardFont[] = [];
  for (const file of fs.readdirSync(dir).sort(bySlice)) {
    const m = pattern.exec(file);
    if (!m || !weights.includes(Number(m[2]) as 400 | 700)) continue;
    fonts.push({
      name: `${prefix}-${m[1]}`,
      data: fs.readFileSync(path.join(dir, file)),
      weight: Number(m[2]) as 400 | 700,
      style: "normal",
    });
  }
  return { fonts, family: [...new Set(fonts.map((f) => f.name))].join(", ") };
}

/**
 * Noto Sans SC from `@fontsource/noto-sans-sc`, regular and bold, read once per process.
 * @example const { fonts, family } = cardFonts(); satori(el, { fonts, ... })
 */
export function cardFonts(): { fonts: CardFont[]; family: string } {
  loaded ??= fontsourceFaces("@fontsource/noto-sans-sc", "sc");
  return loaded;
}

function bySlice(a: string, b: string): number {
  const n = (f: string) => Number(/-(\d+)-\d00-/.exec(f)?.[1] ?? 0);
  return n(a) - n(b) || a.localeCompare(b);
}
