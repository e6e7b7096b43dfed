import type { App } from "../../http/env.ts";
import { shareCard } from "../share-card.ts";

/** `GET /r/{slug}/card.png`: the share card of a published rebuttal (a page asset, not an API operation). */
export function registerShareCard(app: App): void {
  app.get("/r/:slug/card.png", async (c) => {
    const { png, cardKey } = await shareCard(c.get("deps"), c.req.param("slug"));
    return c.body(new Uint8Array(png), 200, {
      "content-type": "image/png",
      "cache-control": "public, max-age=300",
      etag: `"${cardKey}"`,
    });
  });
}
