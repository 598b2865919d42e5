/**
 * Backup restores in the background (CVAT's `import:<task|project>-<uuid>-backup-by-<user>`
 * requests): the archive is opened with the zip safety limits, read and checked
 * (backup_read.ts, backup_project_read.ts), then restored as a new task or project
 * (backup_restore.ts, backup_project_restore.ts). Progress and the outcome (`resultId`: the new
 * task or project) go to a `RequestRecord`, kept a day at most.
 *
 * @module
 */

import type { ServerContext } from "./context.ts";
import { HttpError } from "./errors.ts";
import { currentBackground, startBackground } from "./background.ts";
import { readBackup } from "./backup_read.ts";
import { restoreBackup } from "./backup_restore.ts";
import { readProjectBackup } from "./backup_project_read.ts";
import { restoreProjectBackup } from "./backup_project_restore.ts";
import { openZip, type ZipArchive } from "../formats/zip_reader.ts";
import type { RequestRecord, UserRecord } from "../store/types.ts";

/** How long a restore's record is kept. */
export const BACKUP_IMPORT_TTL_MS = 24 * 60 * 60 * 1000;

/** What a backup restores. */
export type BackupKind = "task" | "project";

/**
 * A new restore request id (CVAT's `get_import_rq_id(kind, uuid, 'backup', user)`).
 *
 * @example
 * ```ts
 * import { match } from "node:assert/strict";
 * import { backupImportId } from "./backup_import_requests.ts";
 * match(backupImportId("ann"), /^import:task-[0-9a-f-]{36}-backup-by-ann$/);
 * match(backupImportId("ann", "project"), /^import:project-[0-9a-f-]{36}-backup-by-ann$/);
 * ```
 */
export function backupImportId(username: string, kind: BackupKind = "task"): string {
  return `import:${kind}-${crypto.randomUUID()}-backup-by-${username}`;
}

/**
 * Whether a restore request id restores a `kind` (its id says so).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { backupImportId, isBackupImportOf } from "./backup_import_requests.ts";
 * ok(isBackupImportOf(backupImportId("ann", "project"), "project"));
 * ok(!isBackupImportOf(backupImportId("ann"), "project"));
 * ```
 */
export function isBackupImportOf(id: string, kind: BackupKind): boolean {
  return id.startsWith(`import:${kind}-`);
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

/**
 * The restore's record; one left queued or running by a process that is gone is forgotten.
 *
 * @example
 * ```ts
 * // const record = await currentBackupImport(ctx, rqId);
 * ```
 */
export function currentBackupImport(ctx: ServerContext, id: string): Promise<RequestRecord | null> {
  return currentBackground(ctx, id, "import:backup");
}

/** One restore to run. */
export interface BackupImportSpec {
  id: string;
  /** What the archive holds (a task backup when left out). */
  kind?: BackupKind;
  user: UserRecord;
  archive: ZipArchive;
  /** Runs once the restore has ended (e.g. deletes the uploaded file). */
  cleanup?: () => Promise<void>;
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
  const started = await startBackground(ctx, {
    id: spec.id,
    operation: "import:backup",
    target: null,
    userId: spec.user.id,
    format: null,
    ttlMs: BACKUP_IMPORT_TTL_MS,
    message: `Restoring the ${spec.kind ?? "task"}`,
    async run(report) {
      if (spec.kind === "project") {
        const plan = await readProjectBackup(spec.archive);
        await report({ progress: 0.1, message: "Creating the project" });
        return await restoreProjectBackup(ctx, plan, spec.user, report);
      }
      const plan = await readBackup(spec.archive);
      await report({ progress: 0.1, message: "Creating the task" });
      return await restoreBackup(ctx, plan, spec.user);
    },
    cleanup: spec.cleanup,
  });
  // Restore ids are fresh UUIDs: one never runs twice.
  return started!;
}
