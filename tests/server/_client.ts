/**
 * Shared helpers for the server tests: an app with a known admin and fast password hashing, log
 * in, create users, send JSON and read JSON. Other test files import these names; keep them
 * stable.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { json, login, testApp } from "./_client.ts";
 * const { app } = testApp();
 * const admin = await login(app, "admin", "s3cret!");
 * const res = await app.request("/api/users/self", { headers: admin.headers });
 * strictEqual((await json(res)).username, "admin");
 * ```
 *
 * @module
 */

import type { Hono } from "../../lib/server/deps.ts";
import { type AppOptions, type Env, now } from "../../lib/server/context.ts";
import { createApp } from "../../lib/server/app.ts";
import { memoryStore } from "../../lib/store/memory.ts";
import { ensureAdmin } from "../../lib/server/admin.ts";
import { hashPassword } from "../../lib/server/passwords.ts";
import type { Store, UserRecord } from "../../lib/store/types.ts";

/** The admin every `testApp()` has (unless `options.admin` says otherwise). */
export const ADMIN: { username: string; password: string } = {
  username: "admin",
  password: "s3cret!",
};

/** PBKDF2 iterations used in tests. */
export const TEST_ITERATIONS = 1000;

/** An app and the store behind it. */
export interface TestApp {
  app: Hono<Env>;
  store: Store;
}

/** Anything that can answer `request()`: a Hono app or a `TestApp`. */
export type AppLike = Hono<Env> | TestApp;

/** What `login()` returns. */
export interface Login {
  /** The API token (`key`). */
  token: string;
  /** `{ Authorization: "Token <key>" }`: spread into `headers` of a request. */
  headers: Record<string, string>;
  /** The cookies login set, by name (`sessionid`, `csrftoken`). */
  cookies: Record<string, string>;
  /** The `csrftoken` cookie's value. */
  csrfToken: string;
  /** The cookies as one `Cookie` header value. */
  cookie: string;
  /** Headers for a cookie-only (browser-like) request: `Cookie` and `X-CSRFToken`. */
  session: Record<string, string>;
}

const appOptions = new WeakMap<Store, AppOptions>();

/**
 * A fresh app on a memory store (or `options.store`) with the admin `admin`/`s3cret!` and
 * 1000 PBKDF2 iterations. The admin is user id 1.
 *
 * @example
 * ```ts
 * import { testApp } from "./_client.ts";
 * const { app, store } = testApp();
 * ```
 */
export function testApp(options: AppOptions = {}): TestApp {
  const store = options.store ?? memoryStore();
  const full: AppOptions = {
    admin: { ...ADMIN },
    passwordIterations: TEST_ITERATIONS,
    ...options,
    store,
  };
  appOptions.set(store, full);
  return { app: createApp(full), store };
}

function appOf(target: AppLike): Hono<Env> {
  return "app" in target && "store" in target ? target.app : target as Hono<Env>;
}

/**
 * Sends a request; a `body` that is not a string is sent as JSON.
 *
 * @example
 * ```ts
 * import { send, testApp } from "./_client.ts";
 * const { app } = testApp();
 * await (await send(app, "POST", "/api/auth/login", { username: "x", password: "y" })).body?.cancel();
 * ```
 */
export async function send(
  target: AppLike,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
    const h = init.headers as Record<string, string>;
    if (!Object.keys(h).some((k) => k.toLowerCase() === "content-type")) {
      h["Content-Type"] = "application/json";
    }
  }
  return await appOf(target).request(path, init);
}

/**
 * A response's JSON body (null when empty).
 *
 * @example
 * ```ts
 * // const body = await json(res);
 * ```
 */
// deno-lint-ignore no-explicit-any
export async function json(res: Response): Promise<any> {
  const text = await res.text();
  return text === "" ? null : JSON.parse(text);
}

/**
 * The cookies a response sets, by name (an empty value means "cleared").
 *
 * @example
 * ```ts
 * // setCookies(res).sessionid
 * ```
 */
