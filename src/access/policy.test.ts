import { describe, expect, it } from "vitest";
import type { TokenActor, UserActor } from "../auth/actor.ts";
import { canChangeUser, canGrantScopes, canManageApiToken, sameOrganisation } from "./policy.ts";

const person = (roles: UserActor["roles"], organisationId = "org-a"): UserActor => ({
  kind: "user",
  userId: `u-${roles.join("-")}`,
  sessionId: "s",
  organisationId,
  organisationKind: "media",
  roles,
  name: "n",
  email: "e@x",
});
const token: TokenActor = {
  kind: "token",
  tokenId: "t",
  organisationId: "org-a",
  scopes: ["feed:read"],
  name: "t",
};

describe("access policy", () => {
  it("hides another organisation's objects and shows one's own", () => {
    expect(sameOrganisation(person(["media"]), "org-b")).toMatchObject({
      allowed: false,
      hide: true,
    });
    expect(sameOrganisation(token, "org-a").allowed).toBe(true);
    expect(sameOrganisation({ kind: "public" }, "org-a").allowed).toBe(false);
  });

  it("lets admins manage any organisation's token, media only their own", () => {
    expect(canManageApiToken(person(["admin"], "org-z"), { organisationId: "org-a" }).allowed).toBe(
      true,
    );
    expect(
      canManageApiToken(person(["media"], "org-b"), { organisationId: "org-a" }),
    ).toMatchObject({
      hide: true,
    });
  });

  it("lets media grant only feed, subscription and delivery scopes", () => {
    expect(canGrantScopes(person(["media"]), ["feed:read", "deliveries:read"]).allowed).toBe(true);
    expect(canGrantScopes(person(["media"]), ["library:import"]).allowed).toBe(false);
    expect(canGrantScopes(person(["admin"]), ["library:import"]).allowed).toBe(true);
    expect(canGrantScopes(person(["expert"]), ["feed:read"]).allowed).toBe(false);
  });

  it("stops admins from locking themselves out", () => {
    const admin = person(["admin"]);
    expect(canChangeUser(admin, { id: admin.userId }, { active: false }).allowed).toBe(false);
    expect(canChangeUser(admin, { id: admin.userId }, { roles: ["expert"] }).allowed).toBe(false);
    expect(
      canChangeUser(admin, { id: "other" }, { roles: ["expert"], active: false }).allowed,
    ).toBe(true);
    expect(canChangeUser(person(["coordinator"]), { id: "other" }, {}).allowed).toBe(false);
  });
});
