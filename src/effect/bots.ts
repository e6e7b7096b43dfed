/**
 * Crawlers, link previews, monitors, headless browsers and plain HTTP libraries: their visits
 * are not readers. A simple rule on purpose (no list service): no user agent at all, or one of
 * these words in it.
 */
const BOT_WORDS =
  /bot\b|bot\/|crawl|spider|slurp|preview|facebookexternalhit|embedly|headless|phantomjs|lighthouse|pagespeed|pingdom|uptime|monitor|curl\/|wget\/|python-|go-http-client|java\/|okhttp|node-fetch|undici|axios|libwww|httpclient|scrapy|feedfetcher|^mozilla\/5\.0$/i;

/**
 * Whether a request's user agent looks like a machine rather than a reader.
 * @example isBot("Mozilla/5.0 (compatible; Googlebot/2.1)") → true
 */
export function isBot(userAgent: string | undefined): boolean {
  const ua = userAgent?.trim() ?? "";
  return ua.length === 0 || BOT_WORDS.test(ua);
}
