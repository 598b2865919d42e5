/**
 * Request bodies of the auth and user endpoints: a JSON (or form-encoded) object read with a
 * size cap, and DRF-style checks of its text and boolean fields that collect CVAT's field errors.
 * Bad input is always a 4xx, never a 500.
 *
 * @module
 */

import type { Ctx } from "./context.ts";
import { badRequest, HttpError } from "./errors.ts";
import { typeName } from "./body.ts";

/** The largest body these endpoints read (bytes). */
export const MAX_AUTH_BODY = 64 * 1024;

/** Field errors collected while validating a body (`{"field": ["message"]}`). */
export type FieldErrors = Record<string, string[]>;

const tooLarge = () => new HttpError(413, { detail: "Request body is too large." });

async function bodyText(c: Ctx): Promise<string> {
  if (Number(c.req.header("content-length") ?? "0") > MAX_AUTH_BODY) throw tooLarge();
  const stream = c.req.raw.body;
  if (!stream) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.byteLength;
    if (size > MAX_AUTH_BODY) throw tooLarge();
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/**
 * The request body as an object: JSON, or `application/x-www-form-urlencoded`; an empty body is
 * `{}`. Malformed JSON → 400 `{"detail": "JSON parse error - ..."}`; a JSON value that is not an
 * object → 400 `{"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}`.
 *
 * @example
 * ```ts
 * // const body = await readObject(c); // { username: "ann", password: "..." }
 * ```
 */
export async function readObject(c: Ctx): Promise<Record<string, unknown>> {
  const text = await bodyText(c);
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  if (type.startsWith("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw badRequest({ detail: `JSON parse error - ${(error as Error).message}` });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw badRequest({
      non_field_errors: [`Invalid data. Expected a dictionary, but got ${typeName(value)}.`],
    });
  }
  return value as Record<string, unknown>;
}

/** Options of {@linkcode textField}. */
export interface TextFieldOptions {
  required?: boolean;
  allowBlank?: boolean;
  minLength?: number;
  maxLength?: number;
  /** Strip surrounding whitespace first (DRF's default for names; never for passwords). */
  trim?: boolean;
}

/**
 * A DRF `CharField`: a string (numbers are turned into strings, as DRF does), or `undefined`
 * when absent and not required. Problems go into `errors[name]`.
 *
 * @example
 * ```ts
 * import { strictEqual, deepStrictEqual } from "node:assert/strict";
 * import { textField, type FieldErrors } from "./auth_body.ts";
 * const errors: FieldErrors = {};
 * strictEqual(textField({ name: " ann " }, "name", errors, { trim: true }), "ann");
 * textField({}, "password", errors, { required: true });
 * deepStrictEqual(errors, { password: ["This field is required."] });
 * ```
 */
export function textField(
  body: Record<string, unknown>,
  name: string,
  errors: FieldErrors,
  options: TextFieldOptions = {},
): string | undefined {
  const fail = (message: string) => {
    errors[name] = [message];
    return undefined;
  };
  const raw = body[name];
  if (raw === undefined) return options.required ? fail("This field is required.") : undefined;
  if (raw === null) return fail("This field may not be null.");
  if (typeof raw !== "string" && (typeof raw !== "number" || !Number.isFinite(raw))) {
    return fail("Not a valid string.");
  }
  let value = String(raw);
  if (options.trim) value = value.trim();
  if (value === "" && !options.allowBlank) return fail("This field may not be blank.");
  if (options.maxLength !== undefined && value.length > options.maxLength) {
    return fail(`Ensure this field has no more than ${options.maxLength} characters.`);
  }
  if (options.minLength !== undefined && value.length < options.minLength && value !== "") {
    return fail(`Ensure this field has at least ${options.minLength} characters.`);
  }
  return value;
}

/**
 * A DRF `BooleanField`: `true`/`false`, `"true"`/`"false"`, `1`/`0` and friends; else
 * "Must be a valid boolean.".
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { boolField } from "./auth_body.ts";
 * strictEqual(boolField({ is_active: "false" }, "is_active", {}), false);
 * ```
 */
export function boolField(
  body: Record<string, unknown>,
  name: string,
  errors: FieldErrors,
): boolean | undefined {
  const raw = body[name];
  if (raw === undefined) return undefined;
  const text = typeof raw === "string" ? raw.toLowerCase() : raw;
  if (["true", "1", "yes", "on", "t", "y", 1, true].includes(text as never)) return true;
  if (["false", "0", "no", "off", "f", "n", 0, false].includes(text as never)) return false;
  errors[name] = raw === null ? ["This field may not be null."] : ["Must be a valid boolean."];
  return undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A DRF `EmailField` (trimmed, at most 254 characters).
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { emailField, type FieldErrors } from "./auth_body.ts";
 * const errors: FieldErrors = {};
 * emailField({ email: "nope" }, "email", errors, {});
 * deepStrictEqual(errors, { email: ["Enter a valid email address."] });
 * ```
 */
export function emailField(
  body: Record<string, unknown>,
  name: string,
  errors: FieldErrors,
  options: { required?: boolean; allowBlank?: boolean },
): string | undefined {
  const value = textField(body, name, errors, { ...options, trim: true, maxLength: 254 });
  if (value === undefined || value === "") return value;
  if (!EMAIL.test(value)) {
    errors[name] = ["Enter a valid email address."];
    return undefined;
  }
  return value;
}

/**
 * Throws a 400 with the collected field errors, if there are any.
 *
 * @example
 * ```ts
 * import { throws } from "node:assert/strict";
 * import { throwIfErrors } from "./auth_body.ts";
 * throwIfErrors({});
 * throws(() => throwIfErrors({ username: ["This field is required."] }));
 * ```
 */
export function throwIfErrors(errors: FieldErrors): void {
  if (Object.keys(errors).length) throw badRequest(errors);
}
