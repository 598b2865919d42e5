/**
 * `Task.save()`: a new task is created with its data (`task_create.ts`); an existing one is
 * PATCHed with the fields changed since it was read (and its new labels). Either way the task is
 * then read again (`GET /api/tasks/{id}`, its labels and jobs) and the instance updated.
 *
 * @module
 */

import type { ClientContext } from "./context.ts";
import type { WireLabel } from "../core/wire_types.ts";
import type { Label } from "../core/label.ts";
import { ArgumentError } from "../core/errors.ts";
import { stateOf } from "./fields.ts";
import { fetchLabels } from "./label_list.ts";
import { fetchAll } from "./pages.ts";
import { createTaskWithData, type DataField, type OnStatus } from "./task_create.ts";
import type { User } from "./user.ts";
import type { TaskFiles } from "./task_files.ts";

/** A task's server JSON, with its labels and jobs as separate lists. */
export interface TaskSnapshot {
  task: Record<string, unknown>;
  labels: WireLabel[];
  jobs: Record<string, unknown>[];
}

/**
 * Reads a task with its labels and jobs (`GET /api/tasks/{id}`, `/api/labels?task_id=`,
 * `/api/jobs?task_id=`).
 *
 * @example
 * ```ts
 * // const { task, labels, jobs } = await readTask(ctx, 5);
 * ```
 */
export async function readTask(ctx: ClientContext, id: number): Promise<TaskSnapshot> {
  const task = await ctx.http.json<Record<string, unknown>>("GET", `/tasks/${id}`);
  return await withParts(ctx, task);
}

/**
 * Adds a task JSON's labels and jobs.
 *
 * @example
 * ```ts
 * // const snapshot = await withParts(ctx, taskJson);
 * ```
 */
export async function withParts(
  ctx: ClientContext,
  task: Record<string, unknown>,
): Promise<TaskSnapshot> {
  const id = task.id as number;
  const [labels, jobs] = await Promise.all([
    fetchLabels(ctx, { task_id: id }),
    fetchAll<Record<string, unknown>>(ctx, "/jobs", { task_id: id }),
  ]);
  return { task, labels, jobs };
}

const TASK_KEYS = ["name", "overlap", "segment_size", "bug_tracker", "project_id", "subset"];
const DATA_KEYS = [
  "image_quality",
  "use_zip_chunks",
  "use_cache",
  "sorting_method",
  "start_frame",
  "stop_frame",
  "frame_filter",
  "copy_data",
];

function createSpec(task: object) {
  const { data } = stateOf(task);
  const labels = data.labels as Label[];
  const files = data.files as TaskFiles;
  if (typeof data.name !== "string" || data.name.trim() === "") {
    throw new ArgumentError("Task.save: a new task needs a name");
  }
  if (labels.length === 0 && !Number.isInteger(data.project_id)) {
    throw new ArgumentError("Task.save: a new task needs labels or a projectId");
  }
  const count = files.client_files.length + files.server_files.length +
    files.remote_files.length;
  if (count === 0) {
    throw new ArgumentError("Task.save: a new task needs data (client, server or remote files)");
  }
  const spec: Record<string, unknown> = { labels: labels.map((l) => l.toJSON()) };
  for (const key of TASK_KEYS) {
    if (data[key] !== undefined && data[key] !== null) spec[key] = data[key];
  }
  const assignee = data.assignee as User | null;
  if (assignee) spec.assignee_id = assignee.id;
  const fields: Record<string, DataField> = { image_quality: 70 };
  for (const key of DATA_KEYS) if (data[key] !== undefined) fields[key] = data[key] as DataField;
  if (data.data_chunk_size !== undefined) fields.chunk_size = data.data_chunk_size as number;
  if (files.server_files.length > 0) fields.server_files = [...files.server_files];
  if (files.remote_files.length > 0) fields.remote_files = [...files.remote_files];
  return { task: spec, data: fields, files: [...files.client_files] };
}

/**
 * Creates a new task with its data; returns its snapshot. Checks first (ArgumentError, nothing
 * sent): a name, labels or a project, some data.
 *
 * @example
 * ```ts
 * // const snapshot = await createTask(ctx, task, (message) => console.log(message));
 * ```
 */
export async function createTask(
  ctx: ClientContext,
  task: object,
  onStatus: OnStatus,
): Promise<TaskSnapshot> {
  const id = await createTaskWithData(ctx, createSpec(task), onStatus);
  return await readTask(ctx, id);
}

const PATCH_KEYS: Record<string, string> = {
  name: "name",
  project_id: "project_id",
  bug_tracker: "bug_tracker",
  subset: "subset",
  assignee: "assignee_id",
};

/**
 * Sends the changed fields of an existing task (`PATCH /api/tasks/{id}`; new labels in
 * `labels`), or reads it again when nothing changed; returns its snapshot.
 *
 * @example
 * ```ts
 * // task.name = "renamed"; const snapshot = await updateTask(ctx, task);
 * ```
 */
export async function updateTask(ctx: ClientContext, task: object): Promise<TaskSnapshot> {
  const { data, changed } = stateOf(task);
  const body: Record<string, unknown> = {};
  for (const key of changed) {
    if (key === "assignee") body.assignee_id = (data.assignee as User | null)?.id ?? null;
    else if (PATCH_KEYS[key]) body[PATCH_KEYS[key]] = data[key];
  }
  const added = (data.labels as Label[]).filter((label) => label.id === null);
  if (added.length > 0) body.labels = added.map((label) => label.toJSON());
  const id = data.id as number;
  if (Object.keys(body).length === 0) return await readTask(ctx, id);
  const json = await ctx.http.json<Record<string, unknown>>("PATCH", `/tasks/${id}`, {
    json: body,
  });
  return await withParts(ctx, json);
}
