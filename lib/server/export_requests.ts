/**
 * Export requests (CVAT's `export:*` jobs): one `RequestRecord` per request id, shared by the
 * 2.15 GET flow and the 2.16+ `dataset/export` flow. The export runs in the background and
 * writes its file into the store's blobs (export_files.ts). A result expires after a TTL
 * (24 h; projects 8 h), and a result older than the object's `updated_date` is stale.
 *
 * @module
 */

import { now, type ServerContext } from "./context.ts";
import { deleteExportFile, openExportFile, writeExportFile } from "./export_files.ts";
import type { Subject } from "./export_subject.ts";
import type { RequestRecord, UserRecord } from "../store/types.ts";
import { isAdmin } from "./access.ts";
import { badRequest, forbidden, notFound } from "./errors.ts";

/** How long a finished export stays available (CVAT's `DATASET_CACHE_TTL`). */
export const EXPORT_TTL_MS = 24 * 60 * 60 * 1000;

/** What is exported: annotations only or with images. */
export type Subresource = "annotations" | "dataset";

/** One export request. */
export interface ExportSpec {
  id: string;
  subject: Subject;
  /** `backup`: a task backup (backup_export_routes.ts), which has no format. */
  subresource: Subresource | "backup";
  format: string | null;
  userId: number;
  /** The URL path that downloads the result (`result_url`). */
  resultPath: string;
}

/**
 * CVAT 2.15's export request id (shared by every user); with `userId`, the per-user id of the
 * 2.16+ flow.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { exportRequestId } from "./export_requests.ts";
 * strictEqual(
 *   exportRequestId({ kind: "task", id: 5 }, "dataset", "CVAT for images 1.1"),
 *   "export:dataset-for-task.id5-in-CVAT_for_images_1.1-format",
 * );
 * ```
 */
export function exportRequestId(
  subject: Pick<Subject, "kind" | "id">,
  subresource: Subresource,
  format: string,
  userId?: number,
): string {
  const id = `export:${subresource}-for-${subject.kind}.id${subject.id}-in-` +
    `${format.replaceAll(" ", "_")}-format`;
  return userId === undefined ? id : `${id}-by-user.id${userId}`;
}

/**
 * Where a request's file lives: under its object's prefix.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { exportBase } from "./export_requests.ts";
 * strictEqual(exportBase({ prefix: "exchange/task/5/" } as never, "a:b"), "exchange/task/5/export/a%3Ab/");
 * ```
 */
export function exportBase(subject: Subject, id: string): string {
  return `${subject.prefix}export/${encodeURIComponent(id)}/`;
}

/** Per app: the export requests running in this process. */
const running = new WeakMap<ServerContext, Map<string, Promise<void>>>();

function runningOf(ctx: ServerContext): Map<string, Promise<void>> {
  const map = running.get(ctx) ?? new Map<string, Promise<void>>();
  running.set(ctx, map);
  return map;
}

/**
 * Whether this process is running the export `id` now.
 *
 * @example
 * ```ts
 * // if (isExporting(ctx, id)) return c.body(null, 202);
 * ```
 */
export function isExporting(ctx: ServerContext, id: string): boolean {
  return runningOf(ctx).has(id);
}

const ttlOf = (subject: Subject) => subject.kind === "project" ? EXPORT_TTL_MS / 3 : EXPORT_TTL_MS;

/**
 * Forgets a request and its file.
 *
 * @example
 * ```ts
 * // await forgetExport(ctx, subject, id);
 * ```
 */
export async function forgetExport(ctx: ServerContext, subject: Subject, id: string) {
  await ctx.store.requests.delete(id);
  await deleteExportFile(ctx, exportBase(subject, id));
}

/**
 * The request's record if it is still good: an expired, stale (older than the object's last
 * change) or orphaned (queued or running in a process that is gone) request is forgotten
 * (null). A request running here is always good.
 *
 * @example
 * ```ts
 * // const record = await currentExport(ctx, subject, id);
 * ```
 */
export async function currentExport(
  ctx: ServerContext,
  subject: Subject,
  id: string,
): Promise<RequestRecord | null> {
  if (isExporting(ctx, id)) return await ctx.store.requests.get(id);
  const record = await ctx.store.requests.get(id);
  if (!record) return null;
  const done = record.status === "finished" || record.status === "failed";
  const expired = record.expires != null && record.expires < now();
  if (!done || expired || record.created < subject.updated) {
    await forgetExport(ctx, subject, id);
    return null;
  }
  return record;
}

/**
 * The finished export a download names: the request must be one of `operations`, made for this
 * subject, and by this user (or the caller an admin) before anything about it is looked at or
 * forgotten; else 404 (403 for someone else's), and 400 while it runs.
 *
 * @example
 * ```ts
 * // const record = await downloadableExport(ctx, subject, { id, user, operations: ["export:backup"] });
 * ```
 */
