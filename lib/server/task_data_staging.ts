/**
 * Files sent before `Upload-Finish` (CVAT's `Upload-Start` / `Upload-Multiple` sequence, notes
 * §2.7), kept in the store's blobs under `media/task/<id>/upload/` until the upload finishes.
 *
 * @module
 */

import type { ServerContext } from "./context.ts";
import { HttpError } from "./errors.ts";
import type { UploadedFile } from "./task_data_form.ts";

interface StagingIndex {
  names: string[];
  bytes: number;
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
      let at = index.names.indexOf(file.name);
      if (at < 0) at = index.names.push(file.name) - 1;
      await ctx.store.blobs.put(fileKey(taskId, at), file.bytes);
    }
    index.bytes += added;
    await ctx.store.blobs.put(indexKey(taskId), new TextEncoder().encode(JSON.stringify(index)));
  });
}

/**
 * The files staged for a task, in the order they were first sent.
 *
 * @example
 * ```ts
 * // const files = [...await stagedFiles(ctx, task.id), ...form.files];
 * ```
 */
export function stagedFiles(ctx: ServerContext, taskId: number): Promise<UploadedFile[]> {
  return serialized(ctx, taskId, async () => {
    const index = await readIndex(ctx, taskId);
    const files: UploadedFile[] = [];
    for (let at = 0; at < index.names.length; at++) {
      const bytes = await ctx.store.blobs.get(fileKey(taskId, at));
      if (bytes) files.push({ name: index.names[at], bytes });
    }
    return files;
  });
}
