/**
 * Request plumbing shared by route modules: JSON bodies that never turn into a 500, DRF's type
 * names for error messages, and CVAT's 405 for a method a resource does not have.
 *
 * @module
 */

import type { Hono } from "./deps.ts";
import type { Ctx, Env } from "./context.ts";
import { badRequest, HttpError, methodNotAllowed } from "./errors.ts";
import { requireUser } from "./access.ts";

/** The largest integer CVAT's database accepts (2^31 - 1). */
export const MAX_INT = 2147483647;

/** The longest JSON body accepted (characters). */
export const MAX_BODY_CHARS = 16 * 1024 * 1024;

/**
 * Python's name of a JSON value's type, as DRF's messages print it.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { typeName } from "./body.ts";
 * strictEqual(typeName([1]), "list");
 * strictEqual(typeName({}), "dict");
 * ```
 */
export function typeName(value: unknown): string {
  if (value === null) return "NoneType";
  if (Array.isArray(value)) return "list";
  if (typeof value === "string") return "str";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  return "dict";
}

/**
 * A request's JSON body (an empty body reads as `{}`, as DRF does). Malformed JSON is a 400
 * `{"detail": "JSON parse error - ..."}`; a body over 16 MiB is a 413.
 *
 * @example
 * ```ts
 * // const value = await readJson(c);
 * ```
 */
export async function readJson(c: Ctx): Promise<unknown> {
  const type = c.req.header("content-type")?.split(";")[0].trim().toLowerCase();
  if (type && type !== "application/json" && !type.endsWith("+json")) {
    throw new HttpError(415, { detail: `Unsupported media type "${type}" in request.` });
  }
  let text: string;
  try {
    text = await c.req.text();
  } catch {
    throw badRequest({ detail: "JSON parse error - the body could not be read" });
  }
  if (text.length > MAX_BODY_CHARS) {
    throw new HttpError(413, { detail: "Request body is too large." });
  }
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest({ detail: `JSON parse error - ${(error as Error).message}` });
  }
}

/**
 * A request's JSON body that must be an object; anything else is DRF's 400
 * `{"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}`.
 *
 * @example
 * ```ts
 * // const body = await readObject(c);
 * ```
 */
export async function readObject(c: Ctx): Promise<Record<string, unknown>> {
  const value = await readJson(c);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw badRequest({
      non_field_errors: [`Invalid data. Expected a dictionary, but got ${typeName(value)}.`],
    });
  }
  return value as Record<string, unknown>;
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/**
 * Answers CVAT's 405 `{"detail": "Method \"PUT\" not allowed."}` on `path` for every method
 * outside `allowed` (after authentication, as DRF does: anonymous callers get 401 first).
 * Register it after the path's real handlers.
 *
 * @example
 * ```ts
 * // allowMethods(app, "/api/tasks/:id", ["GET", "PATCH", "DELETE"]);
 * ```
 */
export function allowMethods(app: Hono<Env>, path: string, allowed: readonly string[]): void {
  const others = METHODS.filter((m) => !allowed.includes(m));
  if (others.length === 0) return;
  app.on([...others], path, (c) => {
    requireUser(c);
    throw methodNotAllowed(c.req.method);
  });
}
