/**
 * `POST /api/auth/password/change` (dj-rest-auth's PasswordChangeView with the old password
 * required, as CVAT sets it). The current session stays valid; the user's other sessions end
 * and cached Basic credentials are dropped, so the old password stops working at once.
 *
 * @module
 */

import type { Ctx, ServerContext } from "./context.ts";
import { badRequest } from "./errors.ts";
import { requireUser } from "./access.ts";
import { type FieldErrors, readObject, textField, throwIfErrors } from "./auth_body.ts";
import { PASSWORD_MISMATCH, passwordProblems } from "./auth_password_rules.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
import { basicCache } from "./auth_credentials.ts";
import { readCookie, SESSION_COOKIE } from "./auth_cookies.ts";
import { endSessions } from "./auth_tokens.ts";
import { mutateUser } from "./users_unique.ts";

/** The message for a wrong old password. */
export const OLD_PASSWORD_WRONG =
  "Your old password was entered incorrectly. Please enter it again.";

/**
 * `POST /api/auth/password/change` `{old_password, new_password1, new_password2}` → 200
 * `{"detail": "New password has been saved."}`; 401 without a user; 400 for a wrong old
 * password (`old_password`), a mismatch or a weak password (`new_password2`).
 *
 * @example
 * ```ts
 * // app.post("/api/auth/password/change", (c) => passwordChangeRoute(c, ctx));
 * ```
 */
export async function passwordChangeRoute(c: Ctx, ctx: ServerContext): Promise<Response> {
  const user = requireUser(c);
  const body = await readObject(c);
  const errors: FieldErrors = {};
  const limits = { required: true, maxLength: 128 };
  const old = textField(body, "old_password", errors, limits);
  if (old !== undefined && !(await verifyPassword(old, user.passwordHash))) {
    errors.old_password = [OLD_PASSWORD_WRONG];
  }
  const password1 = textField(body, "new_password1", errors, limits);
  const password2 = textField(body, "new_password2", errors, limits);
  throwIfErrors(errors);
  if (password1 !== password2) throw badRequest({ new_password2: [PASSWORD_MISMATCH] });
  const problems = passwordProblems(password2!, user);
  if (problems.length) throw badRequest({ new_password2: problems });
  const passwordHash = await hashPassword(password2!, {
    iterations: ctx.options.passwordIterations,
  });
  await mutateUser(ctx, user.id, () => ({ passwordHash }));
  basicCache(ctx).dropUser(user.id);
  const current = readCookie(c, SESSION_COOKIE);
  await endSessions(ctx, user.id, current);
  return c.json({ detail: "New password has been saved." });
}
