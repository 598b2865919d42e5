/**
 * Backup restores in the background (CVAT's `import:task-<uuid>-backup-by-<user>` requests): the
 * archive is opened with the zip safety limits, read and checked (backup_read.ts), then
 * restored as a new task (backup_restore.ts). Progress and the outcome (`resultId`: the new
 * task) go to a `RequestRecord`, kept a day at most.
 *
 * @module
 */

import { now, type ServerContext } from "./context.ts";
import { HttpError } from "./errors.ts";
import { readBackup } from "./backup_read.ts";
import { restoreBackup } from "./backup_restore.ts";
import { openZip, type ZipArchive } from "../formats/zip_reader.ts";
import type { RequestRecord, UserRecord } from "../store/types.ts";

/** How long a restore's record is kept. */
export const BACKUP_IMPORT_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * A new restore request id (CVAT's `get_import_rq_id('task', uuid, 'backup', user)`).
 *
 * @example
 * ```ts
 * import { match } from "node:assert/strict";
 * import { backupImportId } from "./backup_import_requests.ts";
 * match(backupImportId("ann"), /^import:task-[0-9a-f-]{36}-backup-by-ann$/);
 * ```
 */
export function backupImportId(username: string): string {
  return `import:task-${crypto.randomUUID()}-backup-by-${username}`;
}

/**
 * Opens an uploaded backup with the zip safety limits; a file that is not a safe zip is a 400.
 *
 * @example
 * ```ts
 * // const archive = await openBackup(bytes);
 * ```
 */
export async function openBackup(bytes: Uint8Array): Promise<ZipArchive> {
  try {
    return await openZip(bytes);
  } catch (error) {
    throw new HttpError(400, [`Invalid backup: ${(error as Error).message}`]);
  }
}

/** Per app: the restores running in this process. */
const running = new WeakMap<ServerContext, Set<string>>();

function runningOf(ctx: ServerContext): Set<string> {
  const set = running.get(ctx) ?? new Set<string>();
  running.set(ctx, set);
  return set;
}

/**
 * The restore's record; one left queued or running by a process that is gone is forgotten.
 *
 * @example
 * ```ts
 * // const record = await currentBackupImport(ctx, rqId);
 * ```
 */
export async function currentBackupImport(
  ctx: ServerContext,
  id: string,
): Promise<RequestRecord | null> {
  const record = await ctx.store.requests.get(id);
  if (!record || record.operation !== "import:backup" || runningOf(ctx).has(id)) return record;
  if (record.status === "queued" || record.status === "started") {
    await ctx.store.requests.delete(id);
    return null;
  }
  return record;
}

function messageOf(error: unknown): string {
  if (error instanceof HttpError) {
    const body = error.body;
    if (typeof body === "string") return body;
    if (Array.isArray(body) && body.length === 1) return String(body[0]);
    return JSON.stringify(body);
  }
  return error instanceof Error ? error.message : String(error);
}

/** One restore to run. */
export interface BackupImportSpec {
  id: string;
  user: UserRecord;
  archive: ZipArchive;
  /** Runs once the restore has ended (e.g. deletes the uploaded file). */
  cleanup?: () => Promise<void>;
}

async function run(ctx: ServerContext, spec: BackupImportSpec, record: RequestRecord) {
  const put = async (fields: Partial<RequestRecord>) => {
    record = { ...record, ...fields, updated: now() };
    await ctx.store.requests.put(record.id, record, { expireIn: BACKUP_IMPORT_TTL_MS });
  };
  try {
    await put({ status: "started", started: now(), message: "Restoring the task" });
    const plan = await readBackup(spec.archive);
    await put({ progress: 0.1, message: "Creating the task" });
    const taskId = await restoreBackup(ctx, plan, spec.user);
    await put({ status: "finished", message: "", progress: 1, finished: now(), resultId: taskId });
  } catch (error) {
    await put({ status: "failed", message: messageOf(error), finished: now() }).catch(() => {});
  } finally {
    await spec.cleanup?.().catch(() => {});
  }
}

/**
 * Queues a restore and starts it without waiting. Resolves to the queued record and a promise
 * that settles when the restore has ended (it never rejects).
 *
 * @example
 * ```ts
 * // const { record } = await startBackupImport(ctx, { id, user, archive }); // → 202 {rq_id}
 * ```
 */
export async function startBackupImport(
  ctx: ServerContext,
  spec: BackupImportSpec,
): Promise<{ record: RequestRecord; done: Promise<void> }> {
  const set = runningOf(ctx);
  set.add(spec.id);
  const date = now();
  const record: RequestRecord = {
    id: spec.id,
    operation: "import:backup",
    target: null,
    userId: spec.user.id,
    status: "queued",
    message: "",
    progress: 0,
    result: null,
    created: date,
    updated: date,
    format: null,
    started: null,
    finished: null,
    resultId: null,
  };
  try {
    await ctx.store.requests.put(spec.id, record, { expireIn: BACKUP_IMPORT_TTL_MS });
  } catch (error) {
    set.delete(spec.id);
    await spec.cleanup?.().catch(() => {});
    throw error;
  }
  const done = run(ctx, spec, record).finally(() => set.delete(spec.id));
  return { record, done };
}
