/**
 * The `TaskRead` shape (notes §2.5, §11), the task status derived from its jobs, and how task
 * lists search, filter and sort (§3).
 *
 * @module
 */

import { absoluteUrl, type Ctx, type ServerContext } from "./context.ts";
import { basicUser } from "./users_view.ts";
import { jobStatus } from "./jobs_view.ts";
import type { ListSpec } from "./lists.ts";
import type { JobRecord, TaskRecord } from "../store/types.ts";

/**
 * A task's status from its jobs: "annotation" if any job is in the annotation stage (or there are
 * no jobs), else "validation" if any is in validation, else "completed".
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { statusFromJobs } from "./tasks_view.ts";
 * strictEqual(statusFromJobs([]), "annotation");
 * strictEqual(statusFromJobs([{ stage: "acceptance" }, { stage: "validation" }]), "validation");
 * ```
 */
export function statusFromJobs(
  jobs: readonly Pick<JobRecord, "stage">[],
): TaskRecord["status"] {
  if (jobs.length === 0 || jobs.some((j) => j.stage === "annotation")) return "annotation";
  return jobs.some((j) => j.stage === "validation") ? "validation" : "completed";
}

function dataFields(task: TaskRecord): [Record<string, unknown>, Record<string, unknown>] {
  const data = task.data;
  if (!data) return [{}, {}];
  return [
    {
      data_chunk_size: data.chunkSize,
      data_compressed_chunk_type: data.compressedChunkType,
      data_original_chunk_type: data.originalChunkType,
    },
    { size: data.size, image_quality: data.imageQuality, data: data.id },
  ];
}

/**
 * A task as CVAT's `TaskRead`, with absolute links. A task without data has no `data*`, `size`
 * and `image_quality` keys.
 *
 * @example
 * ```ts
 * // await taskJson(c, ctx, task) → { url, id, name, project_id, mode: "", ..., jobs, labels }
 * ```
 */
export async function taskJson(
  c: Ctx,
  ctx: ServerContext,
  task: TaskRecord,
): Promise<Record<string, unknown>> {
  const jobs = await ctx.store.jobs.listBy("taskId", task.id);
  const [owner, assignee] = await ctx.store.users.getMany([
    task.ownerId ?? 0,
    task.assigneeId ?? 0,
  ]);
  const [chunks, media] = dataFields(task);
  return {
    url: absoluteUrl(c, `/api/tasks/${task.id}`),
    id: task.id,
    name: task.name,
    project_id: task.projectId,
    mode: task.mode,
    owner: basicUser(c, owner),
    assignee: basicUser(c, assignee),
    bug_tracker: task.bugTracker,
    created_date: task.createdDate,
    updated_date: task.updatedDate,
    overlap: task.overlap,
    segment_size: task.segmentSize,
    status: task.status,
    ...chunks,
    guide_id: task.guideId,
    ...media,
    dimension: task.dimension,
    subset: task.subset,
    organization: task.organizationId,
    target_storage: task.targetStorage,
    source_storage: task.sourceStorage,
    jobs: {
      count: jobs.length,
      completed: jobs.filter((j) => jobStatus(j.stage, j.state) === "completed").length,
      validation: jobs.filter((j) => j.stage === "validation").length,
      url: absoluteUrl(c, `/api/jobs?task_id=${task.id}`),
    },
    labels: { url: absoluteUrl(c, `/api/labels?task_id=${task.id}`) },
  };
}

/** The names a task list may look up besides the task itself. */
export interface TaskListNames {
  users: ReadonlyMap<number, string>;
  projects: ReadonlyMap<number, string>;
}

/**
 * The task list's fields: search project_name, name, owner, status, assignee, subset, mode,
 * dimension, tracker_link; filter and sort those plus id, project_id, updated_date; simple
 * filters the search fields plus project_id.
 *
 * @example
 * ```ts
 * // taskListSpec({ users: new Map(), projects: new Map() })
 * ```
 */
export function taskListSpec(names: TaskListNames): ListSpec<TaskRecord> {
  const user = (id: number | null) => id === null ? null : names.users.get(id) ?? null;
  const search: Record<string, (t: TaskRecord) => string | null> = {
    project_name: (t) => t.projectId === null ? null : names.projects.get(t.projectId) ?? null,
    name: (t) => t.name,
    owner: (t) => user(t.ownerId),
    status: (t) => t.status,
    assignee: (t) => user(t.assigneeId),
    subset: (t) => t.subset,
    mode: (t) => t.mode,
    dimension: (t) => t.dimension,
    tracker_link: (t) => t.bugTracker,
  };
  const simple: ListSpec<TaskRecord>["simple"] = {};
  for (const [name, get] of Object.entries(search)) simple[name] = { get, type: "string" };
  simple.status = {
    get: search.status,
    type: "choice",
    choices: ["annotation", "validation", "completed"],
  };
  simple.dimension = { get: search.dimension, type: "choice", choices: ["2d", "3d"] };
  simple.project_id = { get: (t) => t.projectId, type: "int" };
  return {
    search,
    fields: {
      ...search,
      id: (t) => t.id,
      project_id: (t) => t.projectId,
      updated_date: (t) => t.updatedDate,
    },
    simple,
  };
}
