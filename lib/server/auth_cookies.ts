/**
 * The `Cookie` request header and `Set-Cookie` response headers of the session login
 * (`sessionid`, `csrftoken`), as Django writes them.
 *
 * @module
 */

import type { Ctx } from "./context.ts";

/** The session cookie's name (Django's `SESSION_COOKIE_NAME`). */
export const SESSION_COOKIE = "sessionid";
/** The CSRF cookie's name (Django's `CSRF_COOKIE_NAME`). */
export const CSRF_COOKIE = "csrftoken";
/** How long a session lives (Django's default, 14 days), in seconds. */
export const SESSION_AGE = 14 * 24 * 3600;
/** How long the CSRF cookie lives (Django's default, one year), in seconds. */
export const CSRF_AGE = 52 * 7 * 24 * 3600;

/**
 * The value of one cookie of the request, or undefined (the first one wins, as Django reads).
 *
 * @example
 * ```ts
 * // readCookie(c, "sessionid") → "5f0c..." or undefined
 * ```
 */
export function readCookie(c: Ctx, name: string): string | undefined {
  const header = c.req.header("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const at = part.indexOf("=");
    if (at < 0 || part.slice(0, at).trim() !== name) continue;
    let value = part.slice(at + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) {
      value = value.slice(1, -1);
    }
    return value;
  }
  return undefined;
}

function httpDate(secondsFromNow: number): string {
  return new Date(Date.now() + secondsFromNow * 1000).toUTCString();
}

/**
 * Adds a `Set-Cookie` header for a cookie (`maxAge` 0 clears it).
 *
 * @example
 * ```ts
 * // writeCookie(c, "sessionid", id, { maxAge: SESSION_AGE, httpOnly: true })
 * ```
 */
export function writeCookie(
  c: Ctx,
  name: string,
  value: string,
  options: { maxAge: number; httpOnly?: boolean },
): void {
  const parts = [
    `${name}=${value}`,
    `expires=${options.maxAge > 0 ? httpDate(options.maxAge) : "Thu, 01 Jan 1970 00:00:00 GMT"}`,
  ];
  if (options.httpOnly) parts.push("HttpOnly");
  parts.push(`Max-Age=${options.maxAge}`, "Path=/", "SameSite=Lax");
  c.header("Set-Cookie", parts.join("; "), { append: true });
}

/**
 * Sets both login cookies: `sessionid` (HttpOnly) and `csrftoken` (readable by scripts).
 *
 * @example
 * ```ts
 * // setLoginCookies(c, session.id, session.csrfToken)
 * ```
 */
export function setLoginCookies(c: Ctx, sessionId: string, csrfToken: string): void {
  writeCookie(c, SESSION_COOKIE, sessionId, { maxAge: SESSION_AGE, httpOnly: true });
  writeCookie(c, CSRF_COOKIE, csrfToken, { maxAge: CSRF_AGE });
}

/**
 * Clears the session cookie on logout when the request sent one (as Django does; the
 * `csrftoken` cookie is kept).
 *
 * @example
 * ```ts
 * // clearLoginCookies(c)
 * ```
 */
export function clearLoginCookies(c: Ctx): void {
  if (readCookie(c, SESSION_COOKIE) === undefined) return;
  writeCookie(c, SESSION_COOKIE, '""', { maxAge: 0, httpOnly: true });
}
