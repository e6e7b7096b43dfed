import QRCode from "qrcode";

/**
 * A QR code of a URL as standalone SVG (no script, no external resource), for pages.
 * @example const svg = await qrSvg("https://chorus.example/verify/7K3M9Q2D");
 */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
}

/**
 * The same QR code as PNG, for emails (many mail clients do not show SVG): attach it inline.
 * @example attachments: [{ cid: "chorus-qr", content: await qrPng(seal.verifyUrl) }]
 */
export function qrPng(url: string): Promise<Buffer> {
  return QRCode.toBuffer(url, { type: "png", errorCorrectionLevel: "M", margin: 1, width: 160 });
}
