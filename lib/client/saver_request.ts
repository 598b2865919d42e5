/**
 * One annotation write of the saver (`PUT`, or `PATCH ?action=...`). When the server offered a
 * revision (`ETag` on the GET), every write carries `If-Match` with the current ETag and an
 * `Idempotency-Key`, and the ETag of each answer becomes the current one. Such a write that did
 * not reach the server or whose answer was lost (a `ServerError` with code 0) is sent once more
 * under the same key; if that fails too, the key is kept for the same request, so that a later
 * `save()` sending the same body cannot apply it twice (the server replays its first answer).
 *
 * @module
 */

import { DataError, ServerError } from "../core/errors.ts";
import type { Http } from "./http.ts";
import type { LabeledData } from "../core/wire_types.ts";

/** What a write reads and updates: the revision and the keys of unfinished writes. */
export interface WriteState {
  etag: string | null;
  retryKeys: Map<string, string>;
}

/** The server's answer to a write. */
export type WriteAnswer = LabeledData & { version: number };

/** One write: the path, the method and (for PATCH) the action, and the JSON body. */
export interface WriteRequest {
  path: string;
  method: "PUT" | "PATCH";
  action?: "create" | "update" | "delete";
  body: unknown;
}

function checkAnswer(answer: unknown, what: string): WriteAnswer {
  const data = answer as Partial<WriteAnswer> | null;
  const lists = ["tags", "shapes", "tracks"] as const;
  if (!data || typeof data !== "object" || lists.some((k) => !Array.isArray(data[k]))) {
    throw new DataError(
      `The server answered ${what} without annotations: ${JSON.stringify(answer)?.slice(0, 200)}`,
    );
  }
  return data as WriteAnswer;
}

/**
 * Sends one write and returns the server's answer (LabeledData with `version`).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { createHttp } from "./http.ts";
 * import { writeAnnotations } from "./saver_request.ts";
 * const http = createHttp({
 *   api: "http://cvat.local/api",
 *   fetch: (req) => Promise.resolve(Response.json(
 *     { version: 2, tags: [], shapes: [], tracks: [] }, { headers: { ETag: '"2"' } },
 *   )),
 * });
 * const state = { etag: '"1"', retryKeys: new Map() };
 * const answer = await writeAnnotations(http, state, {
 *   path: "/jobs/1/annotations", method: "PATCH", action: "create",
 *   body: { tags: [], shapes: [], tracks: [], version: 1 },
 * });
 * strictEqual(answer.version, 2);
 * strictEqual(state.etag, '"2"');
 * ```
 */
export async function writeAnnotations(
  http: Http,
  state: WriteState,
  request: WriteRequest,
): Promise<WriteAnswer> {
  const text = JSON.stringify(request.body);
  const signature = `${request.method} ${request.path} ${request.action ?? ""}\n${text}`;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (state.etag !== null) {
    headers["if-match"] = state.etag;
    headers["idempotency-key"] = state.retryKeys.get(signature) ?? crypto.randomUUID();
  }
  const send = () =>
    http.request(request.method, request.path, {
      query: request.action ? { action: request.action } : undefined,
      body: text,
      headers,
    });
  let response: Response;
  try {
    response = await send().catch((error) => {
      // Lost on the way (or its answer was): once more, under the same key (only with a key:
      // without one a repeated create could apply twice).
      const key = headers["idempotency-key"];
      if (key && error instanceof ServerError && error.code === 0) return send();
      throw error;
    });
  } catch (error) {
    const unknownOutcome = error instanceof ServerError && error.code === 0;
    if (unknownOutcome && headers["idempotency-key"]) {
      state.retryKeys.set(signature, headers["idempotency-key"]);
    } else state.retryKeys.delete(signature);
    throw error;
  }
  state.retryKeys.delete(signature);
  const etag = response.headers.get("etag");
  if (state.etag !== null && etag) state.etag = etag;
  const what = `${request.method} ${request.path}${
    request.action ? `?action=${request.action}` : ""
  }`;
  return checkAnswer(await response.json().catch(() => null), what);
}
