import { z } from "zod";
import { defineJob } from "../jobs/define.ts";

/** Fans one recorded event out to every channel (sockets, webhooks, email); see src/fanout/tasks/. */
export const fanoutEvent = defineJob("events.fanout", z.object({ eventId: z.string().uuid() }));

/** Emails the reporters who asked to hear back about a public event's rebuttal; see src/cases/tasks/. */
export const tellReporters = defineJob("events.tell-reporters", z.object({ eventId: z.uuid() }));
