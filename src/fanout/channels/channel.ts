import { z } from "zod";
import type { Config } from "../../config.ts";
import type { Deps } from "../../deps.ts";
import type { PublicEventEnvelope } from "../../events/envelope.ts";
import { AppError } from "../../http/errors.ts";
import { defineJob, type JobDefinition } from "../../jobs/define.ts";
import type { ChannelName } from "../../vocabulary/channels.ts";
import type { DeliveryToSend } from "../db/fanout.ts";
import type { Outcome } from "../settle-attempt.ts";

/** The payload of every channel's delivery job. */
export const deliveryPayload = z.object({ deliveryId: z.string().uuid() });
export type DeliveryJob = JobDefinition<typeof deliveryPayload>;

/** Our own retry schedule re-enqueues; the queue's retries only cover crashes of the task. */
export const deliveryJobDefinition = (name: string): DeliveryJob =>
  defineJob(name, deliveryPayload, { maxAttempts: 5 });

/** A subscription's test message: not an event (no seq, no delivery row, no retry). */
export interface TestMessage {
  id: string;
  type: "subscription.test";
  seq: null;
  occurredAt: string;
  data: { subscriptionId: string; message: string };
}

/** What a receiver answered to a test message. */
export interface TestAnswer {
  ok: boolean;
  /** The receiver's HTTP status, or the SMTP server's reply. */
  response: string | null;
  error: string | null;
}

/**
 * One way of delivering published messages to a subscriber. The shared flow (fan-out, the
 * delivery log, retries, dead-lettering, pausing a failing subscription) is the same for all;
 * a channel says only what is particular to it. Register it in `channels/index.ts`.
 */
export interface Channel<N extends ChannelName = ChannelName> {
  readonly name: N;
  /** The queue job that sends one delivery of this channel. */
  readonly job: DeliveryJob;
  /** graphile-worker runs lower numbers first (by priority, then run_at). */
  readonly priority: number;
  /** Refuses a target this channel cannot deliver to, as a validation error on `target`. */
  checkTarget(config: Config, target: string): Promise<void>;
  /**
   * Renders and sends one delivery of a public event and says what came of it; a receiver's
   * failure is an Outcome, not an exception (settleAttempt decides on retries).
   */
  send(deps: Deps, d: DeliveryToSend, env: PublicEventEnvelope): Promise<Outcome>;
  /** Sends a test message to a subscription's target right now. */
  sendTest(deps: Deps, sub: { id: string; target: string }, msg: TestMessage): Promise<TestAnswer>;
}

/**
 * A channel name with no module in the registry: raised instead of guessing, so that a
 * channel added to the database but not to the code is never sent some other way.
 */
export class UnknownChannelError extends Error {
  readonly code = "unknown_channel";
  constructor(readonly channel: string) {
    super(`No delivery channel "${channel}" is registered (src/fanout/channels/index.ts)`);
    this.name = "UnknownChannelError";
  }
}

/** A validation error on the subscription's `target` field. */
export const invalidTarget = (message: string) =>
  new AppError("validation_failed", "请检查标出的字段", { errors: [{ path: "target", message }] });
