/**
 * Roles of a person: values and Chinese labels, written once. The database CHECK on
 * `users.roles` is tested against this list.
 */
export const roles = ["admin", "coordinator", "expert", "reviewer", "media"] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  admin: "管理员",
  coordinator: "协调员",
  expert: "专家",
  reviewer: "审核人",
  media: "媒体",
};

/** Roles that work inside the platform (everyone but media). */
export const staffRoles = [
  "admin",
  "coordinator",
  "expert",
  "reviewer",
] as const satisfies readonly Role[];

/** The Chinese label of a role, or the value itself when it is not one. */
export function roleLabel(value: string): string {
  return (roleLabels as Record<string, string>)[value] ?? value;
}
