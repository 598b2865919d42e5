/**
 * HTTP errors with CVAT's bodies, thrown anywhere in a route and turned into responses in one
 * place (`app.onError`).
 *
 * @module
 */

/** CVAT's error body shapes: `{"detail": ...}`, field errors, a plain list, or a string. */
export type ErrorBody = { detail: string } | Record<string, unknown> | string[] | string;

/**
 * An error that becomes an HTTP response with a CVAT-shaped body.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { HttpError } from "./errors.ts";
 * const error = new HttpError(404, { detail: "Not found." });
 * ok(error.status === 404);
 * ```
 */
export class HttpError extends Error {
  /** The HTTP status. */
  readonly status: number;
  /** The JSON body. */
  readonly body: ErrorBody;
  /** Extra response headers (e.g. `WWW-Authenticate`). */
  readonly headers: Record<string, string>;

  /** @param status The HTTP status. @param body The JSON body. */
  constructor(status: number, body: ErrorBody, headers: Record<string, string> = {}) {
    super(typeof body === "string" ? body : JSON.stringify(body));
    this.name = "HttpError";
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/** 400 with field errors (`{"name": ["This field is required."]}`) or a plain list. */
export function badRequest(body: Record<string, unknown> | string[] | string): HttpError {
  return new HttpError(400, body);
}

/** 401 `{"detail": ...}` with `WWW-Authenticate: Token`. */
export function unauthorized(
  detail = "Authentication credentials were not provided.",
): HttpError {
  return new HttpError(401, { detail }, { "WWW-Authenticate": "Token" });
}

/** 403 `{"detail": "You do not have permission to perform this action."}`. */
export function forbidden(
  detail = "You do not have permission to perform this action.",
): HttpError {
  return new HttpError(403, { detail });
}

/** 404 `{"detail": "Not found."}`. */
export function notFound(detail = "Not found."): HttpError {
  return new HttpError(404, { detail });
}

/** 405 `{"detail": "Method \"X\" not allowed."}`. */
export function methodNotAllowed(method: string): HttpError {
  return new HttpError(405, { detail: `Method "${method}" not allowed.` });
}
