import { fanoutEvent } from "../../events/jobs.ts";
import { task } from "../../jobs/task.ts";
import { fanOutEvent } from "../fan-out-event.ts";

/** events.fanout: one delivery per matching subscription (sockets read NOTIFY, ADR 0050). */
export const fanOutEventTask = task(fanoutEvent, async ({ eventId }, { deps, log }) => {
  const { deliveries } = await fanOutEvent(deps, eventId);
  log.debug({ eventId, deliveries }, "event fanned out");
});
