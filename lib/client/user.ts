/**
 * `cvat.User`: a user as the server describes it (`/api/users/...`, a task's owner or assignee),
 * with cvat-core's read-only camelCase properties.
 *
 * @module
 */

import { ArgumentError } from "../core/errors.ts";
import { show } from "../core/show.ts";

/** A user's server JSON (full or basic). */
export interface UserJson {
  /** The user's id. */
  id: number;
  /** The login name. */
  username?: string;
  /** The e-mail address. */
  email?: string;
  /** The given name. */
  first_name?: string;
  /** The family name. */
  last_name?: string;
  /** The user's groups (`"admin"`, `"user"`, `"worker"`, ...). */
  groups?: string[];
  /** ISO time of the last login, or null. */
  last_login?: string | null;
  /** ISO time of the registration, or null. */
  date_joined?: string | null;
  /** Whether the user is staff. */
  is_staff?: boolean;
  /** Whether the user is a superuser (admin). */
  is_superuser?: boolean;
  /** Whether the account is active. */
  is_active?: boolean;
  /** Whether the user may see the analytics. */
  has_analytics_access?: boolean;
  /** Other fields the server sends. */
  [key: string]: unknown;
}

/**
 * A CVAT user. Built from the server's JSON; every property is read-only.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { User } from "./user.ts";
 * const user = new User({ id: 3, username: "ann", first_name: "Ann" });
 * strictEqual(user.firstName, "Ann");
 * strictEqual(user.isActive, true);
 * ```
 */
export class User {
  /** The user's id. */
  readonly id: number;
  /** The login name. */
  readonly username: string;
  /** The e-mail address (`""` when the server did not send it). */
  readonly email: string;
  /** The given name. */
  readonly firstName: string;
  /** The family name. */
  readonly lastName: string;
  /** The user's groups. */
  readonly groups: readonly string[];
  /** ISO time of the last login, or null. */
  readonly lastLogin: string | null;
  /** ISO time of the registration, or null. */
  readonly dateJoined: string | null;
  /** Whether the user is staff. */
  readonly isStaff: boolean;
  /** Whether the user is a superuser (admin). */
  readonly isSuperuser: boolean;
  /** Whether the account is active. */
  readonly isActive: boolean;
  /** Whether the e-mail address is verified. */
  readonly isVerified: boolean;

  /**
   * Makes a user from server JSON; throws ArgumentError without an integer `id`.
   *
   * @param data The server's user JSON (snake_case).
   */
  constructor(data: UserJson) {
    if (!data || typeof data !== "object" || !Number.isInteger(data.id)) {
      throw new ArgumentError(`A user needs an integer id, got ${show(data?.id ?? data)}`);
    }
    this.id = data.id;
    this.username = String(data.username ?? "");
    this.email = String(data.email ?? "");
    this.firstName = String(data.first_name ?? "");
    this.lastName = String(data.last_name ?? "");
    this.groups = Object.freeze([...(data.groups ?? [])]);
    this.lastLogin = data.last_login ?? null;
    this.dateJoined = data.date_joined ?? null;
    this.isStaff = Boolean(data.is_staff);
    this.isSuperuser = Boolean(data.is_superuser);
    this.isActive = data.is_active ?? true;
    this.isVerified = true;
    Object.freeze(this);
  }

  /** The server's JSON form. */
  toJSON(): UserJson {
    return {
      id: this.id,
      username: this.username,
      email: this.email,
      first_name: this.firstName,
      last_name: this.lastName,
      groups: [...this.groups],
      last_login: this.lastLogin,
      date_joined: this.dateJoined,
      is_staff: this.isStaff,
      is_superuser: this.isSuperuser,
      is_active: this.isActive,
    };
  }
}

/**
 * A user from server JSON, a User, or null.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { userOrNull } from "./user.ts";
 * strictEqual(userOrNull(null), null);
 * strictEqual(userOrNull({ id: 2, username: "bob" })?.username, "bob");
 * ```
 */
export function userOrNull(value: unknown): User | null {
  if (value === null || value === undefined) return null;
  if (value instanceof User) return value;
  return new User(value as UserJson);
}

/**
 * The id to send for an assignee: a User, a user id or null; else ArgumentError.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { assigneeId, User } from "./user.ts";
 * strictEqual(assigneeId(new User({ id: 4 }), "assignee"), 4);
 * strictEqual(assigneeId(null, "assignee"), null);
 * ```
 */
export function assigneeId(value: unknown, field: string): number | null {
  if (value === null) return null;
  if (value instanceof User) return value.id;
  if (Number.isInteger(value) && (value as number) > 0) return value as number;
  throw new ArgumentError(`${field} must be a User, a user id or null, got ${show(value)}`);
}