export async function downloadableExport(
  ctx: ServerContext,
  subject: Subject,
  { id, user, operations }: { id: string; user: UserRecord; operations: string[] },
): Promise<RequestRecord> {
  const raw = await ctx.store.requests.get(id);
  const target = raw?.target;
  if (
    !raw || !operations.includes(raw.operation) || target?.type !== subject.kind ||
    target.id !== subject.id
  ) {
    throw notFound("Unknown export request");
  }
  if (raw.userId !== user.id && !isAdmin(user)) throw forbidden();
  const record = await currentExport(ctx, subject, id);
  if (!record) throw notFound("Unknown export request");
  if (record.status !== "finished") throw badRequest("Export has not finished");
  return record;
}

async function run(
  ctx: ServerContext,
  spec: ExportSpec,
  record: RequestRecord,
  produce: () => Promise<ReadableStream<Uint8Array>>,
): Promise<void> {
  const put = async (fields: Partial<RequestRecord>) => {
    record = { ...record, ...fields, updated: now() };
    await ctx.store.requests.put(record.id, record);
  };
  try {
    await put({ status: "started", started: now(), message: "Exporting" });
    const stream = await produce();
    await writeExportFile(ctx, exportBase(spec.subject, spec.id), stream);
    const finished = now();
    const expires = new Date(Date.now() + ttlOf(spec.subject)).toISOString()
      .replace(/\.(\d{3})Z$/, ".$1000Z");
    await put({ status: "finished", message: "", progress: 1, finished, expires });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await put({ status: "failed", message, finished: now() }).catch(() => {});
  }
}

/**
 * Queues an export and starts it without waiting; null when this process already runs one
 * under the id. `produce` makes the export's byte stream when the export starts. Resolves to the queued record and a
 * promise that settles when the export has ended (it never rejects).
 *
 * @example
 * ```ts
 * // const { record } = await startExport(ctx, spec, async () =>
 * //   exportAnnotations(spec.format, await exportInputOf(ctx, subject, opts)));
 * ```
 */
export async function startExport(
  ctx: ServerContext,
  spec: ExportSpec,
  produce: () => Promise<ReadableStream<Uint8Array>>,
): Promise<{ record: RequestRecord; done: Promise<void> } | null> {
  const map = runningOf(ctx);
  if (map.has(spec.id)) return null;
  let release!: () => void;
  map.set(spec.id, new Promise<void>((resolve) => release = resolve));
  const date = now();
  const record: RequestRecord = {
    id: spec.id,
    operation: `export:${spec.subresource}`,
    target: { type: spec.subject.kind, id: spec.subject.id },
    userId: spec.userId,
    status: "queued",
    message: "",
    progress: 0,
    result: spec.resultPath,
    created: date,
    updated: date,
    format: spec.format,
    started: null,
    finished: null,
    expires: null,
  };
  try {
    await ctx.store.requests.put(spec.id, record);
  } catch (error) {
    map.delete(spec.id);
    release();
    throw error;
  }
  const done = run(ctx, spec, record, produce).finally(() => {
    map.delete(spec.id);
    release();
  });
  sweepExpired(ctx).catch(() => {});
  return { record, done };
}

/**
 * Streams a finished request's file (null when it is gone); with `drop`, the file is deleted
 * once the download ends (CVAT 2.15).
 *
 * @example
 * ```ts
 * // const file = await openExport(ctx, subject, id);
 * ```
 */
export function openExport(
  ctx: ServerContext,
  subject: Subject,
  id: string,
  drop = false,
): Promise<{ stream: ReadableStream<Uint8Array>; size: number } | null> {
  return openExportFile(ctx, exportBase(subject, id), { drop });
}

/** Removes expired export requests' records (their files go with them, see below). */
async function sweepExpired(ctx: ServerContext): Promise<void> {
  const date = now();
  const expired: RequestRecord[] = [];
  for await (const [, record] of ctx.store.requests.list("export:")) {
    if (record.expires != null && record.expires < date) expired.push(record);
  }
  for (const record of expired) {
    if (isExporting(ctx, record.id)) continue;
    await ctx.store.requests.delete(record.id);
    await dropFilesOf(ctx, record);
  }
}

/** Deletes the file of a record whose subject may be gone (found by the key pattern). */
async function dropFilesOf(ctx: ServerContext, record: RequestRecord): Promise<void> {
  if (!record.target) return;
  const encoded = `export/${encodeURIComponent(record.id)}/`;
  const { type, id } = record.target;
  if (type === "project") {
    await ctx.store.blobs.deletePrefix(`exchange/project/${id}/${encoded}`);
    return;
  }
  const job = type === "job" ? await ctx.store.jobs.get(id) : null;
  const taskId = type === "task" ? id : job?.taskId;
  if (taskId === undefined) return;
  const sub = type === "job" ? `job/${id}/` : "";
  await ctx.store.blobs.deletePrefix(`exchange/task/${taskId}/${sub}${encoded}`);
}
