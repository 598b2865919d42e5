/**
 * What every route module receives: the store, the options, and the Hono environment type
 * (per-request variables set by the middleware).
 *
 * @module
 */

import type { Context } from "./deps.ts";
import type { SessionRecord, Store, UserRecord } from "../store/types.ts";

/** Options of `createApp`. */
export interface AppOptions {
  /** Where everything is kept (default: a fresh `memoryStore()`). */
  store?: Store;
  /** An administrator created at the first request if no user has that name. */
  admin?: { username: string; password: string };
  /** The root directory of `server_files` (media issue). */
  shareDir?: string;
  /** A built CVAT web UI to serve at `/` (client issue). */
  uiDir?: string;
  /** Upload size limit in bytes (media issue). */
  maxUploadBytes?: number;
  /** The version `GET /api/server/about` reports (default 2.15.0). */
  version?: string;
  /** PBKDF2 iterations for new password hashes (default 600 000; tests may use fewer). */
  passwordIterations?: number;
}

/** How the current request was authenticated. */
export type AuthMethod = "token" | "basic" | "session" | null;

/** Per-request variables. */
export interface Variables {
  /** The authenticated user, or null. */
  user: UserRecord | null;
  /** The session behind a cookie-authenticated request. */
  session: SessionRecord | null;
  authMethod: AuthMethod;
  requestId: string;
}

/** The Hono environment of the app. */
export interface Env {
  Variables: Variables;
}

/** A route handler's context. */
export type Ctx = Context<Env>;

/** Shared by every route module. */
export interface ServerContext {
  store: Store;
  options: AppOptions;
  /** Resolves once start-up work (the admin account) is done; called by the first middleware. */
  ready(): Promise<void>;
}

/**
 * An absolute URL on the request's own origin (CVAT's `url` fields).
 *
 * @example
 * ```ts
 * // absoluteUrl(c, "/api/tasks/1") → "http://localhost:8080/api/tasks/1"
 * ```
 */
export function absoluteUrl(c: Ctx, path: string): string {
  return new URL(path, c.req.url).href;
}

/** Now, as CVAT prints dates (microseconds and `Z`). */
export function now(): string {
  return new Date().toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}
