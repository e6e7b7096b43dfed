/**
 * `npm run bench:screenshots`: renders the shared data's claims (../shared/data) as WeChat-style
 * chat screenshots and photographed notices, 200 images, the same bytes on every run (seeded):
 * two fonts (Noto Sans SC, Noto Serif SC), regular and bold, several widths and sizes, and for
 * the "photographed" ones grey noise, a slight rotation and JPEG compression. Writes the images
 * and `manifest.json` (file, claim id, the text shown, the style) to bench/screenshots/set/.
 * `--out DIR` writes elsewhere. Uses the project's own renderer (tests/support/screenshots.ts).
 */
import fs from "node:fs";
import path from "node:path";
import { renderScreenshot, type ScreenshotStyle } from "../../tests/support/screenshots.ts";
import { loadSharedData } from "../library-env.ts";

export const SET_DIR = path.join(import.meta.dirname, "set");
const SIZE = 200;
const DXY_SHARE = 140;
/** A screenshot of a long forward shows its head: about what fits on a phone screen. */
const SHOWN_CHARS = 120;

export interface ManifestEntry {
  file: string;
  claimId: string;
  text: string;
  style: ScreenshotStyle;
}

/** Mulberry32: small, seeded, the same sequence on every machine. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The 200 claims and styles of the set, decided by the seed alone. */
export function planSet(seed = 2020): ManifestEntry[] {
  const rand = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const shuffle = <T>(xs: T[]) => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  };
  const { dxy, cofacts } = loadSharedData();
  const chosen = [
    ...shuffle([...dxy]).slice(0, DXY_SHARE),
    ...shuffle([...cofacts]).slice(0, SIZE - DXY_SHARE),
  ];
  return chosen.map((item, i) => {
    const text = item.claim.replace(/\s+/g, " ").trim().slice(0, SHOWN_CHARS);
    const photographed = rand() < 0.4;
    const style: ScreenshotStyle = {
      kind: photographed ? "notice" : "chat",
      width: pick(photographed ? [900, 1080, 1200] : [720, 750, 1080]),
      fontSize: pick([26, 28, 30, 34, 38]),
      bold: rand() < 0.25,
      font: rand() < 0.35 ? "serif" : "sans",
      seed: seed + i,
      ...(photographed
        ? {
            rotate: Math.round((rand() * 5 - 2.5) * 10) / 10,
            noise: Math.round(rand() * 15) / 100,
            jpegQuality: pick([55, 65, 75, 85]),
          }
        : rand() < 0.5
          ? { jpegQuality: pick([70, 80, 90]) }
          : {}),
    };
    const ext = style.jpegQuality ? "jpg" : "png";
    return {
      file: `${String(i + 1).padStart(3, "0")}.${ext}`,
      claimId: item.externalId,
      text,
      style,
    };
  });
}

/** The set as written (generating it first when it is missing). */
export async function loadSet(dir = SET_DIR): Promise<ManifestEntry[]> {
  const manifest = path.join(dir, "manifest.json");
  if (!fs.existsSync(manifest)) await generateSet(dir);
  return JSON.parse(fs.readFileSync(manifest, "utf8")) as ManifestEntry[];
}

/** Renders every image of the plan into `dir`, then the manifest. */
export async function generateSet(dir = SET_DIR): Promise<ManifestEntry[]> {
  fs.mkdirSync(dir, { recursive: true });
  const plan = planSet();
  for (const entry of plan) {
    fs.writeFileSync(path.join(dir, entry.file), await renderScreenshot(entry.text, entry.style));
  }
  fs.writeFileSync(path.join(dir, "manifest.json"), `${JSON.stringify(plan, null, 1)}\n`);
  return plan;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf("--out");
  const dir = i > 0 ? path.resolve(process.argv[i + 1]!) : SET_DIR;
  const started = performance.now();
  const plan = await generateSet(dir);
  const bytes = plan.reduce((n, e) => n + fs.statSync(path.join(dir, e.file)).size, 0);
  console.log(
    `${plan.length} images in ${dir}: ${(bytes / 1024 / 1024).toFixed(1)} MB, ` +
      `${Math.round((performance.now() - started) / 1000)} s`,
  );
}
