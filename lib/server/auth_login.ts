/**
 * `POST /api/auth/login` and `POST /api/auth/logout` (dj-rest-auth's views as CVAT configures
 * them): login answers `{key}` and also starts a browser session (`sessionid` and `csrftoken`
 * cookies); logout deletes the user's token and the session.
 *
 * @module
 */

import { type Ctx, now, type ServerContext } from "./context.ts";
import { badRequest } from "./errors.ts";
import { emailField, type FieldErrors, readObject, textField, throwIfErrors } from "./auth_body.ts";
import { clearLoginCookies, readCookie, SESSION_COOKIE, setLoginCookies } from "./auth_cookies.ts";
import { dropToken, MAX_SECRET_LENGTH, startSession, tokenFor } from "./auth_tokens.ts";
import { basicCache, checkCredentials, MAX_CREDENTIAL_LENGTH } from "./auth_credentials.ts";
import type { UserRecord } from "../store/types.ts";
import { mutateUser } from "./users_unique.ts";

/** The message for bad credentials or an inactive user. */
export const LOGIN_FAILED = "Unable to log in with provided credentials.";

/**
 * Logs a user in on this response: gets or creates the token, records `last_login`, replaces
 * any session the request carried with a new one and sets both cookies. Returns the token key.
 *
 * @example
 * ```ts
 * // const key = await logUserIn(c, ctx, user);
 * ```
 */
export async function logUserIn(c: Ctx, ctx: ServerContext, user: UserRecord): Promise<string> {
  const key = await tokenFor(ctx, user);
  await mutateUser(ctx, user.id, () => ({ lastLogin: now() }));
  const previous = readCookie(c, SESSION_COOKIE);
  if (previous && previous.length <= MAX_SECRET_LENGTH) await ctx.store.sessions.delete(previous);
  const session = await startSession(ctx, user);
  setLoginCookies(c, session.id, session.csrfToken);
  return key;
}

async function loginCredentials(c: Ctx): Promise<{ login: string; password: string }> {
  const body = await readObject(c);
  const errors: FieldErrors = {};
  const username = textField(body, "username", errors, {
    allowBlank: true,
    trim: true,
    maxLength: MAX_CREDENTIAL_LENGTH,
  });
  const email = emailField(body, "email", errors, { allowBlank: true });
  const password = textField(body, "password", errors, {
    required: true,
    maxLength: MAX_CREDENTIAL_LENGTH,
  });
  throwIfErrors(errors);
  const login = email || username;
  if (!login) {
    throw badRequest({
      non_field_errors: ['Must include either "username" or "email" and "password".'],
    });
  }
  return { login, password: password! };
}

/**
 * `POST /api/auth/login` `{username | email, password}` → 200 `{"key": "<40 hex>"}` with the
 * session cookies; bad credentials or an inactive user → 400 `non_field_errors`.
 *
 * @example
 * ```ts
 * // app.post("/api/auth/login", (c) => loginRoute(c, ctx));
 * ```
 */
export async function loginRoute(c: Ctx, ctx: ServerContext): Promise<Response> {
  const { login, password } = await loginCredentials(c);
  const user = await checkCredentials(ctx, login, password);
  if (!user) throw badRequest({ non_field_errors: [LOGIN_FAILED] });
  const key = await logUserIn(c, ctx, user);
  return c.json({ key });
}

/**
 * `POST /api/auth/logout` → 200 `{"detail": "Successfully logged out."}`: deletes the caller's
 * token, ends the session the request carries, drops cached Basic credentials and clears the
 * cookies. Anonymous callers get the same answer.
 *
 * @example
 * ```ts
 * // app.post("/api/auth/logout", (c) => logoutRoute(c, ctx));
 * ```
 */
export async function logoutRoute(c: Ctx, ctx: ServerContext): Promise<Response> {
  const user = c.get("user");
  if (user) {
    await dropToken(ctx, user);
    basicCache(ctx).dropUser(user.id);
  }
  const sessionId = readCookie(c, SESSION_COOKIE);
  if (sessionId && sessionId.length <= MAX_SECRET_LENGTH) {
    await ctx.store.sessions.delete(sessionId);
  }
  clearLoginCookies(c);
  return c.json({ detail: "Successfully logged out." });
}
