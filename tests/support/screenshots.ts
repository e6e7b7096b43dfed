import { Resvg } from "@resvg/resvg-js";
import satori from "satori";
import sharp from "sharp";
import { type CardFont, cardFonts, fontsourceFaces } from "../../src/images/fonts.ts";

type Style = Record<string, string | number>;
const el = (style: Style, children?: unknown) => ({
  type: "div",
  props: { style: { display: "flex", ...style }, children },
});

export interface ScreenshotStyle {
  kind: "chat" | "notice";
  width?: number;
  fontSize?: number;
  bold?: boolean;
  /** Degrees; the photo of a screen is rarely straight. */
  rotate?: number;
  /** 0–1: grey speckle over the image. */
  noise?: number;
  jpegQuality?: number;
  /** Noto Sans SC (the default) or Noto Serif SC (a devDependency, for the benchmark set). */
  font?: "sans" | "serif";
  /** Seed of the noise, so a set renders the same every time. */
  seed?: number;
}

let serif: { fonts: CardFont[]; family: string } | undefined;
function facesOf(font: ScreenshotStyle["font"]) {
  if (font !== "serif") return cardFonts();
  serif ??= fontsourceFaces("@fontsource/noto-serif-sc", "serif");
  return serif;
}

/**
 * A WeChat-style group chat screenshot (or a photographed "official notice") carrying a text,
 * for tests and the image benchmark: our own renderer, so no real person's screenshot is used.
 * @example const png = await renderScreenshot("喝板蓝根可以预防新冠肺炎？", { kind: "chat" });
 */
export async function renderScreenshot(text: string, style: ScreenshotStyle): Promise<Buffer> {
  const width = style.width ?? 720;
  const fontSize = style.fontSize ?? 30;
  const { fonts, family } = facesOf(style.font);
  const tree = style.kind === "chat" ? chat(text, width, fontSize) : notice(text, fontSize);
  const height = Math.max(
    480,
    Math.ceil(text.length / Math.floor((width - 260) / fontSize)) * fontSize * 1.6 + 420,
  );
  const svg = await satori(
    el(
      { width, height, fontFamily: family, fontWeight: style.bold ? 700 : 400 },
      tree,
    ) as unknown as Parameters<typeof satori>[0],
    {
      width,
      height,
      fonts,
    },
  );
  let image = sharp(new Resvg(svg).render().asPng());
  if (style.noise)
    image = sharp(
      await addNoise(
        await image.raw().toBuffer({ resolveWithObject: true }),
        style.noise,
        style.seed ?? 42,
      ),
    );
  if (style.rotate) image = image.rotate(style.rotate, { background: "#ffffff" });
  return style.jpegQuality
    ? image.jpeg({ quality: style.jpegQuality }).toBuffer()
    : image.png().toBuffer();
}

function chat(text: string, width: number, fontSize: number) {
  const bar = el(
    {
      height: 88,
      background: "#ededed",
      alignItems: "center",
      justifyContent: "center",
      fontSize: 32,
      color: "#111",
      borderBottom: "1px solid #d6d6d6",
    },
    "相亲相爱一家人(8)",
  );
  const avatar = (colour: string) =>
    el({ width: 72, height: 72, borderRadius: 8, background: colour, flexShrink: 0 });
  const bubble = (t: string, mine: boolean) =>
    el(
      {
        padding: 22,
        margin: mine ? "0 18px 0 0" : "0 0 0 18px",
        borderRadius: 8,
        background: mine ? "#95ec69" : "#ffffff",
        fontSize,
        color: "#111",
        lineHeight: 1.45,
        maxWidth: width - 240,
      },
      t,
    );
  const row = (t: string, mine: boolean) =>
    el(
      {
        flexDirection: mine ? "row-reverse" : "row",
        padding: "18px 24px",
        alignItems: "flex-start",
      },
      [avatar(mine ? "#7aa6d6" : "#e0a96d"), bubble(t, mine)],
    );
  return el({ flexDirection: "column", width: "100%", height: "100%", background: "#ededed" }, [
    bar,
    el({ justifyContent: "center", fontSize: 22, color: "#999", padding: 16 }, "昨天 21:36"),
    row(text, false),
    row("真的假的？", true),
  ]);
}

function notice(text: string, fontSize: number) {
  return el(
    { flexDirection: "column", width: "100%", height: "100%", background: "#fbf8ef", padding: 56 },
    [
      el(
        {
          justifyContent: "center",
          fontSize: fontSize + 10,
          color: "#b00",
          fontWeight: 700,
          marginBottom: 36,
        },
        "紧急通知",
      ),
      el({ fontSize, color: "#222", lineHeight: 1.7, width: "100%" }, text),
      el(
        { justifyContent: "flex-end", fontSize: fontSize - 4, color: "#444", marginTop: 40 },
        "特此通知",
      ),
    ],
  );
}

async function addNoise(
  raw: { data: Buffer; info: sharp.OutputInfo },
  amount: number,
  start: number,
): Promise<Buffer> {
  const { data, info } = raw;
  let seed = start;
  const rand = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  for (let i = 0; i < data.length; i++) {
    if (i % info.channels === 3) continue;
    data[i] = Math.max(0, Math.min(255, data[i]! + Math.round((rand() - 0.5) * 255 * amount)));
  }
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .png()
    .toBuffer();
}
