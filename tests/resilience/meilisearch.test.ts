import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInUser } from "../support/factories.ts";
import { WAIT } from "../support/wait.ts";
import {
  callApi,
  cleanUp,
  liveRebuttalIds,
  type Probe,
  probe,
  publicEventIds,
  publishBurst,
  type Stack,
  searchIndexDiff,
  startStack,
} from "./harness.ts";
import { mediaSocket } from "./receivers.ts";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ meilisearch: "private" });
}, 180_000);
afterAll(cleanUp, 60_000);

describe("Meilisearch stopped and restarted during a burst of publications", () => {
  it("keeps publishing, answers search degraded (never a hang or a 500) while it is down, and ends with the index equal to Postgres", async () => {
    const socket = await mediaSocket(stack.api.url, stack.mediaToken);
    const coordinator = await signedInUser(stack.sql, ["coordinator"]);
    const before = await publishBurst(stack, 10);

    await stack.meilisearch!.stop();
    const publishing = publishBurst(stack, 10, { from: 10 });
    const searches: Probe[] = [];
    for (let i = 0; i < 6; i++) {
      // A new query each time, so no answer comes from the brief answer cache.
      searches.push(
        await probe(`${stack.api.url}/api/v1/rebuttals?q=${encodeURIComponent(`第${i}条 喝醋`)}`),
      );
    }
    const during = await publishing;
    const retracted = [before[0]!, before[1]!, during[0]!];
    const retractions = [];
    for (const id of retracted) {
      retractions.push(
        (
          await callApi(stack, "POST", `/api/v1/rebuttals/${id}/retract`, coordinator.auth, {
            reason: "韧性测试：撤回",
          })
        ).status,
      );
    }
    await stack.meilisearch!.start();
    const after = await publishBurst(stack, 5, { from: 20 });

    expect(retractions).toEqual([200, 200, 200]);
    expect(searches.map((s) => [s.status, s.json?.degraded])).toEqual(
      searches.map(() => [200, true]),
    );
    expect(stack.exited()).toEqual([]);

    const all = [...before, ...during, ...after];
    expect(new Set(all).size).toBe(25);
    const live = await liveRebuttalIds(stack);
    expect(all.filter((id) => !live.includes(id))).toEqual(retracted);
    await expect
      .poll(() => searchIndexDiff(stack), { timeout: 150_000, interval: 1000 })
      .toEqual({ missing: [], notLive: [] });

    // A search now comes from Meilisearch again, and every event reached the media socket.
    await expect
      .poll(async () => (await probe(`${stack.api.url}/api/v1/rebuttals?q=喝醋`)).json?.degraded, {
        timeout: 30_000,
        interval: 1000,
      })
      .toBe(false);
    await expect
      .poll(async () => {
        const events = await publicEventIds(stack);
        return { events: events.length, missed: events.filter((id) => !socket.has(id)) };
      }, WAIT)
      .toEqual({ events: 28, missed: [] });
  }, 300_000);
});
