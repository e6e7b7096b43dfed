import crypto from "node:crypto";
import { AppError } from "../http/errors.ts";
import { loadSharp } from "./sharp.ts";

export const IMAGE_MAX_BYTES = 5 * 1024 * 1024;
export const IMAGE_MAX_PIXELS = 40_000_000;
const TYPES = { png: "image/png", jpeg: "image/jpeg", webp: "image/webp" } as const;
type Format = keyof typeof TYPES;

/** An uploaded image after checks: re-encoded, orientation applied, metadata stripped. */
export interface IntakeImage {
  mime: (typeof TYPES)[Format];
  width: number;
  height: number;
  bytes: Buffer;
  sha256: string;
}

const invalid = (message: string) =>
  new AppError("validation_failed", message, { errors: [{ path: "image", message }] });

/**
 * Checks an uploaded file and re-encodes it: PNG, JPEG or WebP only (by content, not by the
 * name or declared type), ≤ 5 MB, ≤ 40 megapixels, one frame. Pixel limits are checked on the
 * header before any pixel is decoded, so a decompression bomb costs nothing.
 * @example const image = await intakeImage(file);
 */
export async function intakeImage(file: Blob): Promise<IntakeImage> {
  if (file.size > IMAGE_MAX_BYTES) {
    throw new AppError("payload_too_large", "图片不能超过 5 MB");
  }
  if (file.type && !Object.values(TYPES).includes(file.type as IntakeImage["mime"])) {
    throw new AppError("unsupported_media_type", "只支持 PNG、JPEG 或 WebP 图片");
  }
  const input = Buffer.from(await file.arrayBuffer());
  if (input.length === 0) throw invalid("图片是空的");
  const sharp = await loadSharp();
  const meta = await sharp(input, { animated: true })
    .metadata()
    .catch(() => {
      throw invalid("无法识别为图片，请上传 PNG、JPEG 或 WebP 截图");
    });
  const format = meta.format as string;
  if (!(format in TYPES)) {
    throw new AppError("unsupported_media_type", "只支持 PNG、JPEG 或 WebP 图片");
  }
  if ((meta.pages ?? 1) > 1) throw invalid("不支持动图，请上传一张静态截图");
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (!meta.width || !height) throw invalid("无法读取图片尺寸");
  if (meta.width * height > IMAGE_MAX_PIXELS) {
    throw new AppError("payload_too_large", "图片像素过多（不能超过 4000 万像素）");
  }
  return reencode(input, format as Format);
}

async function reencode(input: Buffer, format: Format): Promise<IntakeImage> {
  const sharp = await loadSharp();
  const pipeline = sharp(input, {
    limitInputPixels: IMAGE_MAX_PIXELS,
    failOn: "truncated",
  }).rotate();
  const encoded =
    format === "png"
      ? pipeline.png()
      : format === "webp"
        ? pipeline.webp({ quality: 90 })
        : pipeline.jpeg({ quality: 90 });
  const { data, info } = await encoded.toBuffer({ resolveWithObject: true }).catch(() => {
    throw invalid("图片已损坏或不完整，请重新截图后上传");
  });
  return {
    mime: TYPES[format],
    width: info.width,
    height: info.height,
    bytes: data,
    sha256: crypto.createHash("sha256").update(data).digest("hex"),
  };
}
