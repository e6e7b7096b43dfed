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
 * Noto Sans SC from `@fontsource/noto-sans-sc`, regular and bold. The package ships each
 * weight as ~100 unicode-range slices (WOFF; satori cannot read WOFF2). Satori falls back
 * across fonts only by family name, so every slice gets its own name and the card's
 * `fontFamily` lists them all. Read once per process.
 * @example const { fonts, family } = cardFonts(); satori(el, { fonts, ... })
 */
export function cardFonts(): { fonts: CardFont[]; family: string } {
  if (loaded) return loaded;
  const dir = path.join(
    path.dirname(require.resolve("@fontsource/noto-sans-sc/package.json")),
    "files",
  );
  const fonts: CardFont[] = [];
  for (const file of fs.readdirSync(dir).sort(bySlice)) {
    const m = /^noto-sans-sc-(\d+)-(400|700)-normal\.woff$/.exec(file);
    if (!m) continue;
    fonts.push({
      name: `sc-${m[1]}`,
      data: fs.readFileSync(path.join(dir, file)),
      weight: Number(m[2]) as 400 | 700,
      style: "normal",
    });
  }
  const family = [...new Set(fonts.map((f) => f.name))].join(", ");
  loaded = { fonts, family };
  return loaded;
}

function bySlice(a: string, b: string): number {
  const n = (f: string) => Number(/-(\d+)-\d00-/.exec(f)?.[1] ?? 0);
  return n(a) - n(b) || a.localeCompare(b);
}
