import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { eventRooms, socketRooms } from "../../realtime/rooms.ts";
import { classifyResponse } from "../channels/webhook.ts";
import { matchesFilters, regionMatches, subscriptionFilters } from "../filters.ts";
import { nextRetryDelay, parseRetryAfter, retryBudgetMs, retryDelaysMs } from "../retry.ts";
import { newWebhookSecret, signedHeaders } from "../signing.ts";

const tree = new Map<string, string | null>([
  ["460000", null],
  ["460100", "460000"],
  ["460105", "460100"],
  ["460106", "460100"],
  ["469001", "460000"],
]);

describe("region filters", () => {
  it("give a county its own, its city's and the province's messages but not a sibling county's", () => {
    expect(regionMatches(["460105"], ["460105"], tree)).toBe(true);
    expect(regionMatches(["460105"], ["460100"], tree)).toBe(true);
    expect(regionMatches(["460105"], ["460000"], tree)).toBe(true);
    expect(regionMatches(["460105"], ["460106"], tree)).toBe(false);
    expect(regionMatches(["460105"], ["469001"], tree)).toBe(false);
  });

  it("give a province subscriber every place inside it", () => {
    expect(regionMatches(["460000"], ["460106"], tree)).toBe(true);
  });

  it("agree between socket rooms and subscription matching", () => {
    const f = subscriptionFilters.parse({ categories: ["weather"], regions: ["460105"] });
    for (const regions of [["460105"], ["460100"], ["460000"], ["460106"], ["469001"]]) {
      const facts = { type: "rebuttal.published", category: "weather", regions, urgency: 2 };
      const viaRooms = eventRooms(facts).some((r) => socketRooms(f, tree).includes(r));
      expect(viaRooms).toBe(matchesFilters(f, facts, tree));
    }
  });

  it("treat minUrgency 2 as 'urgency 1 or 2' and filter event types", () => {
    const f = subscriptionFilters.parse({ minUrgency: 2, eventTypes: ["rebuttal.retracted"] });
    const base = { category: null, regions: ["460000"] };
    expect(matchesFilters(f, { ...base, type: "rebuttal.retracted", urgency: 1 }, tree)).toBe(true);
    expect(matchesFilters(f, { ...base, type: "rebuttal.retracted", urgency: 3 }, tree)).toBe(
      false,
    );
    expect(matchesFilters(f, { ...base, type: "rebuttal.published", urgency: 1 }, tree)).toBe(
      false,
    );
  });
});

describe("retry schedule", () => {
  const mid = () => 0.5;

  it("retries within seconds first, then longer, for about a day, then stops", () => {
    expect(nextRetryDelay(1, { elapsedMs: 0, random: mid })).toBe(2000);
    let elapsed = 0;
    let attempts = 0;
    for (;;) {
      const delay = nextRetryDelay(++attempts, { elapsedMs: elapsed, random: mid });
      if (delay === undefined) break;
      elapsed += delay;
    }
    expect(attempts).toBe(retryDelaysMs.length + 1);
    expect(elapsed).toBeGreaterThan(20 * 3600_000);
    expect(elapsed).toBeLessThanOrEqual(retryBudgetMs);
  });

  it("honours Retry-After in seconds and as a date", () => {
    const now = new Date("2026-11-28T00:00:00Z");
    expect(parseRetryAfter("7", now)).toBe(7000);
    expect(parseRetryAfter("Sat, 28 Nov 2026 00:00:30 GMT", now)).toBe(30_000);
    expect(nextRetryDelay(3, { elapsedMs: 0, retryAfterMs: 30_000, random: mid })).toBe(30_000);
  });

  it("lets Retry-After lengthen the wait but never shorten it, and caps it at an hour", () => {
    expect(nextRetryDelay(3, { elapsedMs: 0, retryAfterMs: 0, random: mid })).toBe(15_000);
    expect(nextRetryDelay(1, { elapsedMs: 0, retryAfterMs: 1000, random: mid })).toBe(2000);
    expect(nextRetryDelay(1, { elapsedMs: 0, retryAfterMs: 86_400_000, random: mid })).toBe(
      3_600_000,
    );
  });

  it("counts the budget in time: a receiver answering Retry-After: 0 cannot spend it in seconds", () => {
    let elapsed = 0;
    let attempts = 0;
    for (;;) {
      const delay = nextRetryDelay(++attempts, {
        elapsedMs: elapsed,
        retryAfterMs: 0,
        random: mid,
      });
      if (delay === undefined) break;
      elapsed += delay;
    }
    expect(elapsed).toBeGreaterThan(20 * 3600_000);
    expect(nextRetryDelay(40, { elapsedMs: 60_000, random: mid })).toBe(28_800_000);
    expect(nextRetryDelay(2, { elapsedMs: retryBudgetMs - 1000, random: mid })).toBeUndefined();
  });

  it("retries 408, 429 and 5xx, disables on 410 and gives up on other 4xx", () => {
    const now = new Date();
    expect(classifyResponse(408, undefined, now).kind).toBe("retry");
    expect(classifyResponse(429, "3", now)).toMatchObject({ kind: "retry", retryAfterMs: 3000 });
    expect(classifyResponse(502, undefined, now).kind).toBe("retry");
    expect(classifyResponse(410, undefined, now).kind).toBe("gone");
    expect(classifyResponse(404, undefined, now).kind).toBe("failed");
    expect(classifyResponse(301, undefined, now).kind).toBe("failed");
  });
});

describe("signing", () => {
  it("produces headers the standardwebhooks library verifies", () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({
      id: "e1",
      type: "rebuttal.published",
      seq: 1,
      data: { 标题: "辟谣" },
    });
    const headers = signedHeaders([secret], "e1", body, new Date());
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });
});
