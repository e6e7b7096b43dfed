import { describe, expect, it } from "vitest";
import type { UserActor } from "../../auth/actor.ts";
import { canDraft, canReadRevision, canReadRevisions, canRetract } from "../policy.ts";

const user = (over: Partial<UserActor> = {}): UserActor => ({
  kind: "user",
  userId: "u1",
  sessionId: "s",
  organisationId: "o1",
  organisationKind: "government",
  roles: ["expert"],
  name: "专家",
  email: "e@test.chorus",
  ...over,
});

describe("review policies", () => {
  it("let only assignees draft", () => {
    expect(canDraft(user(), { assigneeIds: ["u1"] }).allowed).toBe(true);
    expect(canDraft(user(), { assigneeIds: ["u2"] })).toMatchObject({ allowed: false });
    expect(canDraft({ kind: "public" }, { assigneeIds: [] })).toMatchObject({ hide: true });
  });

  it("hide drafts from media, tokens and the public", () => {
    expect(canReadRevisions(user({ roles: ["reviewer"] })).allowed).toBe(true);
    expect(canReadRevisions(user({ roles: ["media"] }))).toMatchObject({
      allowed: false,
      hide: true,
    });
    const token = {
      kind: "token" as const,
      tokenId: "t",
      organisationId: "o",
      scopes: [],
      name: "t",
    };
    expect(canReadRevisions(token)).toMatchObject({ allowed: false, hide: true });
  });

  it("let only assignees and coordinators read a draft never submitted, and deciders what they decide", () => {
    const draft = { caseStatus: "in_review", assigned: false, submitted: false, decider: false };
    const reviewer = user({ roles: ["reviewer"] });
    expect(canReadRevision(user(), draft)).toMatchObject({ allowed: false, hide: true });
    expect(canReadRevision(reviewer, draft)).toMatchObject({ allowed: false, hide: true });
    expect(canReadRevision(user(), { ...draft, assigned: true }).allowed).toBe(true);
    expect(canReadRevision(user({ roles: ["coordinator"] }), draft).allowed).toBe(true);
    const submitted = { ...draft, submitted: true };
    expect(canReadRevision(user(), submitted).allowed).toBe(false);
    expect(canReadRevision(user(), { ...submitted, decider: true }).allowed).toBe(true);
    expect(canReadRevision(reviewer, submitted).allowed).toBe(true);
    expect(canReadRevision(reviewer, { ...submitted, caseStatus: "drafting" }).allowed).toBe(false);
    expect(
      canReadRevision(user({ roles: ["media"] }), { ...submitted, decider: true }).allowed,
    ).toBe(false);
  });

  it("let coordinators and the final step's organisation retract", () => {
    expect(
      canRetract(user({ roles: ["coordinator"] }), { finalStepOrganisationIds: null }).allowed,
    ).toBe(true);
    const reviewer = user({ roles: ["reviewer"] });
    expect(canRetract(reviewer, { finalStepOrganisationIds: ["o1"] }).allowed).toBe(true);
    expect(canRetract(reviewer, { finalStepOrganisationIds: ["o2"] }).allowed).toBe(false);
    expect(canRetract(reviewer, { finalStepOrganisationIds: null }).allowed).toBe(false);
    expect(canRetract(user(), { finalStepOrganisationIds: ["o1"] }).allowed).toBe(false);
  });
});
