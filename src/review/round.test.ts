import { describe, expect, it } from "vitest";
import {
  chooseStep,
  type Reviewer,
  type RoundDecision,
  type RoundStep,
  roundComplete,
  stepComplete,
  waitingSteps,
} from "./round.ts";

const step = (over: Partial<RoundStep> = {}): RoundStep => ({
  key: "s",
  name: "步骤",
  role: "reviewer",
  organisationKind: null,
  organisationIds: null,
  eachOrganisation: false,
  approvals: 1,
  deadlineAt: null,
  ...over,
});
const approve = (stepIndex: number, reviewerId: string, organisationId = "o1"): RoundDecision => ({
  stepIndex,
  reviewerId,
  organisationId,
  decision: "approve",
});
const reviewer = (over: Partial<Reviewer> = {}): Reviewer => ({
  userId: "u1",
  roles: ["reviewer"],
  organisationId: "o1",
  organisationKind: "government",
  ...over,
});

describe("review rounds", () => {
  it("count distinct approvals until a step has as many as it needs", () => {
    const two = step({ approvals: 2 });
    expect(stepComplete(two, 0, [approve(0, "a")])).toBe(false);
    expect(stepComplete(two, 0, [approve(0, "a"), approve(0, "b")])).toBe(true);
    expect(stepComplete(two, 0, [approve(0, "a"), approve(1, "b")])).toBe(false);
  });

  it("complete a co-signing step only when every organisation approved", () => {
    const coSign = step({ organisationIds: ["x", "y"], eachOrganisation: true, approvals: 2 });
    expect(stepComplete(coSign, 0, [approve(0, "a", "x"), approve(0, "b", "x")])).toBe(false);
    expect(stepComplete(coSign, 0, [approve(0, "a", "x"), approve(0, "b", "y")])).toBe(true);
  });

  it("wait for the first open step in sequence, and for every open step on the fast track", () => {
    const steps = [step(), step(), step()];
    expect(waitingSteps({ mode: "sequential", steps }, [approve(0, "a")])).toEqual([1]);
    expect(waitingSteps({ mode: "parallel", steps }, [approve(1, "a")])).toEqual([0, 2]);
    expect(roundComplete(steps, [approve(0, "a"), approve(1, "b"), approve(2, "c")])).toBe(true);
  });

  it("put the four-eyes rule before any role, and refuse a second decision", () => {
    const round = { mode: "sequential" as const, steps: [step()] };
    expect(chooseStep(reviewer(), round, [], new Set(["u1"]))).toEqual({
      ok: false,
      reason: "author",
    });
    const decided = [{ ...approve(0, "u1"), decision: "request_changes" as const }];
    expect(chooseStep(reviewer(), round, decided, new Set())).toEqual({
      ok: false,
      reason: "already_decided",
    });
  });

  it("match role, organisation kind and organisation before offering a step", () => {
    const round = {
      mode: "parallel" as const,
      steps: [
        step({ role: "expert" }),
        step({ organisationKind: "medical" }),
        step({ organisationIds: ["o1"] }),
      ],
    };
    expect(chooseStep(reviewer(), round, [], new Set())).toEqual({ ok: true, stepIndex: 2 });
    expect(chooseStep(reviewer({ organisationId: "o2" }), round, [], new Set())).toEqual({
      ok: false,
      reason: "not_waiting",
    });
  });
});
