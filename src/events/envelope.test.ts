import { describe, expect, expectTypeOf, it } from "vitest";
import { envelopeOf } from "../fanout/envelope.ts";
import type {
  EventEnvelope,
  EventType,
  PublicEventEnvelope,
  StaffEventEnvelope,
} from "./envelope.ts";
import type { RebuttalSnapshot } from "./rebuttal-data.ts";
import type { StaffNotify } from "./staff-data.ts";

const rebuttal: RebuttalSnapshot = {
  id: "6f1d0a52-5a3c-4d59-9d1e-0b0f2f1b8a10",
  slug: "case-12",
  url: "http://chorus.test/r/case-12",
  kind: "rebuttal",
  claim: "喝板蓝根能预防新冠",
  verdict: "false",
  title: "板蓝根不能预防新冠",
  summary: "没有证据表明板蓝根能预防新冠病毒感染。",
  category: "infectious-disease",
  regions: ["460100"],
  urgency: 2,
  coSigners: [{ id: "0b6c3c1e-5f0e-4c57-8a4a-9f5d2a7c1e33", name: "海南省卫生健康委员会" }],
  version: 2,
  publishedAt: "2020-02-01T08:00:00.000Z",
  updatedAt: "2020-02-02T08:00:00.000Z",
  drill: false,
};
const row = (type: string, data: unknown) => ({
  id: "9a4e7f0c-1b2d-4e3f-8a5b-6c7d8e9f0a1b",
  seq: 7,
  type,
  occurredAt: new Date("2020-02-02T08:00:00.000Z"),
  data,
});

describe("the event envelope", () => {
  it("types data by event type", () => {
    expectTypeOf<EventEnvelope["type"]>().toEqualTypeOf<EventType>();
    expectTypeOf<
      Extract<EventEnvelope, { type: "rebuttal.published" }>["data"]["rebuttal"]["slug"]
    >().toEqualTypeOf<string>();
    expectTypeOf<
      Extract<EventEnvelope, { type: "rebuttal.retracted" }>["data"]["reason"]
    >().toEqualTypeOf<string>();
    expectTypeOf<
      Extract<EventEnvelope, { type: "rebuttal.updated" }>["data"]["previousVersion"]
    >().toEqualTypeOf<number>();
    expectTypeOf<PublicEventEnvelope["data"]["rebuttal"]>().toEqualTypeOf<RebuttalSnapshot>();
    expectTypeOf<StaffEventEnvelope["data"]>().toExtend<StaffNotify>();
  });

  it("reads a stored public event back with its data unchanged", () => {
    const env = envelopeOf(row("rebuttal.updated", { rebuttal, previousVersion: 1 }));
    expect(env).toEqual({
      id: "9a4e7f0c-1b2d-4e3f-8a5b-6c7d8e9f0a1b",
      type: "rebuttal.updated",
      seq: 7,
      occurredAt: "2020-02-02T08:00:00.000Z",
      data: { rebuttal, previousVersion: 1 },
    });
    if (env.type !== "rebuttal.updated") throw new Error("narrowed by type");
    expect(env.data.rebuttal.slug).toBe("case-12");
  });

  it("refuses a stored event whose data does not fit its type, or an unknown type", () => {
    expect(() => envelopeOf(row("rebuttal.retracted", { rebuttal }))).toThrow(/reason/);
    expect(() => envelopeOf(row("rebuttal.published", { title: "无" }))).toThrow();
    expect(() => envelopeOf(row("rebuttal.deleted", { rebuttal }))).toThrow();
    expect(() => envelopeOf(row("case.opened", { notify: { userIds: [] } }))).toThrow();
  });
});
