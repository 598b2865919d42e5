/**
 * `cvat.server`: about, login, logout, register, authenticated, formats. `login` and `register`
 * keep the server's token for the instance's later requests (`Authorization: Token <key>`);
 * `logout` drops it.
 *
 * @module
 */

import type { ClientContext } from "./context.ts";
import { ArgumentError, ServerError } from "../core/errors.ts";
import { show } from "../core/show.ts";
import { User } from "./user.ts";

/** `GET /api/server/about`. */
export interface ServerInfo {
  /** The server's name (`"CVAT"`). */
  name: string;
  /** A line about the server. */
  description: string;
  /** The server's version (`"2.15.0"`). */
  version: string;
  /** Other fields the server sends. */
  [key: string]: unknown;
}

/** `GET /api/server/annotation/formats`. */
export interface AnnotationFormats {
  /** The formats annotations can be uploaded in (`"CVAT 1.1"`, ...). */
  importers: { name: string; ext: string; version: string; enabled: boolean }[];
  /** The formats annotations can be dumped in (`"CVAT for images 1.1"`, ...). */
  exporters: { name: string; ext: string; version: string; enabled: boolean }[];
}

/** `cvat.server`. */
export interface ServerApi {
  /** `GET /api/server/about`. */
  about(): Promise<ServerInfo>;
  /** Logs in (a name containing `@` is sent as the e-mail); later requests carry the token. */
  login(username: string, password: string): Promise<void>;
  /** Logs out and drops the token. */
  logout(): Promise<void>;
  /** Registers a user and keeps the new user's token; answers the new user. */
  register(
    username: string,
    firstName: string,
    lastName: string,
    email: string,
    password: string,
  ): Promise<User>;
  /** Whether the instance's requests are authenticated (`GET /api/users/self` succeeds). */
  authenticated(): Promise<boolean>;
  /** The annotation formats the server imports and exports. */
  formats(): Promise<AnnotationFormats>;
}

function requireStrings(method: string, args: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(args)) {
    if (typeof value !== "string") {
      throw new ArgumentError(`server.${method}: ${name} must be a string, got ${show(value)}`);
    }
  }
}

async function register(
  ctx: ClientContext,
  fields: { username: string; firstName: string; lastName: string; email: string },
  password: string,
): Promise<User> {
  requireStrings("register", { ...fields, password });
  const answer = await ctx.http.json<Record<string, unknown>>("POST", "/auth/register", {
    json: {
      username: fields.username,
      first_name: fields.firstName,
      last_name: fields.lastName,
      email: fields.email,
      password1: password,
      password2: password,
    },
  });
  if (typeof answer.key === "string") ctx.http.token = answer.key;
  // The registration answer has no id: the new user's own record has.
  const self = await ctx.http.request("GET", "/users/self", { accept: [401, 403] });
  if (self.ok) return new User(await self.json());
  await self.body?.cancel();
  return new User({
    id: 0,
    username: String(answer.username ?? fields.username),
    email: String(answer.email ?? fields.email),
    first_name: String(answer.first_name ?? fields.firstName),
    last_name: String(answer.last_name ?? fields.lastName),
  });
}

/**
 * Builds `cvat.server` (wrapped for plugins by `createCvat`).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { createCvat } from "./cvat.ts";
 * import { createApp } from "../../server.ts";
 * const app = createApp();
 * const cvat = createCvat({
 *   backendAPI: "http://cvat.local/api",
 *   fetch: async (r) => await app.fetch(r),
 * });
 * strictEqual(await cvat.server.authenticated(), false);
 * ```
 */
export function createServerApi(ctx: ClientContext): ServerApi {
  return {
    about: () => ctx.http.json<ServerInfo>("GET", "/server/about"),
    async login(username, password) {
      requireStrings("login", { username, password });
      ctx.http.token = null;
      const key = /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(username) ? "email" : "username";
      const answer = await ctx.http.json<{ key?: unknown }>("POST", "/auth/login", {
        json: { [key]: username, password },
      });
      if (typeof answer?.key !== "string") {
        throw new ServerError("The login answer carries no token", 500);
      }
      ctx.http.token = answer.key;
    },
    async logout() {
      const response = await ctx.http.request("POST", "/auth/logout");
      await response.body?.cancel();
      ctx.http.token = null;
    },
    register: (username, firstName, lastName, email, password) =>
      register(ctx, { username, firstName, lastName, email }, password),
    async authenticated() {
      const response = await ctx.http.request("GET", "/users/self", { accept: [401, 403] });
      await response.body?.cancel();
      if (!response.ok) ctx.http.token = null;
      return response.ok;
    },
    formats: () => ctx.http.json<AnnotationFormats>("GET", "/server/annotation/formats"),
  };
}
