import { z } from "zod";
import { defineJob } from "../jobs/define.ts";

/** Fans one recorded event out to every channel (sockets, webhooks, email); see src/fanout/tasks/. */
export const fanoutEvent = defineJob("events.fanout", z.object({ eventId: z.string().uuid() }));
