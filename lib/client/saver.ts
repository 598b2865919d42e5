/**
 * `annotations.save(onUpdate?)`: cvat-core's saver protocol over the core's `diff()` and
 * `acknowledge()`. Updated objects go first (`PATCH ?action=update`), then deleted ones
 * (`?action=delete`), then created ones (`?action=create`); empty requests are skipped, and
 * nothing at all is sent when nothing changed. Every body is `{shapes, tracks, tags, version}`
 * without clientIDs; every answer's `version` is sent with the next request and the answer is
 * acknowledged at once (created objects take their server ids by position), so a save that
 * fails half-way sends only what is still unsent the next time. After a full `clear()` the next
 * save is a flush: one `PUT` with every current object (ids removed).
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import type { Http } from "./http.ts";
import type { SaverDiff } from "../core/saver_diff.ts";
import type { LabeledData } from "../core/wire_types.ts";
import type { LoadedAnnotations } from "./annotations_load.ts";
import { writeAnnotations, type WriteAnswer, type WriteRequest } from "./saver_request.ts";

/**
 * cvat-core's progress messages, passed to `save(onUpdate)`.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { SAVE_MESSAGES } from "./saver.ts";
 * strictEqual(SAVE_MESSAGES.created, "Created objects are being saved on the server");
 * ```
 */
export const SAVE_MESSAGES = Object.freeze({
  flush: "All collection is being saved on the server",
  updated: "Updated objects are being saved on the server",
  deleted: "Deleted objects are being deleted from the server",
  created: "Created objects are being saved on the server",
});

const KINDS = ["tags", "shapes", "tracks"] as const;

const count = (data: LabeledData) => data.tags.length + data.shapes.length + data.tracks.length;

/**
 * A deep copy of a wire object without the given keys, at every depth (elements, track shapes
 * and their elements).
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { withoutKeys } from "./saver.ts";
 * deepStrictEqual(withoutKeys({ clientID: 1, id: 2, elements: [{ clientID: 3 }] }, ["clientID"]),
 *   { id: 2, elements: [{}] });
 * ```
 */
export function withoutKeys<T>(value: T, keys: readonly string[]): T {
  if (Array.isArray(value)) return value.map((v) => withoutKeys(v, keys)) as T;
  if (!value || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!keys.includes(key)) out[key] = withoutKeys(item, keys);
  }
  return out as T;
}

function body(data: LabeledData, version: number, strip: readonly string[]) {
  return {
    shapes: withoutKeys(data.shapes, strip),
    tracks: withoutKeys(data.tracks, strip),
    tags: withoutKeys(data.tags, strip),
    version,
  };
}

/** The answer's objects with the clientIDs of what was sent, by position. */
function withClientIDs(sent: LabeledData, answer: WriteAnswer, what: string): LabeledData {
  const out: LabeledData = { tags: [], shapes: [], tracks: [] };
  for (const kind of KINDS) {
    if (answer[kind].length !== sent[kind].length) {
      throw new DataError(
        `The server answered ${what} with ${answer[kind].length} ${kind} for ${
          sent[kind].length
        } sent`,
      );
    }
    // deno-lint-ignore no-explicit-any
    out[kind] = answer[kind].map((o, i) => ({ ...o, clientID: sent[kind][i].clientID })) as any;
  }
  return out;
}

/** What a save needs besides the collection: where to write and whom to tell. */
export interface SaveTarget {
  http: Http;
  /** `/jobs/7/annotations` or `/tasks/3/annotations`. */
  path: string;
  onUpdate: (message: string) => void;
}

async function write(
  target: SaveTarget,
  loaded: LoadedAnnotations,
  request: Omit<WriteRequest, "path">,
): Promise<WriteAnswer> {
  const answer = await writeAnnotations(target.http, loaded, { ...request, path: target.path });
  if (typeof answer.version === "number") loaded.version = answer.version;
  return answer;
}

async function sendChanges(target: SaveTarget, loaded: LoadedAnnotations, diff: SaverDiff) {
  const { core } = loaded;
  if (count(diff.updated)) {
    target.onUpdate(SAVE_MESSAGES.updated);
    const answer = await write(target, loaded, {
      method: "PATCH",
      action: "update",
      body: body(diff.updated, loaded.version, ["clientID"]),
    });
    core.acknowledge("updated", withClientIDs(diff.updated, answer, "an update"));
  }
  if (count(diff.deleted)) {
    target.onUpdate(SAVE_MESSAGES.deleted);
    const answer = await write(target, loaded, {
      method: "PATCH",
      action: "delete",
      body: body(diff.deleted, loaded.version, ["clientID"]),
    });
    core.acknowledge("deleted", answer);
  }
  if (count(diff.created)) {
    target.onUpdate(SAVE_MESSAGES.created);
    const answer = await write(target, loaded, {
      method: "PATCH",
      action: "create",
      body: body(diff.created, loaded.version, ["clientID"]),
    });
    core.acknowledge("created", answer);
  }
}

async function flush(target: SaveTarget, loaded: LoadedAnnotations, diff: SaverDiff) {
  const { core } = loaded;
  const current = core.export();
  target.onUpdate(SAVE_MESSAGES.flush);
  const answer = await write(target, loaded, {
    method: "PUT",
    body: body(current, loaded.version, ["clientID", "id"]),
  });
  const taken = withClientIDs(current, answer, "the PUT");
  // Everything the server had is gone: the old ids, then the fresh ones by position.
  const gone: LabeledData = { tags: [], shapes: [], tracks: [] };
  for (const kind of KINDS) {
    // deno-lint-ignore no-explicit-any
    const old = [...diff.deleted[kind], ...current[kind]] as any[];
    // deno-lint-ignore no-explicit-any
    gone[kind] = old.filter((o) => typeof o.id === "number").map((o) => ({ id: o.id })) as any;
  }
  core.acknowledge("deleted", gone);
  core.acknowledge("updated", taken);
  loaded.flush = false;
}

/**
 * Saves a loaded collection: returns whether anything was sent. A failure rejects with the
 * `ServerError` (or `DataError`) and leaves what was not acknowledged unsaved.
 *
 * @example
 * ```ts
 * // await saveAnnotations({ http, path: "/jobs/7/annotations", onUpdate: console.log }, loaded);
 * ```
 */
export async function saveAnnotations(
  target: SaveTarget,
  loaded: LoadedAnnotations,
): Promise<boolean> {
  const diff = loaded.core.diff();
  if (count(diff.created) + count(diff.updated) + count(diff.deleted) === 0) {
    loaded.flush = false;
    return false;
  }
  if (loaded.flush) await flush(target, loaded, diff);
  else await sendChanges(target, loaded, diff);
  return true;
}
