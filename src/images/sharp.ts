import type sharpModule from "sharp";

let loading: Promise<typeof sharpModule> | undefined;

/**
 * sharp (libvips, ≈ 19 MB), loaded on the first image: an API node that never receives one
 * never pays for it (ADR 0201).
 * @example const sharp = await loadSharp(); await sharp(bytes).metadata();
 */
export function loadSharp(): Promise<typeof sharpModule> {
  loading ??= import("sharp").then((m) => m.default);
  return loading;
}
