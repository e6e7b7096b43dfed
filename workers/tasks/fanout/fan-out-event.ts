import { fanoutEvent } from "../../../src/events/jobs.ts";
import { fanOutEvent } from "../../../src/services/fanout/fan-out-event.ts";
import { task } from "../../task.ts";

/** events.fanout: one delivery per matching subscription (sockets read NOTIFY, ADR 0050). */
export const fanOutEventTask = task(fanoutEvent, async ({ eventId }, { deps, log }) => {
  const { deliveries } = await fanOutEvent(deps, eventId);
  log.debug({ eventId, deliveries }, "event fanned out");
});
