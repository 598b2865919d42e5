/**
 * The user shapes other resources embed (`owner`, `assignee`) and the full `User`.
 *
 * @module
 */

import { absoluteUrl, type Ctx } from "./context.ts";
import type { UserRecord } from "../store/types.ts";

/** CVAT's `BasicUser`. */
export interface BasicUserJson {
  url: string;
  id: number;
  username: string;
  first_name: string;
  last_name: string;
}

/**
 * A user as embedded in projects, tasks, jobs, issues (`BasicUser`), or null.
 *
 * @example
 * ```ts
 * // basicUser(c, user) → { url, id, username, first_name, last_name }
 * ```
 */
export function basicUser(c: Ctx, user: UserRecord | null): BasicUserJson | null {
  if (!user) return null;
  return {
    url: absoluteUrl(c, `/api/users/${user.id}`),
    id: user.id,
    username: user.username,
    first_name: user.firstName,
    last_name: user.lastName,
  };
}

/**
 * The full `User` (self, admins).
 *
 * @example
 * ```ts
 * // fullUser(c, user).groups → ["admin"]
 * ```
 */
export function fullUser(c: Ctx, user: UserRecord): Record<string, unknown> {
  return {
    ...basicUser(c, user),
    email: user.email,
    groups: user.groups,
    is_staff: user.isStaff,
    is_superuser: user.isSuperuser,
    is_active: user.isActive,
    last_login: user.lastLogin,
    date_joined: user.dateJoined,
  };
}
