/**
 * Restoring a checked backup (backup_read.ts) as a new task owned by the importer: the task,
 * its labels, the annotations resolved against them and checked per job, the originals and the
 * preview, the data record, the jobs (same segments, each with its status), the annotations.
 * Whatever fails, everything made so far is deleted: a failed restore leaves nothing behind.
 * Restored into a project (a project backup's task), the task uses the project's labels and
 * creates none.
 *
 * @module
 */

import { now, type ServerContext } from "./context.ts";
import { badRequest } from "./errors.ts";
import { applyLabelPlan } from "./labels_write.ts";
import { checkBody, wireLabels } from "./annotations_wire.ts";
import { putJob } from "./annotations_job.ts";
import { refreshTaskStatus } from "./tasks.ts";
import { deleteTaskCascade } from "./tasks_cascade.ts";
import { originalKey, taskMediaPrefix } from "./task_data_create.ts";
import { fromBackupAnnotations, namedLabels } from "./backup_annotations.ts";
import { stageOfStatus } from "./backup_jobs.ts";
import type { RestorePlan } from "./backup_read.ts";
import { previewImage } from "../media/frames.ts";
import type { LabeledData } from "../core/wire_types.ts";
import type { TaskRecord, UserRecord } from "../store/types.ts";

async function createTaskRecord(
  ctx: ServerContext,
  plan: RestorePlan,
  user: UserRecord,
  projectId: number | null,
): Promise<TaskRecord> {
  const date = now();
  return await ctx.store.tasks.create({
    name: plan.task.name,
    projectId,
    ownerId: user.id,
    assigneeId: null,
    bugTracker: plan.task.bugTracker,
    overlap: plan.segments.overlap,
    segmentSize: plan.segments.segmentSize,
    status: "annotation",
    subset: plan.task.subset,
    mode: "",
    dimension: "2d",
    organizationId: null,
    guideId: null,
    targetStorage: null,
    sourceStorage: null,
    data: null,
    createdDate: date,
    updatedDate: date,
  });
}

/** Every object's frames (track keyframes and elements included). */
function* framesOf(object: Record<string, unknown>): Generator<number> {
  if (typeof object.frame === "number") yield object.frame;
  for (const key of ["shapes", "elements"]) {
    const list = object[key];
    if (Array.isArray(list)) { for (const child of list) yield* framesOf(child); }
  }
}

function checkFrames(data: LabeledData, range: [number, number], job: number): void {
  for (const kind of ["tags", "shapes", "tracks"] as const) {
    for (const object of data[kind]) {
      for (const frame of framesOf(object as unknown as Record<string, unknown>)) {
        if (frame < range[0] || frame > range[1]) {
          throw badRequest([
            `annotations.json[${job}]: frame ${frame} is outside the job's frames [${range[0]}, ${
              range[1]
            }]`,
          ]);
        }
      }
    }
  }
}

/** The annotations of each job, resolved against the new labels and checked (nothing written). */
async function jobAnnotations(
  ctx: ServerContext,
  task: TaskRecord,
  plan: RestorePlan,
): Promise<LabeledData[]> {
  const records = task.projectId === null
    ? await ctx.store.labels.listBy("taskId", task.id)
    : await ctx.store.labels.listBy("projectId", task.projectId);
  const labels = namedLabels(records);
  const wire = await wireLabels(ctx, task);
  const ranges = plan.segments.ranges;
  return plan.annotations.slice(0, ranges.length).map((raw, i) => {
    const data = checkBody(fromBackupAnnotations(raw, labels, i), wire);
    checkFrames(data, ranges[i], i);
    return data;
  });
}

async function storeMedia(ctx: ServerContext, taskId: number, plan: RestorePlan): Promise<void> {
  const files = plan.media.files;
  for (let frame = 0; frame < files.length; frame++) {
    await ctx.store.blobs.put(originalKey(taskId, frame), await files[frame].read());
  }
  const preview = await previewImage(await files[0].read(), files[0].info);
  await ctx.store.blobs.put(`${taskMediaPrefix(taskId)}preview`, preview);
}

async function createJobs(ctx: ServerContext, task: TaskRecord, plan: RestorePlan) {
  const date = now();
  const jobs = [];
  for (const [i, [startFrame, stopFrame]] of plan.segments.ranges.entries()) {
    jobs.push(
      await ctx.store.jobs.create({
        taskId: task.id,
        startFrame,
        stopFrame,
        frameCount: stopFrame - startFrame + 1,
        assigneeId: null,
        ...stageOfStatus(plan.segments.statuses[i] ?? "annotation"),
        type: "annotation",
        createdDate: date,
        updatedDate: date,
      }),
    );
  }
  return jobs;
}

async function fill(ctx: ServerContext, task: TaskRecord, plan: RestorePlan): Promise<void> {
  if (task.projectId === null) {
    await applyLabelPlan(ctx, { taskId: task.id, projectId: null }, plan.labels, { touch: false });
  }
  const annotations = await jobAnnotations(ctx, task, plan);
  await storeMedia(ctx, task.id, plan);
  const data = { id: await ctx.store.nextId("data"), ...plan.media.data };
  const fresh = await ctx.store.tasks.get(task.id) ?? task;
  await ctx.store.tasks.update({ ...fresh, data, mode: "annotation", updatedDate: now() });
  const jobs = await createJobs(ctx, task, plan);
  for (const [i, job] of jobs.entries()) {
    if (annotations[i]) await putJob(ctx, job.id, annotations[i]);
  }
  await refreshTaskStatus(ctx, task.id);
}

/**
 * Creates the task a plan describes, owned by `user` (in project `projectId`, whose labels it
 * then uses, or in none with its own); returns its id. On any failure the task and everything
 * under it is deleted and the error rethrown.
 *
 * @example
 * ```ts
 * // const taskId = await restoreBackup(ctx, await readBackup(archive), user);
 * // const inProject = await restoreBackup(ctx, plan, user, project.id);
 * ```
 */
export async function restoreBackup(
  ctx: ServerContext,
  plan: RestorePlan,
  user: UserRecord,
  projectId: number | null = null,
): Promise<number> {
  const task = await createTaskRecord(ctx, plan, user, projectId);
  try {
    await fill(ctx, task, plan);
  } catch (error) {
    const current = await ctx.store.tasks.get(task.id).catch(() => null) ?? task;
    await deleteTaskCascade(ctx, current).catch(() => {});
    throw error;
  }
  return task.id;
}
