/**
 * Username and email uniqueness, and a per-app lock for user writes: two concurrent
 * registrations (or renames) cannot both take the same name, and a login, a logout and a PATCH
 * of one user never lose each other's changes. The lock is per process (not across processes
 * sharing one KV database) and not re-entrant.
 *
 * @module
 */

import type { ServerContext } from "./context.ts";
import type { UserRecord } from "../store/types.ts";

/** Django's username rule: letters, digits and `@ . + - _`. */
export const USERNAME_PATTERN = /^[\p{L}\p{N}_.@+-]+$/u;

/** The message for a username that breaks {@linkcode USERNAME_PATTERN}. */
export const USERNAME_INVALID =
  "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.";

/** The message for a username that is taken. */
export const USERNAME_TAKEN = "A user with that username already exists.";

const locks = new WeakMap<ServerContext, Promise<unknown>>();

/**
 * Runs `fn` after every earlier `withUsersLock` call of the same app has finished.
 *
 * @example
 * ```ts
 * // await withUsersLock(ctx, async () => { if (!(await usernameTaken(ctx, n))) create(...) });
 * ```
 */
export function withUsersLock<T>(ctx: ServerContext, fn: () => Promise<T>): Promise<T> {
  const previous = locks.get(ctx) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  locks.set(ctx, run.catch(() => undefined));
  return run;
}

/**
 * Whether another user (not `exceptId`) has this username.
 *
 * @example
 * ```ts
 * // await usernameTaken(ctx, "admin") → true
 * ```
 */
export async function usernameTaken(
  ctx: ServerContext,
  username: string,
  exceptId?: number,
): Promise<boolean> {
  const users = await ctx.store.users.listBy("username", username);
  return users.some((u) => u.id !== exceptId);
}

/**
 * Whether another user (not `exceptId`) has this email (as typed or lower-cased).
 *
 * @example
 * ```ts
 * // await emailTaken(ctx, "ann@example.com") → false
 * ```
 */
export async function emailTaken(
  ctx: ServerContext,
  email: string,
  exceptId?: number,
): Promise<boolean> {
  if (!email) return false;
  for (const candidate of new Set([email, email.toLowerCase()])) {
    const users = await ctx.store.users.listBy("email", candidate);
    if (users.some((u) => u.id !== exceptId)) return true;
  }
  return false;
}

/**
 * Reads a user, applies `change` and stores the result, under the users lock (so that a login,
 * a logout and a PATCH of the same user never lose each other's writes). Returns the stored
 * user, or null when it does not exist.
 *
 * @example
 * ```ts
 * // await mutateUser(ctx, user.id, () => ({ lastLogin: now() }));
 * ```
 */
export function mutateUser(
  ctx: ServerContext,
  id: number,
  change: (user: UserRecord) => Partial<UserRecord> | Promise<Partial<UserRecord>>,
): Promise<UserRecord | null> {
  return withUsersLock(ctx, async () => {
    const user = await ctx.store.users.get(id);
    if (!user) return null;
    const next = { ...user, ...(await change(user)), id };
    await ctx.store.users.update(next);
    return next;
  });
}
