/**
 * What an export or an import is about: a task, a job or a project the user may see, described
 * to the formats library (`FormatTask`, `ExportInput`), with the date that makes a cached export
 * stale and the blob prefix its files live under.
 *
 * @module
 */

import type { ServerContext } from "./context.ts";
import { badRequest } from "./errors.ts";
import { jobFor, projectFor, taskFor } from "./access.ts";
import { jobTarget } from "./annotations_job.ts";
import { taskTarget } from "./annotations_task.ts";
import { exportLabels } from "./export_labels.ts";
import { taskLabelOwner } from "./labels_view.ts";
import { originalBlobKey } from "./task_originals.ts";
import type { ExportInput, FormatTask, FrameImages } from "../formats/types.ts";
import type { LabeledData } from "../core/wire_types.ts";
import type { IsoDate, JobRecord, ProjectRecord, TaskRecord, UserRecord } from "../store/types.ts";

/** The kinds of objects that export. */
export type SubjectKind = "task" | "job" | "project";

/** An object the user may see, with what exports and imports need of it. */
export interface Subject {
  kind: SubjectKind;
  id: number;
  /** The task (of a job, the job's task); null for a project. */
  task: TaskRecord | null;
  job: JobRecord | null;
  project: ProjectRecord | null;
  /** A cached export older than this is redone (CVAT: the task's or project's `updated_date`). */
  updated: IsoDate;
  /** The blob prefix of the object's exports and imports (removed with the task or project). */
  prefix: string;
}

/**
 * The blob prefix of a task's (and its jobs') exports and imports.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { taskFilesPrefix } from "./export_subject.ts";
 * strictEqual(taskFilesPrefix(5), "exchange/task/5/");
 * ```
 */
export function taskFilesPrefix(taskId: number): string {
  return `exchange/task/${taskId}/`;
}

/**
 * The blob prefix of a project's own exports.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { projectFilesPrefix } from "./export_subject.ts";
 * strictEqual(projectFilesPrefix(2), "exchange/project/2/");
 * ```
 */
export function projectFilesPrefix(projectId: number): string {
  return `exchange/project/${projectId}/`;
}

/**
 * Finds the object and checks the user may see it (404 / 403 otherwise).
 *
 * @example
 * ```ts
 * // const subject = await subjectFor(ctx, user, "job", 7);
 * ```
 */
export async function subjectFor(
  ctx: ServerContext,
  user: UserRecord,
  kind: SubjectKind,
  id: number,
): Promise<Subject> {
  if (kind === "project") {
    const project = await projectFor(ctx, user, id);
    let updated = project.updatedDate;
    for (const task of await ctx.store.tasks.listBy("projectId", id)) {
      if (task.updatedDate > updated) updated = task.updatedDate;
    }
    return { kind, id, task: null, job: null, project, updated, prefix: projectFilesPrefix(id) };
  }
  if (kind === "job") {
    const { job, task, project } = await jobFor(ctx, user, id);
    const prefix = `${taskFilesPrefix(task.id)}job/${job.id}/`;
    return { kind, id, task, job, project, updated: task.updatedDate, prefix };
  }
  const { task, project } = await taskFor(ctx, user, id);
  const prefix = taskFilesPrefix(task.id);
  return { kind, id, task, job: null, project, updated: task.updatedDate, prefix };
}

async function person(ctx: ServerContext, id: number | null) {
  const user = id === null ? null : await ctx.store.users.get(id);
  return user ? { username: user.username, email: user.email } : null;
}

/**
 * The formats library's view of a task (of a job: the task with `meta.segment` set); `origin`
 * makes the job URLs of the metadata.
 *
 * @example
 * ```ts
 * // const task = await formatTaskOf(ctx, subject, "http://localhost:8080");
 * ```
 */
