/**
 * Beyond CVAT (DESIGN.md): revisions as `ETag: "<revision>"`, `If-Match` on writes (a stale
 * revision is a 409 and changes nothing) and `Idempotency-Key` (a repeated write returns the
 * first response without applying anything; the same key with another request is a 422).
 *
 * @module
 */

import type { Ctx } from "./context.ts";
import { badRequest, HttpError } from "./errors.ts";
import type { IdempotencyRecord, Store } from "../store/types.ts";
import { now } from "./context.ts";

/** How long an idempotency record is kept: 48 hours (the contract says at least 24). */
export const IDEMPOTENCY_TTL_MS = 48 * 3600 * 1000;

/** The longest `Idempotency-Key` accepted. */
export const MAX_IDEMPOTENCY_KEY = 255;

/**
 * The ETag of a revision.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { etagOf } from "./annotations_headers.ts";
 * strictEqual(etagOf(4), '"4"');
 * ```
 */
export function etagOf(revision: number): string {
  return `"${revision}"`;
}

/**
 * The revision an `If-Match` header asks for: undefined without the header or for `*`; a
 * number for `"N"`, `W/"N"` or `N`; anything else is a 400.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { parseIfMatch } from "./annotations_headers.ts";
 * strictEqual(parseIfMatch('"7"'), 7);
 * strictEqual(parseIfMatch(undefined), undefined);
 * ```
 */
export function parseIfMatch(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === "*") return undefined;
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(text);
  if (!match || (text.includes('"') && !/"\d+"$/.test(text))) {
    throw badRequest({ detail: `Invalid If-Match header: expected "<revision>", got ${text}` });
  }
  return Number(match[1]);
}

/**
 * The 409 of a write whose `If-Match` revision is not the current one.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { staleRevision } from "./annotations_headers.ts";
 * strictEqual(staleRevision(3, 5).status, 409);
 * ```
 */
export function staleRevision(expected: number | undefined, current: number): HttpError {
  const asked = expected === undefined
    ? "they kept changing during the write"
    : `If-Match asks for revision ${expected}`;
  return new HttpError(409, {
    detail: `The annotations have changed: ${asked}, the current revision is ${current}. ` +
      "Reload them and try again.",
  }, { ETag: etagOf(current) });
}

/**
 * The `Idempotency-Key` of a request: undefined without one; 1 to 255 printable ASCII
 * characters, else a 400.
 *
 * @example
 * ```ts
 * import { strictEqual, throws } from "node:assert/strict";
 * import { checkIdempotencyKey } from "./annotations_headers.ts";
 * strictEqual(checkIdempotencyKey("save-1"), "save-1");
 * throws(() => checkIdempotencyKey("é"));
 * ```
 */
export function checkIdempotencyKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.length < 1 || value.length > MAX_IDEMPOTENCY_KEY || !/^[\x20-\x7e]+$/.test(value)) {
    throw badRequest({
      detail: `Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY} printable ASCII characters.`,
    });
  }
  return value;
}

/**
 * A hex SHA-256 of a request's method, action and body text: what tells a retry from a
 * different request under the same key.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { requestHash } from "./annotations_headers.ts";
 * strictEqual((await requestHash("PUT", "", "{}")).length, 64);
 * ```
 */
export async function requestHash(method: string, action: string, body: string): Promise<string> {
  const bytes = new TextEncoder().encode(`${method}\n${action}\n${body}`);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A write's outcome, as recorded for replays. */
export interface WriteResponse {
  status: number;
  /** JSON text, or "" for no body. */
  body: string;
  headers: Record<string, string>;
}

/**
 * The recorded response of an earlier write with the same key: null when there is none; a
 * 422 when that write had another method, action or body.
 *
 * @example
 * ```ts
 * // const replay = await findReplay(store, "job:5:key-1", hash);
 * ```
 */
export async function findReplay(
  store: Store,
  key: string,
  hash: string,
): Promise<WriteResponse | null> {
  const record = await store.idempotency.get(key);
  if (!record) return null;
  if (record.bodyHash !== hash) {
    throw new HttpError(422, {
      detail: "This Idempotency-Key was already used for a different request. " +
        "Use a new key for a new write.",
    });
  }
  return { status: record.status, body: record.body, headers: record.headers };
}

/**
 * Records a successful write's response under its key for {@linkcode IDEMPOTENCY_TTL_MS}.
 *
 * @example
 * ```ts
 * // await recordResponse(store, "job:5:key-1", hash, response);
 * ```
 */
export async function recordResponse(
  store: Store,
  key: string,
  hash: string,
  response: WriteResponse,
): Promise<void> {
  const record: IdempotencyRecord = {
    key,
    bodyHash: hash,
    status: response.status,
    headers: response.headers,
    body: response.body,
    created: now(),
  };
  await store.idempotency.put(key, record, { expireIn: IDEMPOTENCY_TTL_MS });
}

/**
 * A recorded (or fresh) write response as a `Response`, with CVAT's JSON content type when
 * it has a body.
 *
 * @example
 * ```ts
 * // return toResponse(c, { status: 204, body: "", headers: { ETag: '"3"' } });
 * ```
 */
export function toResponse(c: Ctx, response: WriteResponse, replayed = false): Response {
  for (const [name, value] of Object.entries(response.headers)) c.header(name, value);
  if (replayed) c.header("Idempotent-Replayed", "true");
  if (response.body === "") return c.body(null, response.status as 204);
  c.header("Content-Type", "application/json");
  return c.body(response.body, response.status as 200);
}
