/**
 * Files sent before `Upload-Finish` (CVAT's `Upload-Start` / `Upload-Multiple` sequence, notes
 * §2.7), kept in the store's blobs under `media/task/<id>/upload/` until the upload finishes.
 *
 * @module
 */

import type { ServerContext } from "./context.ts";
import { badRequest, HttpError } from "./errors.ts";
import type { MediaSource, UploadedFile } from "./task_data_form.ts";
import { type ImageInfo, probeImage } from "../media/probe.ts";

interface StagingIndex {
  names: string[];
  bytes: number;
  /** Per file: its header, probed when it arrived (null when it is not a readable image). */
  infos?: (ImageInfo | null)[];
}

/** A file's image header, or null (the error is reported when the upload finishes). */
function probeOrNull(file: UploadedFile): ImageInfo | null {
  try {
    return probeImage(file.bytes, file.name);
  } catch {
    return null;
  }
}

/** Records a staged file's name and header at position `at` (a new one when `at` is -1). */
function record(index: StagingIndex, file: UploadedFile, at: number): number {
  const infos = index.infos ?? index.names.map(() => null);
  if (at < 0) at = index.names.push(file.name) - 1;
  infos[at] = probeOrNull(file);
  index.infos = infos;
  return at;
}

const prefix = (taskId: number) => `media/task/${taskId}/upload/`;
const indexKey = (taskId: number) => `${prefix(taskId)}index`;
const fileKey = (taskId: number, at: number) => `${prefix(taskId)}file/${at}`;

/** Per app: the tail of each task's chain of staging operations (one at a time per task). */
const locks = new WeakMap<ServerContext, Map<number, Promise<unknown>>>();

function serialized<T>(ctx: ServerContext, taskId: number, work: () => Promise<T>): Promise<T> {
  const map = locks.get(ctx) ?? new Map<number, Promise<unknown>>();
  locks.set(ctx, map);
  const previous = map.get(taskId) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(work);
  map.set(taskId, next);
  const clear = () => {
    if (map.get(taskId) === next) map.delete(taskId);
  };
  next.then(clear, clear);
  return next;
}

async function readIndex(ctx: ServerContext, taskId: number): Promise<StagingIndex> {
  const bytes = await ctx.store.blobs.get(indexKey(taskId));
  if (!bytes) return { names: [], bytes: 0 };
  return JSON.parse(new TextDecoder().decode(bytes)) as StagingIndex;
}

/**
 * Forgets every staged file of a task (`Upload-Start`, a finished or refused upload).
 *
 * @example
 * ```ts
 * // await clearStaged(ctx, task.id);
 * ```
 */
export function clearStaged(ctx: ServerContext, taskId: number): Promise<number> {
  return serialized(ctx, taskId, () => ctx.store.blobs.deletePrefix(prefix(taskId)));
}

/**
 * Ends a finished upload's staging: the index, partial TUS uploads and every staged file not in
 * `keep` (the blob keys that became the task's originals) are deleted.
 *
 * @example
 * ```ts
 * // await releaseStaged(ctx, task.id, new Set(["media/task/5/upload/file/0"]));
 * ```
 */
export function releaseStaged(
  ctx: ServerContext,
  taskId: number,
  keep: Set<string>,
): Promise<void> {
  return serialized(ctx, taskId, async () => {
    const index = await readIndex(ctx, taskId);
    for (let at = 0; at < index.names.length; at++) {
      if (!keep.has(fileKey(taskId, at))) await ctx.store.blobs.delete(fileKey(taskId, at));
    }
    await ctx.store.blobs.deletePrefix(tusPrefix(taskId));
    await ctx.store.blobs.delete(indexKey(taskId));
  });
}

/**
 * Adds files to a task's staged upload (a file with a name already staged replaces it). The
 * staged total may not pass `limit` bytes (413).
 *
 * @example
 * ```ts
 * // await stageFiles(ctx, task.id, form.files, limit); // → 200
 * ```
 */
