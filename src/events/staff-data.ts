import type { Role } from "../auth/actor.ts";

/**
 * Every staff event's `data` says whom to tell: the fan-out sends it to the `/staff` socket rooms
 * `user:<id>` and `role:<role>`, and emails the listed users.
 */
export interface StaffNotify {
  notify: { userIds: string[]; roles: Role[]; email: boolean };
}
