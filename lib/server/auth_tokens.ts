/**
 * API tokens (one per user, as DRF's authtoken) and browser sessions with their CSRF tokens.
 * All secrets come from `crypto.getRandomValues`.
 *
 * @module
 */

import { now, type ServerContext } from "./context.ts";
import { SESSION_AGE } from "./auth_cookies.ts";
import type { SessionRecord, UserRecord } from "../store/types.ts";
import { mutateUser } from "./users_unique.ts";
import { badRequest } from "./errors.ts";

/** The longest token or session id looked up in the store (longer ones are simply invalid). */
export const MAX_SECRET_LENGTH = 128;

/**
 * `bytes` random bytes as lower-case hex.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { randomHex } from "./auth_tokens.ts";
 * ok(/^[0-9a-f]{40}$/.test(randomHex(20)));
 * ```
 */
export function randomHex(bytes: number): string {
  const data = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(data, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The user's token: the existing one, or a new 40-hex-digit key (stored and recorded on the
 * user). Returns the key.
 *
 * @example
 * ```ts
 * // const key = await tokenFor(ctx, user); // the same key on every login until logout
 * ```
 */
export async function tokenFor(ctx: ServerContext, user: UserRecord): Promise<string> {
  const live = async (key: string | null) => {
    const token = key ? await ctx.store.tokens.get(key) : null;
    return token !== null && token.userId === user.id;
  };
  if (await live(user.tokenKey)) return user.tokenKey!;
  const stored = await mutateUser(ctx, user.id, async (fresh) => {
    if (await live(fresh.tokenKey)) return {};
    const key = randomHex(20);
    await ctx.store.tokens.put(key, { key, userId: user.id, created: now() });
    return { tokenKey: key };
  });
  // The user was deleted meanwhile: the login fails as for bad credentials.
  if (!stored?.tokenKey) {
    throw badRequest({ non_field_errors: ["Unable to log in with provided credentials."] });
  }
  user.tokenKey = stored.tokenKey;
  return stored.tokenKey;
}

/**
 * The user behind a token key, or null (unknown key, deleted user).
 *
 * @example
 * ```ts
 * // const user = await tokenUser(ctx, "3f2a..."); // null when unknown
 * ```
 */
export async function tokenUser(ctx: ServerContext, key: string): Promise<UserRecord | null> {
  if (!key || key.length > MAX_SECRET_LENGTH) return null;
  const token = await ctx.store.tokens.get(key);
  if (!token) return null;
  const user = await ctx.store.users.get(token.userId);
  return user && user.tokenKey === key ? user : null;
}

/**
 * Deletes the user's token (logout, user deletion) and clears `tokenKey` on the stored user.
 *
 * @example
 * ```ts
 * // await dropToken(ctx, user); // Token requests now get 401
 * ```
 */
export async function dropToken(ctx: ServerContext, user: UserRecord): Promise<void> {
  if (user.tokenKey) await ctx.store.tokens.delete(user.tokenKey);
  await mutateUser(ctx, user.id, async (fresh) => {
    if (fresh.tokenKey) await ctx.store.tokens.delete(fresh.tokenKey);
    return { tokenKey: null };
  });
  user.tokenKey = null;
}

/**
 * Starts a session for a user (14 days), with a fresh CSRF token.
 *
 * @example
 * ```ts
 * // const session = await startSession(ctx, user); // session.id, session.csrfToken
 * ```
 */
export async function startSession(ctx: ServerContext, user: UserRecord): Promise<SessionRecord> {
  const created = new Date();
  const session: SessionRecord = {
    id: randomHex(16),
    userId: user.id,
    csrfToken: randomHex(32),
    created: now(),
    expires: new Date(created.getTime() + SESSION_AGE * 1000).toISOString(),
  };
  await ctx.store.sessions.put(session.id, session, { expireIn: SESSION_AGE * 1000 });
  return session;
}

/**
 * A live session by id, or null (unknown, expired).
 *
 * @example
 * ```ts
 * // const session = await findSession(ctx, readCookie(c, "sessionid") ?? "");
 * ```
 */
export async function findSession(ctx: ServerContext, id: string): Promise<SessionRecord | null> {
  if (!id || id.length > MAX_SECRET_LENGTH) return null;
  const session = await ctx.store.sessions.get(id);
  if (!session) return null;
  if (Date.parse(session.expires) <= Date.now()) {
    await ctx.store.sessions.delete(id);
    return null;
  }
  return session;
}

/**
 * Ends every session of a user except `keep` (password change, user deletion). Sessions have no
 * per-user index, so this scans them; it runs only on those rare events.
 *
 * @example
 * ```ts
 * // await endSessions(ctx, user.id, currentSessionId);
 * ```
 */
export async function endSessions(
  ctx: ServerContext,
  userId: number,
  keep?: string,
): Promise<void> {
  const doomed: string[] = [];
  for await (const [key, session] of ctx.store.sessions.list()) {
    if (session.userId === userId && key !== keep) doomed.push(key);
  }
  for (const key of doomed) await ctx.store.sessions.delete(key);
}
