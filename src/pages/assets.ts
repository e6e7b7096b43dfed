import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { App } from "../http/env.ts";
import { vocabularyScript } from "../vocabulary/browser.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const files: Record<string, { file: string; type: string }> = {
  "console.css": { file: path.join(here, "assets/console.css"), type: "text/css; charset=utf-8" },
  "console.js": {
    file: path.join(here, "assets/console.js"),
    type: "text/javascript; charset=utf-8",
  },
  "favicon.svg": { file: path.join(here, "assets/favicon.svg"), type: "image/svg+xml" },
  "media-live.js": {
    file: path.join(here, "assets/media-live.js"),
    type: "text/javascript; charset=utf-8",
  },
  "publication-live.js": {
    file: path.join(here, "assets/publication-live.js"),
    type: "text/javascript; charset=utf-8",
  },
  "socket.io.min.js": {
    // The browser client shipped inside the server package (what `serveClient` would serve).
    file: path.join(path.dirname(require.resolve("socket.io")), "../client-dist/socket.io.min.js"),
    type: "text/javascript; charset=utf-8",
  },
};

/** Assets built from TypeScript modules when first asked for, so the browser shares their source. */
const generated: Record<string, { build: () => string; type: string }> = {
  "vocabulary.js": { build: vocabularyScript, type: "text/javascript; charset=utf-8" },
};

type Asset = { body: string; etag: string; type: string };

function load(name: string): Asset | undefined {
  const made = generated[name];
  if (made) {
    const body = made.build();
    const hash = crypto.createHash("sha256").update(body).digest("base64url").slice(0, 16);
    return { body, type: made.type, etag: `"${hash}"` };
  }
  const entry = files[name];
  if (!entry) return undefined;
  const body = fs.readFileSync(entry.file, "utf8");
  return {
    body,
    type: entry.type,
    etag: `"${body.length.toString(36)}-${fs.statSync(entry.file).mtimeMs.toString(36)}"`,
  };
}

/** Static and generated assets for the pages, made once and served with a cache and an ETag. */
export function registerAssets(app: App): void {
  const cache = new Map<string, Asset>();
  app.get("/assets/:name", (c) => {
    const name = c.req.param("name");
    let hit = cache.get(name);
    if (!hit) {
      hit = load(name);
      if (!hit) return c.notFound();
      cache.set(name, hit);
    }
    if (c.req.header("if-none-match") === hit.etag) return c.body(null, 304);
    c.header("content-type", hit.type);
    c.header("etag", hit.etag);
    c.header("cache-control", "public, max-age=300");
    return c.body(hit.body);
  });
}
