/**
 * `PATCH /api/users/{id}` bodies. Staff callers use CVAT's full `User` serializer (username,
 * names, email, groups, is_staff, is_superuser, is_active; read-only and unknown keys are
 * ignored). Other callers use the `BasicUser` one (username, names, and email), which rejects
 * unknown keys: `is_staff`, `is_superuser` or `groups` → "You do not have permissions to access
 * some of these fields: {...}", anything else → "Got unknown fields: {...}".
 *
 * @module
 */

import { boolField, emailField, type FieldErrors, textField, throwIfErrors } from "./auth_body.ts";
import { badRequest } from "./errors.ts";
import type { ServerContext } from "./context.ts";
import type { UserRecord } from "../store/types.ts";
import {
  USERNAME_INVALID,
  USERNAME_PATTERN,
  USERNAME_TAKEN,
  usernameTaken,
} from "./users_unique.ts";

/** CVAT's privilege groups. */
export const GROUPS = ["admin", "business", "user", "worker"];

const BASIC_KEYS = new Set(["url", "id", "username", "first_name", "last_name", "email"]);
const PRIVILEGED_KEYS = ["is_staff", "is_superuser", "groups"];

function pythonSet(keys: string[]): string {
  return `{${keys.sort().map((k) => `'${k}'`).join(", ")}}`;
}

function groupsField(body: Record<string, unknown>, errors: FieldErrors): string[] | undefined {
  const raw = body.groups;
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) {
    const kind = raw === null ? "NoneType" : typeof raw === "string" ? "str" : typeof raw;
    errors.groups = [`Expected a list of items but got type "${kind}".`];
    return undefined;
  }
  for (const item of raw) {
    if (typeof item === "object" || typeof item === "boolean") {
      errors.groups = ["Invalid value."];
      return undefined;
    }
    if (!GROUPS.includes(String(item))) {
      errors.groups = [`Object with name=${String(item).slice(0, 64)} does not exist.`];
      return undefined;
    }
  }
  return [...new Set(raw.map(String))];
}

async function commonFields(
  ctx: ServerContext,
  target: UserRecord,
  body: Record<string, unknown>,
  errors: FieldErrors,
): Promise<Partial<UserRecord>> {
  const changes: Partial<UserRecord> = {};
  const username = textField(body, "username", errors, { trim: true, maxLength: 150 });
  if (username !== undefined && !USERNAME_PATTERN.test(username)) {
    errors.username = [USERNAME_INVALID];
  } else if (username !== undefined && await usernameTaken(ctx, username, target.id)) {
    errors.username = [USERNAME_TAKEN];
  } else if (username !== undefined) changes.username = username;
  const names = { allowBlank: true, trim: true, maxLength: 150 };
  const firstName = textField(body, "first_name", errors, names);
  if (firstName !== undefined) changes.firstName = firstName;
  const lastName = textField(body, "last_name", errors, names);
  if (lastName !== undefined) changes.lastName = lastName;
  const email = emailField(body, "email", errors, { allowBlank: true });
  if (email !== undefined) changes.email = email;
  return changes;
}

function staffFields(body: Record<string, unknown>, errors: FieldErrors): Partial<UserRecord> {
  const changes: Partial<UserRecord> = {};
  const groups = groupsField(body, errors);
  if (groups !== undefined) changes.groups = groups;
  const flags = [["is_staff", "isStaff"], ["is_superuser", "isSuperuser"], [
    "is_active",
    "isActive",
  ]] as const;
  for (const [wire, field] of flags) {
    const value = boolField(body, wire, errors);
    if (value !== undefined) changes[field] = value;
  }
  return changes;
}

function rejectUnknownKeys(body: Record<string, unknown>): void {
  const unknown = Object.keys(body).filter((k) => !BASIC_KEYS.has(k));
  if (!unknown.length) return;
  const shown = pythonSet(unknown.slice(0, 20).map((k) => k.slice(0, 64)));
  const message = unknown.some((k) => PRIVILEGED_KEYS.includes(k))
    ? `You do not have permissions to access some of these fields: ${shown}`
    : `Got unknown fields: ${shown}`;
  throw badRequest({ non_field_errors: [message] });
}

/**
 * The user after a PATCH body is applied (not yet stored); throws a 400 with CVAT's errors.
 *
 * @example
 * ```ts
 * // const updated = await patchedUser(ctx, caller.isStaff, target, body);
 * ```
 */
export async function patchedUser(
  ctx: ServerContext,
  staff: boolean,
  target: UserRecord,
  body: Record<string, unknown>,
): Promise<UserRecord> {
  const errors: FieldErrors = {};
  const changes = await commonFields(ctx, target, body, errors);
  if (staff) Object.assign(changes, staffFields(body, errors));
  throwIfErrors(errors);
  if (!staff) rejectUnknownKeys(body);
  return { ...target, ...changes };
}
