/** Where a rebuttal's share card lives, for pages, emails and the media portal. */
export const shareCardPath = (slug: string) => `/r/${encodeURIComponent(slug)}/card.png`;

/**
 * The share card's absolute address beside a rebuttal's page address (`…/r/{slug}`).
 * @example shareCardUrl("https://chorus.example/r/a", "a") → "https://chorus.example/r/a/card.png"
 */
export const shareCardUrl = (pageUrl: string, slug: string) =>
  new URL(shareCardPath(slug), pageUrl).href;

/** The share card beside a page address alone (`…/r/{slug}` → `…/r/{slug}/card.png`). */
export const shareCardOfPage = (pageUrl: string) => `${pageUrl.replace(/\/$/, "")}/card.png`;
