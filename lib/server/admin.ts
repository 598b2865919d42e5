/**
 * Start-up work: the configured administrator account.
 *
 * @module
 */

import type { Store } from "../store/types.ts";
import { hashPassword } from "./passwords.ts";
import { now } from "./context.ts";

/**
 * Creates the admin user if no user has that name (no-op without `admin`).
 *
 * @example
 * ```ts
 * // await ensureAdmin(store, { username: "admin", password: "s3cret!" });
 * ```
 */
export async function ensureAdmin(
  store: Store,
  admin: { username: string; password: string } | undefined,
  options: { iterations?: number } = {},
): Promise<void> {
  if (!admin) return;
  const existing = await store.users.listBy("username", admin.username);
  if (existing.length) return;
  await store.users.create({
    username: admin.username,
    email: "",
    firstName: "",
    lastName: "",
    passwordHash: await hashPassword(admin.password, options),
    groups: ["admin"],
    isStaff: true,
    isSuperuser: true,
    isActive: true,
    dateJoined: now(),
    lastLogin: null,
    tokenKey: null,
  });
}
