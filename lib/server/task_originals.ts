/**
 * Where each frame's original bytes are. Files sent one-shot (or from the share or the web) are
 * stored at `originalKey(task, frame)`; files staged by Upload-Multiple or TUS stay where they were
 * staged, and a per-task table (`media/task/<id>/originals`, JSON: a blob key or null per frame)
 * says so. That spares copying every staged byte once more when the upload finishes.
 *
 * @module
 */

import type { ServerContext } from "./context.ts";
import { originalKey, taskMediaPrefix } from "./task_data_create.ts";

type Table = (string | null)[] | null;

/** Per app: the tables of recently read tasks (a task's table never changes once written). */
const tables = new WeakMap<ServerContext, Map<number, Promise<Table>>>();
const KEEP = 32;

/**
 * The blob key of a task's originals table.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { originalsTableKey } from "./task_originals.ts";
 * strictEqual(originalsTableKey(5), "media/task/5/originals");
 * ```
 */
export function originalsTableKey(taskId: number): string {
  return `${taskMediaPrefix(taskId)}originals`;
}

async function readTable(ctx: ServerContext, taskId: number): Promise<Table> {
  const bytes = await ctx.store.blobs.get(originalsTableKey(taskId));
  return bytes ? JSON.parse(new TextDecoder().decode(bytes)) as Table : null;
}

function tableOf(ctx: ServerContext, taskId: number): Promise<Table> {
  const cache = tables.get(ctx) ?? new Map<number, Promise<Table>>();
  tables.set(ctx, cache);
  let table = cache.get(taskId);
  if (table) {
    cache.delete(taskId);
  } else {
    table = readTable(ctx, taskId);
    // A missing table is not remembered: the task may still be being created.
    table.then((t) => t === null && cache.get(taskId) === table && cache.delete(taskId), () => {
      if (cache.get(taskId) === table) cache.delete(taskId);
    });
  }
  cache.set(taskId, table);
  while (cache.size > KEEP) cache.delete(cache.keys().next().value!);
  return table;
}

/**
 * The blob key of a frame's original bytes.
 *
 * @example
 * ```ts
 * // const bytes = await ctx.store.blobs.get(await originalBlobKey(ctx, taskId, 0));
 * ```
 */
export async function originalBlobKey(
  ctx: ServerContext,
  taskId: number,
  frame: number,
): Promise<string> {
  const table = await tableOf(ctx, taskId);
  return table?.[frame] ?? originalKey(taskId, frame);
}

/**
 * Writes a task's originals table (only when some frame is not at its default key).
 *
 * @example
 * ```ts
 * // await writeOriginalsTable(ctx, taskId, ["media/task/5/upload/file/1", null]);
 * ```
 */
export async function writeOriginalsTable(
  ctx: ServerContext,
  taskId: number,
  table: (string | null)[],
): Promise<void> {
  if (table.every((key) => key === null)) return;
  const bytes = new TextEncoder().encode(JSON.stringify(table));
  await ctx.store.blobs.put(originalsTableKey(taskId), bytes);
  tables.get(ctx)?.delete(taskId);
}
