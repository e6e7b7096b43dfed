import { describe, expect, it } from "vitest";
import type { UserActor } from "../auth/actor.ts";
import { canSeeReporterContact, canViewCase, seesAllCases } from "./policy.ts";

const person = (...roles: UserActor["roles"]): UserActor => ({
  kind: "user",
  userId: "u",
  sessionId: "s",
  organisationId: "o",
  organisationKind: "government",
  roles,
  name: "n",
  email: "e@x",
});

describe("case policy", () => {
  it("lets coordinators and admins see every case", () => {
    expect(canViewCase(person("coordinator"), { status: "new", assigned: false }).allowed).toBe(
      true,
    );
    expect(canViewCase(person("admin"), { status: "closed", assigned: false }).allowed).toBe(true);
    expect(seesAllCases(person("coordinator"))).toBe(true);
  });

  it("shows an expert only the cases they are assigned to, and hides the rest", () => {
    expect(canViewCase(person("expert"), { status: "drafting", assigned: true }).allowed).toBe(
      true,
    );
    expect(canViewCase(person("expert"), { status: "drafting", assigned: false })).toMatchObject({
      allowed: false,
      hide: true,
    });
  });

  it("shows a reviewer cases in review or published, not drafts", () => {
    expect(canViewCase(person("reviewer"), { status: "in_review", assigned: false }).allowed).toBe(
      true,
    );
    expect(canViewCase(person("reviewer"), { status: "drafting", assigned: false }).allowed).toBe(
      false,
    );
  });

  it("never shows a case to media or the public", () => {
    expect(canViewCase(person("media"), { status: "published", assigned: false }).allowed).toBe(
      false,
    );
    expect(canViewCase({ kind: "public" }, { status: "published", assigned: true }).allowed).toBe(
      false,
    );
  });

  it("keeps reporters' contacts from reviewers and unassigned experts", () => {
    expect(
      canSeeReporterContact(person("reviewer"), { status: "in_review", assigned: false }),
    ).toBe(false);
    expect(canSeeReporterContact(person("expert"), { status: "drafting", assigned: false })).toBe(
      false,
    );
    expect(canSeeReporterContact(person("expert"), { status: "drafting", assigned: true })).toBe(
      true,
    );
    expect(canSeeReporterContact(person("coordinator"), { status: "new", assigned: false })).toBe(
      true,
    );
  });
});
