import type QRCodeModule from "qrcode";

let loading: Promise<typeof QRCodeModule> | undefined;
/** qrcode (≈ 10 MB), loaded on the first QR code drawn (ADR 0201). */
const loadQrCode = () => {
  loading ??= import("qrcode").then((m) => m.default);
  return loading;
};

/**
 * A QR code of a URL as standalone SVG (no script, no external resource), for pages.
 * @example const svg = await qrSvg("https://chorus.example/verify/7K3M9Q2D");
 */
export async function qrSvg(url: string): Promise<string> {
  const QRCode = await loadQrCode();
  return QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
}

/**
 * The same QR code as PNG, for emails (many mail clients do not show SVG): attach it inline.
 * @example attachments: [{ cid: "chorus-qr", content: await qrPng(seal.verifyUrl) }]
 */
export async function qrPng(url: string): Promise<Buffer> {
  const QRCode = await loadQrCode();
  return QRCode.toBuffer(url, { type: "png", errorCorrectionLevel: "M", margin: 1, width: 160 });
}

/**
 * The same QR code as a PNG data URI, for share cards.
 * @example qrDataUri: await qrDataUri(verifyUrl)
 */
export async function qrDataUri(url: string): Promise<string> {
  const QRCode = await loadQrCode();
  return QRCode.toDataURL(url, { errorCorrectionLevel: "M", margin: 1, width: 200 });
}