export function setCookies(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const at = pair.indexOf("=");
    if (at > 0) out[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return out;
}

/**
 * Logs in through `POST /api/auth/login`; throws unless it answers 200.
 *
 * @example
 * ```ts
 * import { login, testApp } from "./_client.ts";
 * const { app } = testApp();
 * const admin = await login(app, "admin", "s3cret!");
 * await (await app.request("/api/users/self", { headers: admin.headers })).body?.cancel();
 * ```
 */
export async function login(target: AppLike, username: string, password: string): Promise<Login> {
  const res = await send(target, "POST", "/api/auth/login", { username, password });
  if (res.status !== 200) {
    throw new Error(`login(${username}) answered ${res.status}: ${await res.text()}`);
  }
  const token = (await json(res)).key as string;
  const cookies = setCookies(res);
  const cookie = Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join("; ");
  const csrfToken = cookies.csrftoken ?? "";
  return {
    token,
    headers: { Authorization: `Token ${token}` },
    cookies,
    csrfToken,
    cookie,
    session: { Cookie: cookie, "X-CSRFToken": csrfToken },
  };
}

/**
 * `{ Authorization: "Basic ..." }` for a username and password.
 *
 * @example
 * ```ts
 * import { basicAuth } from "./_client.ts";
 * basicAuth("admin", "s3cret!").Authorization.startsWith("Basic ");
 * ```
 */
export function basicAuth(username: string, password: string): Record<string, string> {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  return { Authorization: `Basic ${btoa(String.fromCharCode(...bytes))}` };
}

async function insertUser(
  store: Store,
  username: string,
  password: string,
  groups: string[],
): Promise<UserRecord> {
  const options = appOptions.get(store);
  await ensureAdmin(store, options?.admin, { iterations: TEST_ITERATIONS });
  const admin = groups.includes("admin");
  return await store.users.create({
    username,
    email: `${username}@example.com`,
    firstName: "",
    lastName: "",
    passwordHash: await hashPassword(password, { iterations: TEST_ITERATIONS }),
    groups,
    isStaff: admin,
    isSuperuser: admin,
    isActive: true,
    dateJoined: now(),
    lastLogin: null,
    tokenKey: null,
  });
}

async function registerUser(
  app: Hono<Env>,
  username: string,
  password: string,
  groups: string[],
): Promise<UserRecord> {
  const res = await send(app, "POST", "/api/auth/register", {
    username,
    email: `${username}@example.com`,
    password1: password,
    password2: password,
  });
  if (res.status !== 201) throw new Error(`register(${username}): ${await res.text()}`);
  await res.body?.cancel();
  const self = await login(app, username, password);
  let user = await json(await app.request("/api/users/self", { headers: self.headers }));
  if (groups.join() !== "user") {
    const admin = await login(app, ADMIN.username, ADMIN.password);
    const res = await send(app, "PATCH", `/api/users/${user.id}`, { groups }, admin.headers);
    if (res.status !== 200) throw new Error(`set groups of ${username}: ${await res.text()}`);
    user = await json(res);
  }
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    firstName: user.first_name,
    lastName: user.last_name,
    passwordHash: "",
    groups: user.groups,
    isStaff: user.is_staff,
    isSuperuser: user.is_superuser,
    isActive: user.is_active,
    dateJoined: user.date_joined,
    lastLogin: user.last_login,
    tokenKey: self.token,
  };
}

/**
 * Creates a user (groups default to `["user"]`). Given a store or a `TestApp` it writes the
 * store directly (any username or password; the test app's admin is created first so that it
 * stays id 1); given a bare app it goes through `POST /api/auth/register` (CVAT's username and
 * password rules apply; other groups are set by the admin `admin`/`s3cret!`).
 *
 * @example
 * ```ts
 * import { createUser, login, testApp } from "./_client.ts";
 * const t = testApp();
 * await createUser(t, "ann", "pw-ann-1", ["user"]);
 * await login(t.app, "ann", "pw-ann-1");
 * ```
 */
export async function createUser(
  target: Store | AppLike,
  username: string,
  password: string,
  groups: string[] = ["user"],
): Promise<UserRecord> {
  if ("users" in target) return await insertUser(target as Store, username, password, groups);
  if ("store" in target && "app" in target) {
    return await insertUser(target.store, username, password, groups);
  }
  return await registerUser(target as Hono<Env>, username, password, groups);
}
