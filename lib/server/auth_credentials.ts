/**
 * Username (or email) and password checks, and the short-lived cache of verified Basic
 * credentials that spares a PBKDF2 per Basic request.
 *
 * The cache key is an HMAC-SHA-256 (with a random per-process key, so a memory dump does not
 * give a fast offline guess) of the login, the password and the user's current password hash.
 * A password change alters the hash, so old entries can never match again; logout, password
 * change and user deletion also drop the user's entries at once.
 *
 * @module
 */

import type { ServerContext } from "./context.ts";
import type { Store, UserRecord } from "../store/types.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";

/** The longest login or password checked (longer ones never match). */
export const MAX_CREDENTIAL_LENGTH = 4096;

/**
 * The users a login string may name: by username, else by email (CVAT's `username_email`).
 *
 * @example
 * ```ts
 * // await usersByLogin(store, "ann@example.com") → [ann]
 * ```
 */
export async function usersByLogin(store: Store, login: string): Promise<UserRecord[]> {
  if (!login || login.length > 254 * 2) return [];
  const byName = await store.users.listBy("username", login);
  if (byName.length || !login.includes("@")) return byName;
  const byEmail = await store.users.listBy("email", login);
  if (byEmail.length) return byEmail;
  const lower = login.toLowerCase();
  return lower === login ? [] : await store.users.listBy("email", lower);
}

/**
 * Verified Basic credentials, kept for a short time (default 60 s, at most 1000 entries).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { BasicCache } from "./auth_credentials.ts";
 * const cache = new BasicCache();
 * const user = { id: 7, passwordHash: "h" } as Parameters<BasicCache["keyOf"]>[2];
 * const key = await cache.keyOf("ann", "pw", user);
 * cache.remember(key, 7);
 * ok(cache.has(key, 7));
 * cache.dropUser(7);
 * ok(!cache.has(key, 7));
 * ```
 */
export class BasicCache {
  readonly #entries = new Map<string, { userId: number; expires: number }>();
  readonly #ttl: number;
  readonly #max: number;
  #key: Promise<CryptoKey> | null = null;

  /** @param ttlMs How long an entry lives. @param max The most entries kept. */
  constructor(ttlMs = 60_000, max = 1000) {
    this.#ttl = ttlMs;
    this.#max = max;
  }

  /** The cache key of a login, a password and the user's current hash. */
  async keyOf(login: string, password: string, user: UserRecord): Promise<string> {
    this.#key ??= crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
    ]) as Promise<CryptoKey>;
    const data = new TextEncoder().encode(JSON.stringify([login, password, user.passwordHash]));
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await this.#key, data));
    return Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  /** Whether a key was verified for this user and has not expired. */
  has(key: string, userId: number): boolean {
    const entry = this.#entries.get(key);
    if (!entry) return false;
    if (entry.expires <= Date.now() || entry.userId !== userId) {
      this.#entries.delete(key);
      return false;
    }
    return true;
  }

  /** Remembers a verified key (the oldest entry goes when the cache is full). */
  remember(key: string, userId: number): void {
    this.#entries.delete(key);
    if (this.#entries.size >= this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(key, { userId, expires: Date.now() + this.#ttl });
  }

  /** Forgets every entry of a user (logout, password change, deletion). */
  dropUser(userId: number): void {
    for (const [key, entry] of this.#entries) {
      if (entry.userId === userId) this.#entries.delete(key);
    }
  }

  /** How many entries are kept (for tests). */
  get size(): number {
    return this.#entries.size;
  }
}

const caches = new WeakMap<ServerContext, BasicCache>();

/**
 * The Basic-credentials cache of one app.
 *
 * @example
 * ```ts
 * // basicCache(ctx).dropUser(user.id);
 * ```
 */
export function basicCache(ctx: ServerContext): BasicCache {
  let cache = caches.get(ctx);
  if (!cache) caches.set(ctx, cache = new BasicCache());
  return cache;
}

const dummies = new WeakMap<ServerContext, Promise<string>>();

function dummyHash(ctx: ServerContext): Promise<string> {
  let hash = dummies.get(ctx);
  if (!hash) {
    hash = hashPassword(randomText(), { iterations: ctx.options.passwordIterations });
    dummies.set(ctx, hash);
  }
  return hash;
}

function randomText(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16)).join("");
}

/**
 * The active user a login and password name, or null. With `cache`, a recently verified pair
 * skips PBKDF2 (Basic auth); without it every check runs PBKDF2 (the login endpoint). An unknown
 * or inactive login costs one PBKDF2 too, so response times do not reveal which names exist.
 *
 * @example
 * ```ts
 * // const user = await checkCredentials(ctx, "admin", "s3cret!");
 * ```
 */
export async function checkCredentials(
  ctx: ServerContext,
  login: string,
  password: string,
  cache?: BasicCache,
): Promise<UserRecord | null> {
  if (password.length > MAX_CREDENTIAL_LENGTH) return null;
  const users = (await usersByLogin(ctx.store, login)).filter((u) => u.isActive);
  if (!users.length) {
    // Spend the same PBKDF2 as for a real user, so timing does not tell which names exist.
    await verifyPassword(password, await dummyHash(ctx));
    return null;
  }
  for (const user of users) {
    const key = cache ? await cache.keyOf(login, password, user) : "";
    if (cache?.has(key, user.id)) return user;
    if (await verifyPassword(password, user.passwordHash)) {
      cache?.remember(key, user.id);
      return user;
    }
  }
  return null;
}
