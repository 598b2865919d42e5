/**
 * A task backup as a byte stream: a stored (uncompressed) zip in CVAT's layout, written entry
 * by entry (zip_writer.ts) — `data/<frame name>` for each frame's original bytes in frame
 * order, `data/manifest.jsonl`, `task.json`, then `annotations.json` one job at a time. Only
 * one frame or one job's annotations is in memory at a time. The entries can be written under a
 * folder (a project backup's `task_<n>/`, backup_project_export.ts).
 *
 * @module
 */

import type { ServerContext } from "./context.ts";
import { jobTarget } from "./annotations_job.ts";
import { taskLabels } from "./labels_view.ts";
import { originalBlobKey } from "./task_originals.ts";
import { toBackupAnnotations } from "./backup_annotations.ts";
import { taskManifest } from "./backup_task_json.ts";
import {
  ANNOTATIONS_FILE,
  DATA_DIR,
  imageManifest,
  TASK_MANIFEST,
  UPLOAD_MANIFEST,
} from "./backup_layout.ts";
import { type ZipEntry, zipStream } from "../formats/zip_writer.ts";
import type { JobRecord, LabelRecord, TaskRecord } from "../store/types.ts";

const encoder = new TextEncoder();

function frameEntry(
  ctx: ServerContext,
  task: TaskRecord,
  frame: number,
  folder: string,
): ZipEntry {
  return {
    name: `${folder}${DATA_DIR}${task.data!.frames[frame].name}`,
    data: async function* () {
      const bytes = await ctx.store.blobs.get(await originalBlobKey(ctx, task.id, frame));
      if (!bytes) throw new Error(`The original of frame ${frame} is missing`);
      yield bytes;
    },
  };
}

/** `annotations.json`: a JSON list with one job's annotations read and written at a time. */
async function* annotationChunks(
  ctx: ServerContext,
  task: TaskRecord,
  jobs: readonly JobRecord[],
  labels: readonly LabelRecord[],
): AsyncGenerator<Uint8Array> {
  yield encoder.encode("[");
  for (const [i, job] of jobs.entries()) {
    const data = await jobTarget(ctx, job, task).read(false);
    const text = JSON.stringify(toBackupAnnotations(data, labels));
    yield encoder.encode(i === 0 ? text : `,${text}`);
  }
  yield encoder.encode("]");
}

/**
 * The zip entries of a task's backup, each name under `folder` ("" for a task backup). The
 * task's labels and jobs are read now; frames and annotations while the entries are written.
 *
 * @example
 * ```ts
 * // for (const entry of await taskBackupEntries(ctx, task, "task_0/")) ...
 * ```
 */
export async function taskBackupEntries(
  ctx: ServerContext,
  task: TaskRecord,
  folder = "",
): Promise<Iterable<ZipEntry>> {
  const data = task.data;
  if (!data) throw new Error("Backup of a task without data is not allowed");
  const labels = await taskLabels(ctx, task);
  const jobs = (await ctx.store.jobs.listBy("taskId", task.id))
    .filter((job) => job.type === "annotation")
    .sort((a, b) => a.id - b.id);
  const manifest = JSON.stringify(taskManifest(task, labels, jobs));
  function* entries(): Generator<ZipEntry> {
    for (let frame = 0; frame < data!.size; frame++) yield frameEntry(ctx, task, frame, folder);
    yield {
      name: `${folder}${DATA_DIR}${UPLOAD_MANIFEST}`,
      data: () => [encoder.encode(imageManifest(data!.frames))],
    };
    yield { name: `${folder}${TASK_MANIFEST}`, data: () => [encoder.encode(manifest)] };
    yield {
      name: `${folder}${ANNOTATIONS_FILE}`,
      data: () => annotationChunks(ctx, task, jobs, labels),
    };
  }
  return entries();
}

/**
 * The backup of a task with data, as a zip byte stream (the task's labels and jobs are read
 * now; frames and annotations while the stream is read).
 *
 * @example
 * ```ts
 * // const stream = await backupStream(ctx, task);
 * ```
 */
export async function backupStream(
  ctx: ServerContext,
  task: TaskRecord,
): Promise<ReadableStream<Uint8Array>> {
  return zipStream(await taskBackupEntries(ctx, task));
}
