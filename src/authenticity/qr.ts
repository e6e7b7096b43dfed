import QRCode from "qrcode";

/**
 * A QR code of a URL as standalone SVG (no script, no external resource).
 * @example const svg = await qrSvg("https://chorus.example/verify/7K3M9Q2D");
 */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
}
