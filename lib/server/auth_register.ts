/**
 * `POST /api/auth/register` (dj-rest-auth's RegisterView with CVAT's serializer): field checks,
 * Django's password validators, a new user in the `user` group, logged in at once (token and
 * session cookies).
 *
 * @module
 */

import { type Ctx, now, type ServerContext } from "./context.ts";
import { badRequest } from "./errors.ts";
import { emailField, type FieldErrors, readObject, textField, throwIfErrors } from "./auth_body.ts";
import { PASSWORD_MISMATCH, passwordProblems } from "./auth_password_rules.ts";
import { hashPassword } from "./passwords.ts";
import { logUserIn } from "./auth_login.ts";
import { MAX_CREDENTIAL_LENGTH } from "./auth_credentials.ts";
import {
  emailTaken,
  USERNAME_INVALID,
  USERNAME_PATTERN,
  USERNAME_TAKEN,
  usernameTaken,
  withUsersLock,
} from "./users_unique.ts";
import type { UserRecord } from "../store/types.ts";

/** What a registration asks for, once its fields are valid. */
interface Registration {
  username: string;
  email: string;
  password: string;
  firstName: string;
  lastName: string;
}

async function registrationFields(
  ctx: ServerContext,
  body: Record<string, unknown>,
): Promise<Registration> {
  const errors: FieldErrors = {};
  const username = textField(body, "username", errors, {
    required: true,
    trim: true,
    minLength: 5,
    maxLength: 150,
  });
  if (username !== undefined && !USERNAME_PATTERN.test(username)) {
    errors.username = [USERNAME_INVALID];
  } else if (username !== undefined && await usernameTaken(ctx, username)) {
    errors.username = [USERNAME_TAKEN];
  }
  const email = emailField(body, "email", errors, { required: true });
  if (email !== undefined && await emailTaken(ctx, email)) {
    errors.email = ["A user is already registered with this e-mail address."];
  }
  const limits = { required: true, maxLength: MAX_CREDENTIAL_LENGTH };
  const password1 = textField(body, "password1", errors, limits);
  const problems = password1 === undefined ? [] : passwordProblems(password1);
  if (problems.length) errors.password1 = problems;
  const password2 = textField(body, "password2", errors, limits);
  const names = { allowBlank: true, trim: true, maxLength: 150 };
  const firstName = textField(body, "first_name", errors, names) ?? "";
  const lastName = textField(body, "last_name", errors, names) ?? "";
  throwIfErrors(errors);
  if (password1 !== password2) throw badRequest({ non_field_errors: [PASSWORD_MISMATCH] });
  return { username: username!, email: email!, password: password1!, firstName, lastName };
}

async function createAccount(ctx: ServerContext, form: Registration): Promise<UserRecord> {
  const similar = passwordProblems(form.password, form);
  if (similar.length) throw badRequest({ non_field_errors: similar });
  const passwordHash = await hashPassword(form.password, {
    iterations: ctx.options.passwordIterations,
  });
  return await withUsersLock(ctx, async () => {
    if (await usernameTaken(ctx, form.username)) throw badRequest({ username: [USERNAME_TAKEN] });
    return await ctx.store.users.create({
      username: form.username,
      email: form.email,
      firstName: form.firstName,
      lastName: form.lastName,
      passwordHash,
      groups: ["user"],
      isStaff: false,
      isSuperuser: false,
      isActive: true,
      dateJoined: now(),
      lastLogin: null,
      tokenKey: null,
    });
  });
}

/**
 * `POST /api/auth/register` → 201 `{username, email, first_name, last_name,
 * email_verification_required: false, key}` and the session cookies; 400 with field errors.
 *
 * @example
 * ```ts
 * // app.post("/api/auth/register", (c) => registerRoute(c, ctx));
 * ```
 */
export async function registerRoute(c: Ctx, ctx: ServerContext): Promise<Response> {
  const form = await registrationFields(ctx, await readObject(c));
  const user = await createAccount(ctx, form);
  const key = await logUserIn(c, ctx, user);
  return c.json({
    username: user.username,
    email: user.email,
    first_name: user.firstName,
    last_name: user.lastName,
    email_verification_required: false,
    key,
  }, 201);
}