export function stageFiles(
  ctx: ServerContext,
  taskId: number,
  files: UploadedFile[],
  limit: number,
): Promise<void> {
  return serialized(ctx, taskId, async () => {
    const index = await readIndex(ctx, taskId);
    const added = files.reduce((sum, f) => sum + f.bytes.byteLength, 0);
    if (index.bytes + added > limit) {
      throw new HttpError(413, { detail: "Request body is too large." });
    }
    for (const file of files) {
      const at = record(index, file, index.names.indexOf(file.name));
      await ctx.store.blobs.put(fileKey(taskId, at), file.bytes);
    }
    index.bytes += added;
    await ctx.store.blobs.put(indexKey(taskId), new TextEncoder().encode(JSON.stringify(index)));
  });
}

/** `name_1.ext`, `name_2.ext`, ... : the first of `name`'s variants not in `taken`. */
function freeName(name: string, taken: string[]): string {
  if (!taken.includes(name)) return name;
  const dot = name.lastIndexOf(".");
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
  for (let n = 1;; n++) {
    const candidate = `${stem}_${n}${ext}`;
    if (!taken.includes(candidate)) return candidate;
  }
}

/**
 * Stages one file sent with Upload-Finish (or a one-shot upload): a name already staged is a
 * 400 "Duplicate file name", as two files of one upload with the same name are.
 *
 * @example
 * ```ts
 * // await stageNewFile(ctx, task.id, { name: "a.jpg", bytes }, limit);
 * ```
 */
export function stageNewFile(
  ctx: ServerContext,
  taskId: number,
  file: UploadedFile,
  limit: number,
): Promise<void> {
  return serialized(ctx, taskId, async () => {
    const index = await readIndex(ctx, taskId);
    if (index.names.includes(file.name)) {
      throw badRequest([`Duplicate file name: "${file.name}"`]);
    }
    if (index.bytes + file.bytes.byteLength > limit) {
      throw new HttpError(413, { detail: "Request body is too large." });
    }
    const at = record(index, file, -1);
    await ctx.store.blobs.put(fileKey(taskId, at), file.bytes);
    index.bytes += file.bytes.byteLength;
    await ctx.store.blobs.put(indexKey(taskId), new TextEncoder().encode(JSON.stringify(index)));
  });
}

/**
 * Stages one file that came through TUS; a name already staged becomes `name_1.ext` (as CVAT
 * renames a complete TUS file). Returns the name it was staged under.
 *
 * @example
 * ```ts
 * // const name = await stageUnique(ctx, task.id, { name: "a.jpg", bytes }, limit); // "a_1.jpg"
 * ```
 */
export function stageUnique(
  ctx: ServerContext,
  taskId: number,
  file: UploadedFile,
  limit: number,
): Promise<string> {
  return serialized(ctx, taskId, async () => {
    const index = await readIndex(ctx, taskId);
    if (index.bytes + file.bytes.byteLength > limit) {
      throw new HttpError(413, { detail: "Request body is too large." });
    }
    const name = freeName(file.name, index.names);
    const at = record(index, { name, bytes: file.bytes }, -1);
    await ctx.store.blobs.put(fileKey(taskId, at), file.bytes);
    index.bytes += file.bytes.byteLength;
    await ctx.store.blobs.put(indexKey(taskId), new TextEncoder().encode(JSON.stringify(index)));
    return name;
  });
}

/**
 * The blob prefix of a task's partial TUS uploads (cleared with the staged files).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { tusPrefix } from "./task_data_staging.ts";
 * strictEqual(tusPrefix(5), "media/task/5/upload/tus/");
 * ```
 */
export function tusPrefix(taskId: number): string {
  return `${prefix(taskId)}tus/`;
}

/**
 * The files staged for a task, in the order they were first sent, and their total size. Each
 * is read from the store when needed; they stay staged until `clearStaged`.
 *
 * @example
 * ```ts
 * // const { files } = await stagedFiles(ctx, task.id); await files[0].read();
 * ```
 */
export function stagedFiles(
  ctx: ServerContext,
  taskId: number,
): Promise<{ files: MediaSource[]; bytes: number }> {
  return serialized(ctx, taskId, async () => {
    const index = await readIndex(ctx, taskId);
    const files = index.names.map((name, at): MediaSource => ({
      name,
      info: index.infos?.[at] ?? undefined,
      key: fileKey(taskId, at),
      async read() {
        const bytes = await ctx.store.blobs.get(fileKey(taskId, at));
        if (!bytes) throw new Error(`The staged file "${name}" is missing`);
        return bytes;
      },
    }));
    return { files, bytes: index.bytes };
  });
}
