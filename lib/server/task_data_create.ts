/**
 * Task creation in the background (CVAT's `create:task` request): stores the originals, the
 * preview and the data record, then creates the jobs. Progress and the outcome go to a
 * `RequestRecord` (read by `/api/tasks/{id}/status` and `/api/requests/{id}`). A failure removes
 * everything it made: the task is left without data.
 *
 * @module
 */

import { now, type ServerContext } from "./context.ts";
import { createJobsForTask } from "./jobs.ts";
import { deleteJobCascade } from "./tasks_cascade.ts";
import { previewImage } from "../media/frames.ts";
import type { DataPlan } from "./task_data_plan.ts";
import { releaseStaged } from "./task_data_staging.ts";
import { writeOriginalsTable } from "./task_originals.ts";
import type { RequestRecord } from "../store/types.ts";

/**
 * The blob key prefix of a task's media (deleted with the task).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { taskMediaPrefix } from "./task_data_create.ts";
 * strictEqual(taskMediaPrefix(5), "media/task/5/");
 * ```
 */
export function taskMediaPrefix(taskId: number): string {
  return `media/task/${taskId}/`;
}

/**
 * The blob key of a task frame's original bytes (task-relative frame number).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { originalKey } from "./task_data_create.ts";
 * strictEqual(originalKey(5, 0), "media/task/5/original/0");
 * ```
 */
export function originalKey(taskId: number, frame: number): string {
  return `${taskMediaPrefix(taskId)}original/${frame}`;
}

/**
 * The id of a task's creation request.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { createRequestId } from "./task_data_create.ts";
 * strictEqual(createRequestId(5), "create:task.id5");
 * ```
 */
export function createRequestId(taskId: number): string {
  return `create:task.id${taskId}`;
}

/** Task ids whose data is being created by this process (a second upload is refused). */
const running = new WeakMap<ServerContext, Set<number>>();

/**
 * Whether this process is creating the task's data right now.
 *
 * @example
 * ```ts
 * // if (isCreating(ctx, task.id)) throw badRequest(["Adding more data is not supported"]);
 * ```
 */
export function isCreating(ctx: ServerContext, taskId: number): boolean {
  return running.get(ctx)?.has(taskId) ?? false;
}

class Progress {
  constructor(readonly ctx: ServerContext, public record: RequestRecord) {}

  async set(fields: Partial<RequestRecord>): Promise<void> {
    this.record = { ...this.record, ...fields, updated: now() };
    await this.ctx.store.requests.put(this.record.id, this.record);
  }
}

/** Stores the originals not already staged; returns the staged blob keys that became frames. */
async function storeMedia(ctx: ServerContext, taskId: number, plan: DataPlan, p: Progress) {
  const total = plan.files.length;
  const table: (string | null)[] = [];
  let reported = 0;
  for (let frame = 0; frame < total; frame++) {
    const file = plan.files[frame];
    table.push(file.key ?? null);
    if (!file.key) await ctx.store.blobs.put(originalKey(taskId, frame), await file.read());
    const progress = (frame + 1) / (total + 1);
    if (progress - reported >= 0.1) {
      reported = progress;
      await p.set({ progress: Math.round(progress * 100) / 100 });
    }
  }
  const first = plan.files[0];
  const preview = await previewImage(await first.read(), first.info);
  await ctx.store.blobs.put(`${taskMediaPrefix(taskId)}preview`, preview);
  await writeOriginalsTable(ctx, taskId, table);
  return new Set(table.filter((key) => key !== null));
}

async function attachData(ctx: ServerContext, taskId: number, plan: DataPlan): Promise<void> {
  const task = await ctx.store.tasks.get(taskId);
  if (!task) throw new Error("The task was deleted while its data was being created");
  const id = await ctx.store.nextId("data");
  await ctx.store.tasks.update({
    ...task,
    data: { id, ...plan.data },
    mode: "annotation",
    updatedDate: now(),
  });
  await createJobsForTask(ctx, taskId);
}

/** Removes whatever a failed creation made: jobs, the data record, the blobs. */
async function undo(ctx: ServerContext, taskId: number): Promise<void> {
  for (const job of await ctx.store.jobs.listBy("taskId", taskId)) {
    await deleteJobCascade(ctx, job.id);
  }
  const task = await ctx.store.tasks.get(taskId);
  if (task && task.data) await ctx.store.tasks.update({ ...task, data: null, mode: "" });
  await ctx.store.blobs.deletePrefix(taskMediaPrefix(taskId));
}

async function run(ctx: ServerContext, taskId: number, plan: DataPlan, p: Progress) {
  try {
    await p.set({ status: "started", started: now(), message: "Media files are being stored" });
    const kept = await storeMedia(ctx, taskId, plan, p);
    await p.set({ message: "Jobs are being created", progress: 0.95 });
    await attachData(ctx, taskId, plan);
    await releaseStaged(ctx, taskId, kept);
    await p.set({
      status: "finished",
      message: "",
      progress: 1,
      finished: now(),
      resultId: taskId,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await undo(ctx, taskId).catch(() => {});
    await p.set({ status: "failed", message, finished: now() }).catch(() => {});
  }
}

/**
 * Queues the creation of a task's data and starts it without waiting; returns the request id.
 * The returned promise resolves once the request record exists (queued); `done` settles when
 * the work has finished or failed (it never rejects).
 *
 * @example
 * ```ts
 * // const { id } = await startTaskCreation(ctx, task.id, user.id, plan); // → 202 {"rq_id": id}
 * ```
 */
export async function startTaskCreation(
  ctx: ServerContext,
  taskId: number,
  userId: number,
  plan: DataPlan,
): Promise<{ id: string; done: Promise<void> }> {
  const id = createRequestId(taskId);
  const date = now();
  const record: RequestRecord = {
    id,
    operation: "create:task",
    target: { type: "task", id: taskId },
    userId,
    status: "queued",
    message: "",
    progress: 0,
    result: null,
    created: date,
    updated: date,
    started: null,
    finished: null,
    resultId: null,
  };
  const set = running.get(ctx) ?? new Set<number>();
  running.set(ctx, set);
  set.add(taskId);
  try {
    await ctx.store.requests.put(id, record);
  } catch (error) {
    set.delete(taskId);
    throw error;
  }
  const done = run(ctx, taskId, plan, new Progress(ctx, record)).finally(() => set.delete(taskId));
  return { id, done };
}