export async function formatTaskOf(
  ctx: ServerContext,
  subject: Subject,
  origin: string,
): Promise<FormatTask> {
  const task = subject.task;
  if (!task) throw badRequest(["Exporting projects is not supported by this server yet"]);
  const data = task.data;
  if (!data) throw badRequest(["Exporting annotations from a task without data is not allowed"]);
  const jobs = (await ctx.store.jobs.listBy("taskId", task.id))
    .filter((job) => job.type === "annotation")
    .sort((a, b) => a.startFrame - b.startFrame || a.id - b.id);
  const segmentOf = (job: JobRecord) => ({
    id: job.id,
    start: job.startFrame,
    stop: job.stopFrame,
    url: `${origin}/api/jobs/${job.id}`,
  });
  return {
    id: task.id,
    name: task.name,
    mode: task.mode || "annotation",
    labels: await exportLabels(ctx, taskLabelOwner(task)),
    size: data.size,
    startFrame: data.startFrame,
    stopFrame: data.stopFrame,
    frameFilter: data.frameFilter,
    frames: data.frames,
    deletedFrames: data.deletedFrames,
    meta: {
      createdDate: task.createdDate,
      updatedDate: task.updatedDate,
      owner: await person(ctx, task.ownerId),
      assignee: await person(ctx, task.assigneeId),
      overlap: task.overlap ?? 0,
      segmentSize: task.segmentSize,
      bugTracker: task.bugTracker,
      subset: task.subset,
      segment: subject.job ? segmentOf(subject.job) : undefined,
      segments: jobs.map(segmentOf),
    },
  };
}

/**
 * The annotations an export writes: the task's (merged over its jobs) or the job's.
 *
 * @example
 * ```ts
 * // const { tags, shapes, tracks } = await subjectAnnotations(ctx, subject);
 * ```
 */
export async function subjectAnnotations(
  ctx: ServerContext,
  subject: Subject,
): Promise<LabeledData> {
  const task = subject.task!;
  const target = subject.job ? jobTarget(ctx, subject.job, task) : taskTarget(ctx, task);
  const { tags, shapes, tracks } = await target.read(false);
  return { tags, shapes, tracks };
}

/**
 * Everything an export needs, read now (a snapshot); with `images`, frames are read from the
 * task's originals one at a time while the archive is written.
 *
 * @example
 * ```ts
 * // const input = await exportInputOf(ctx, subject, { images: true, origin });
 * ```
 */
export async function exportInputOf(
  ctx: ServerContext,
  subject: Subject,
  options: { images: boolean; origin: string },
): Promise<ExportInput> {
  const task = await formatTaskOf(ctx, subject, options.origin);
  const annotations = await subjectAnnotations(ctx, subject);
  if (!options.images) return { task, annotations };
  return { task, annotations, images: originalImages(ctx, subject.task!.id) };
}

/**
 * A task's frames read from its originals, one at a time (for exports "with images").
 *
 * @example
 * ```ts
 * // const bytes = await originalImages(ctx, 5)(0);
 * ```
 */
export function originalImages(ctx: ServerContext, taskId: number): FrameImages {
  return async (frame: number) => {
    const bytes = await ctx.store.blobs.get(await originalBlobKey(ctx, taskId, frame));
    if (!bytes) throw new Error(`The original of frame ${frame} is missing`);
    return bytes;
  };
}

/**
 * CVAT's download name: `<task|job|project>_<name or id>_<annotations|dataset>_<timestamp>_<format>.zip`,
 * lower case.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { exportFileName } from "./export_subject.ts";
 * const subject = { kind: "job", id: 7, updated: "2024-05-01T10:20:30.000000Z" } as never;
 * strictEqual(
 *   exportFileName(subject, "annotations", "CVAT for images 1.1"),
 *   "job_7_annotations_2024_05_01_10_20_30_cvat for images 1.1.zip",
 * );
 * ```
 */
export function exportFileName(
  subject: Subject,
  subresource: "annotations" | "dataset",
  format: string,
): string {
  const name = subject.kind === "task"
    ? subject.task!.name
    : subject.kind === "project"
    ? subject.project!.name
    : String(subject.id);
  const stamp = subject.updated.slice(0, 19).replace(/[-T:]/g, "_");
  return `${subject.kind}_${name}_${subresource}_${stamp}_${format}.zip`.toLowerCase();
}
