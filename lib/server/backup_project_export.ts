/**
 * A project backup as a byte stream, in CVAT 2.15's layout: `project.json`, then the backup of
 * each task with data under `task_<n>/`, where `n` counts every task of the project in id order
 * (tasks without data are skipped, their number too, as CVAT does). Tasks are read one at a time.
 *
 * @module
 */

import type { ServerContext } from "./context.ts";
import { taskBackupEntries } from "./backup_export.ts";
import { projectManifest } from "./backup_project_json.ts";
import { PROJECT_MANIFEST, taskFolder } from "./backup_layout.ts";
import { type ZipEntry, zipStream } from "../formats/zip_writer.ts";
import type { ProjectRecord } from "../store/types.ts";

async function* projectEntries(
  ctx: ServerContext,
  project: ProjectRecord,
  manifest: string,
): AsyncGenerator<ZipEntry> {
  yield { name: PROJECT_MANIFEST, data: () => [new TextEncoder().encode(manifest)] };
  const ids = (await ctx.store.tasks.listBy("projectId", project.id))
    .map((task) => task.id)
    .sort((a, b) => a - b);
  for (const [index, id] of ids.entries()) {
    const task = await ctx.store.tasks.get(id);
    if (!task?.data) continue;
    yield* await taskBackupEntries(ctx, task, taskFolder(index));
  }
}

/**
 * The backup of a project with its labels and tasks, as a zip byte stream (the project's labels
 * are read now; each task when the stream reaches it).
 *
 * @example
 * ```ts
 * // const stream = await projectBackupStream(ctx, project);
 * ```
 */
export async function projectBackupStream(
  ctx: ServerContext,
  project: ProjectRecord,
): Promise<ReadableStream<Uint8Array>> {
  const labels = (await ctx.store.labels.listBy("projectId", project.id))
    .sort((a, b) => a.id - b.id);
  const manifest = JSON.stringify(projectManifest(project, labels));
  return zipStream(projectEntries(ctx, project, manifest));
}
