import { cardFonts } from "./fonts.ts";
import {
  CARD_HEIGHT,
  CARD_WIDTH,
  type ShareCardContent,
  shareCardTemplate,
} from "./share-card-template.ts";

/**
 * A share card as PNG, 1080 px wide. Satori lays it out (the first call in a process parses the
 * fonts, a few seconds); resvg rasterises on the libuv pool, off the event loop.
 * @example const png = await renderShareCard({ ...content, qrDataUri: await qrDataUri(url) });
 */
export async function renderShareCard(content: ShareCardContent): Promise<Buffer> {
  // Loaded on the first card: satori alone holds ~45 MB, which an API process that never
  // renders a card (search, intake) should not carry.
  const [{ default: satori }, { renderAsync }] = await Promise.all([
    import("satori"),
    import("@resvg/resvg-js"),
  ]);
  const { fonts, family } = cardFonts();
  // biome-ignore lint/suspicious/noExplicitAny: satori takes React-shaped elements; ours are plain objects
  const svg = await satori(shareCardTemplate(content, family) as any, {
    width: CARD_WIDTH,
    height: CARD_HEIGHT,
    fonts,
  });
  const image = await renderAsync(svg, { fitTo: { mode: "width", value: CARD_WIDTH } });
  return image.asPng();
}
