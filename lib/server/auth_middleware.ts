/**
 * The authentication middleware: CVAT's authenticators in CVAT's order. (1) `Authorization:
 * Token <key>`: a valid token wins and is never CSRF-checked, a bad one is a 401. (2) The
 * `sessionid` cookie: unknown or expired sessions are ignored; on unsafe methods the
 * `X-CSRFToken` header must match the `csrftoken` cookie and the session (else 403). (3)
 * `Authorization: Basic`: bad credentials are a 401; verified ones are cached briefly.
 *
 * The middleware never rejects an anonymous request: routes decide (`requireUser`). It skips
 * `/api/server/health/`, which is not a DRF view in CVAT either.
 *
 * @module
 */

import type { MiddlewareHandler } from "./deps.ts";
import type { AuthMethod, Ctx, Env, ServerContext } from "./context.ts";
import type { SessionRecord, UserRecord } from "../store/types.ts";
import { forbidden, unauthorized } from "./errors.ts";
import { CSRF_COOKIE, readCookie, SESSION_COOKIE } from "./auth_cookies.ts";
import { findSession, tokenUser } from "./auth_tokens.ts";
import { basicCache, checkCredentials } from "./auth_credentials.ts";

/** Who a request is, and how that was established. */
export interface Authenticated {
  user: UserRecord;
  method: Exclude<AuthMethod, null>;
  session: SessionRecord | null;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);

function authorizationParts(c: Ctx): string[] {
  const header = c.req.header("authorization") ?? "";
  return header.trim() === "" ? [] : header.trim().split(/\s+/);
}

async function viaToken(ctx: ServerContext, parts: string[]): Promise<Authenticated> {
  if (parts.length === 1) throw unauthorized("Invalid token header. No credentials provided.");
  if (parts.length > 2) {
    throw unauthorized("Invalid token header. Token string should not contain spaces.");
  }
  const user = await tokenUser(ctx, parts[1]);
  if (!user) throw unauthorized("Invalid token.");
  if (!user.isActive) throw unauthorized("User inactive or deleted.");
  return { user, method: "token", session: null };
}

/** Django's CSRF check for a session-authenticated unsafe request (403 on failure). */
function enforceCsrf(c: Ctx, session: SessionRecord): void {
  if (SAFE_METHODS.has(c.req.method)) return;
  const cookie = readCookie(c, CSRF_COOKIE);
  if (!cookie) throw forbidden("CSRF Failed: CSRF cookie not set.");
  const header = c.req.header("x-csrftoken");
  if (!header) throw forbidden("CSRF Failed: CSRF token missing.");
  if (!sameSecret(header, cookie) || !sameSecret(cookie, session.csrfToken)) {
    throw forbidden("CSRF Failed: CSRF token incorrect.");
  }
}

/** Constant-time string comparison. */
function sameSecret(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

async function viaSession(c: Ctx, ctx: ServerContext): Promise<Authenticated | null> {
  const id = readCookie(c, SESSION_COOKIE);
  if (!id) return null;
  const session = await findSession(ctx, id);
  if (!session) return null;
  const user = await ctx.store.users.get(session.userId);
  if (!user || !user.isActive) return null;
  enforceCsrf(c, session);
  return { user, method: "session", session };
}

function decodeBasic(encoded: string): [string, string] {
  const fail = () =>
    unauthorized("Invalid basic header. Credentials not correctly base64 encoded.");
  let binary: string;
  try {
    binary = atob(encoded);
  } catch {
    throw fail();
  }
  const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    text = binary; // latin-1, as DRF falls back to
  }
  const at = text.indexOf(":");
  if (at < 0) throw fail();
  return [text.slice(0, at), text.slice(at + 1)];
}

async function viaBasic(ctx: ServerContext, parts: string[]): Promise<Authenticated> {
  if (parts.length === 1) throw unauthorized("Invalid basic header. No credentials provided.");
  if (parts.length > 2) {
    throw unauthorized("Invalid basic header. Credentials string should not contain spaces.");
  }
  const [login, password] = decodeBasic(parts[1]);
  const user = await checkCredentials(ctx, login, password, basicCache(ctx));
  if (!user) throw unauthorized("Invalid username/password.");
  return { user, method: "basic", session: null };
}

/**
 * Who the request is (or null for anonymous), trying Token, then the session cookie, then
 * Basic; throws a 401 for bad credentials and a 403 for a failed CSRF check.
 *
 * @example
 * ```ts
 * // const who = await authenticate(c, ctx); // { user, method: "token", session: null }
 * ```
 */
export async function authenticate(c: Ctx, ctx: ServerContext): Promise<Authenticated | null> {
  const parts = authorizationParts(c);
  const keyword = parts[0]?.toLowerCase();
  if (keyword === "token") return await viaToken(ctx, parts);
  const session = await viaSession(c, ctx);
  if (session) return session;
  if (keyword === "basic") return await viaBasic(ctx, parts);
  return null;
}

/**
 * The middleware: sets `user`, `session` and `authMethod` for the routes after it.
 *
 * @example
 * ```ts
 * // app.use("*", authMiddleware(ctx));
 * ```
 */
export function authMiddleware(ctx: ServerContext): MiddlewareHandler<Env> {
  return async (c, next) => {
    // The health check is not a DRF view in CVAT: a stale token must not make it fail (the UI
    // would show "Cannot connect to the server").
    if (c.req.path.startsWith("/api/server/health")) return await next();
    const who = await authenticate(c, ctx);
    if (who) {
      c.set("user", who.user);
      c.set("session", who.session);
      c.set("authMethod", who.method);
    }
    await next();
  };
}
