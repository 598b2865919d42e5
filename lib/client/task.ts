/**
 * `cvat.Task`: a task from the server's JSON, or a new one (`new cvat.Task({ name, labels })`)
 * that `save(onStatus)` creates with its data. camelCase properties over snake_case JSON; the
 * fields that shape the data (`segmentSize`, `imageQuality`, ...) may only be set before the task
 * is created. A task with an id has the session namespaces (`annotations`, `frames`, ...); a new
 * task gets them when `save()` has created it.
 *
 * @module
 */

import type { ClientContext } from "./context.ts";
import type { WireLabel } from "../core/wire_types.ts";
import { Label } from "../core/label.ts";
import { ArgumentError } from "../core/errors.ts";
import { show } from "../core/show.ts";
import { attachSession, type SessionApi } from "./session.ts";
import {
  anyString,
  boolean,
  type ClientClass,
  defineFields,
  type FieldRules,
  initFields,
  nonEmptyString,
  nonNegativeInt,
  oneOf,
  positiveInt,
  snakeFields,
  stateOf,
} from "./fields.ts";
import { checkLabels, labelList, replaceLabels, toLabel } from "./label_list.ts";
import { userOrNull } from "./user.ts";
import { checkAssignee } from "./job.ts";
import { checkFiles, defineFileAccessors, FILE_ALIASES } from "./task_files.ts";
import { createTask, type TaskSnapshot, updateTask } from "./task_save.ts";
import type { OnStatus } from "./task_create.ts";

const quality = (value: unknown, property: string) => {
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 100) {
    throw new ArgumentError(`${property} must be an integer in 1..100, got ${show(value)}`);
  }
  return value;
};
const projectId = (value: unknown, property: string) =>
  value === null ? null : positiveInt(value, property);
const newOnly = <T>(check: (v: unknown, p: string) => T) => ({ write: "new" as const, check });

/** The Task's simple properties. */
export const TASK_RULES: FieldRules = {
  id: { key: "id" },
  name: { key: "name", write: "always", check: nonEmptyString },
  projectId: { key: "project_id", write: "always", check: projectId, read: (v) => v ?? null },
  status: { key: "status" },
  size: { key: "size" },
  mode: { key: "mode" },
  owner: { key: "owner", read: userOrNull },
  assignee: { key: "assignee", write: "always", check: checkAssignee, read: userOrNull },
  createdDate: { key: "created_date" },
  updatedDate: { key: "updated_date" },
  bugTracker: { key: "bug_tracker", write: "always", check: anyString },
  subset: { key: "subset", write: "always", check: anyString },
  overlap: { key: "overlap", ...newOnly(nonNegativeInt) },
  segmentSize: { key: "segment_size", ...newOnly(nonNegativeInt) },
  imageQuality: { key: "image_quality", ...newOnly(quality) },
  startFrame: { key: "start_frame", ...newOnly(nonNegativeInt) },
  stopFrame: { key: "stop_frame", ...newOnly(nonNegativeInt) },
  frameFilter: { key: "frame_filter", ...newOnly(anyString) },
  dataChunkSize: { key: "data_chunk_size", ...newOnly(positiveInt) },
  sortingMethod: {
    key: "sorting_method",
    ...newOnly(oneOf(["lexicographical", "natural", "predefined", "random"])),
  },
  useZipChunks: { key: "use_zip_chunks", ...newOnly(boolean) },
  useCache: { key: "use_cache", ...newOnly(boolean) },
  copyData: { key: "copy_data", ...newOnly(boolean) },
  zOrder: { key: "z_order", write: "always", check: boolean, read: (v) => v ?? false },
  dataChunkType: { key: "data_compressed_chunk_type" },
  dimension: { key: "dimension" },
  organization: { key: "organization", read: (v) => v ?? null },
  guideId: { key: "guide_id", read: (v) => v ?? null },
  progress: { key: "progress" },
  jobs: { key: "jobs", read: (v) => [...(v as unknown[])] },
};

/** Fields a new task's constructor may not carry (the server sets them). */
const SERVER_ONLY = ["status", "size", "mode", "owner", "created_date", "updated_date"];

type JobClass = ClientClass;

/** The task's jobs as Job instances, with what a job's JSON does not repeat from its task. */
function makeJobs(Job: JobClass, json: Record<string, unknown>, labels: WireLabel[]): unknown[] {
  if (!Array.isArray(json.jobs)) return [];
  return json.jobs.map((job: Record<string, unknown>) =>
    new Job({
      dimension: json.dimension,
      data_chunk_size: json.data_chunk_size,
      data_compressed_chunk_type: json.data_compressed_chunk_type,
      bug_tracker: json.bug_tracker || null,
      mode: json.mode,
      ...job,
      task_id: json.id,
      project_id: json.project_id ?? null,
      labels,
    })
  );
}

/** The field data of a task from its JSON (`labels` and `jobs` as lists when known). */
function taskData(Job: JobClass, input: Record<string, unknown>): Record<string, unknown> {
  const json = snakeFields(snakeFields(input, TASK_RULES), FILE_ALIASES);
  const isNew = !Number.isInteger(json.id);
  const given = isNew || Array.isArray(json.labels) ? json.labels ?? [] : [];
  const labels = checkLabels(given, "labels");
  const labelJson = (given as unknown[]).map((l, i) =>
    l instanceof Label
      ? l.toJSON()
      : Number.isInteger((l as WireLabel).id)
      ? structuredClone(l as WireLabel)
      : labels[i].toJSON()
  );
  const data: Record<string, unknown> = {
    ...json,
    owner: userOrNull(json.owner),
    assignee: userOrNull(json.assignee),
    labels,
    label_json: labelJson,
    jobs: makeJobs(Job, json, labelJson),
    progress: json.progress ?? (json.jobs && !Array.isArray(json.jobs) ? json.jobs : null),
    files: checkFiles({}),
  };
  if (isNew) {
    for (const key of SERVER_ONLY) delete data[key];
    for (const [property, rule] of Object.entries(TASK_RULES)) {
      if (rule.check && json[rule.key] !== undefined) {
        data[rule.key] = rule.check(json[rule.key], property);
      }
    }
    data.files = checkFiles(json);
  }
  return data;
}

/** Puts a snapshot into a task and gives it its session once it has an id. */
function reinit(ctx: ClientContext, Job: JobClass, task: object, snapshot: TaskSnapshot): void {
  const state = stateOf(task);
  const { z_order, files, session } = state.data;
  state.data = {
    ...taskData(Job, {
      ...snapshot.task,
      progress: snapshot.task.jobs,
      labels: snapshot.labels,
      jobs: snapshot.jobs,
    }),
    z_order,
    files,
    session,
  };
  state.changed.clear();
  attachTaskSession(ctx, task);
}

function attachTaskSession(ctx: ClientContext, task: object): void {
  const data = stateOf(task).data;
  if (!Number.isInteger(data.id) || "annotations" in task) return;
  const size = Number(data.size ?? 0);
  data.session = attachSession(ctx, {
    kind: "task",
    className: "Task",
    id: data.id as number,
    instance: task,
    startFrame: 0,
    stopFrame: Math.max(0, size - 1),
    labels: () => stateOf(task).data.label_json as WireLabel[],
    ids: {
      projectId: (data.project_id as number | null) ?? null,
      taskId: data.id as number,
      jobId: null,
    },
  });
}

/**
 * Makes the Task class of a `cvat` instance.
 *
 * @example
 * ```ts
 * // const Task = createTaskClass(ctx, Job);
 * // const task = new Task({ name: "cars", labels: [{ name: "car", attributes: [] }] });
 * // task.clientFiles = [jpeg]; await task.save((message) => console.log(message));
 * ```
 */
export function createTaskClass(
  ctx: ClientContext,
  Job: JobClass,
): ClientClass {
  const save = ctx.plugins.wrap("Task.save", async function (this: object, onStatus?: OnStatus) {
    if (onStatus !== undefined && typeof onStatus !== "function") {
      throw new ArgumentError(`Task.save: onStatus must be a function, got ${show(onStatus)}`);
    }
    const report: OnStatus = onStatus ?? (() => {});
    const isNew = !Number.isInteger(stateOf(this).data.id);
    const snapshot = isNew ? await createTask(ctx, this, report) : await updateTask(ctx, this);
    reinit(ctx, Job, this, snapshot);
    return this;
  });
  const remove = ctx.plugins.wrap("Task.delete", async function (this: object) {
    const id = stateOf(this).data.id;
    if (!Number.isInteger(id)) throw new ArgumentError("Task.delete: the task has no id");
    const response = await ctx.http.request("DELETE", `/tasks/${id}`);
    await response.body?.cancel();
  });
  const addLabel = ctx.plugins.wrap("Task.addLabel", function (this: object, label: unknown) {
    const state = stateOf(this);
    const next = checkLabels([...(state.data.labels as Label[]), toLabel(label)], "labels");
    state.data.labels = next;
    state.changed.add("labels");
  });

  class Task {
    /**
     * A task from server JSON (with an id), or a new task from its fields (snake_case or the
     * camelCase property names; `labels` as Labels or label JSON).
     *
     * @param input The task's JSON or fields.
     */
    constructor(input: Record<string, unknown> = {}) {
      if (!input || typeof input !== "object" || Array.isArray(input)) {
        throw new ArgumentError(`A task needs an object of fields, got ${show(input)}`);
      }
      initFields(this, taskData(Job, input));
      attachTaskSession(ctx, this);
    }

    /** The task's labels (Labels); new labels may be appended, existing ones not removed. */
    get labels(): Label[] {
      const data = stateOf(this).data;
      return labelList(data.labels as Label[], (data.session as SessionApi | undefined)?.labels);
    }

    set labels(value: unknown) {
      replaceLabels(stateOf(this), value);
    }

    /** Adds a label (a Label or label JSON); its name must be new. */
    addLabel(label: Label | WireLabel): Promise<void> {
      return addLabel.call(this, label);
    }

    /** Creates the task with its data, or saves its changed fields; returns the task. */
    save(onStatus?: OnStatus): Promise<this> {
      return save.call(this, onStatus) as Promise<this>;
    }

    /** Deletes the task on the server. */
    delete(): Promise<void> {
      return remove.call(this);
    }
  }
  defineFields(Task.prototype, "Task", TASK_RULES);
  defineFileAccessors(Task.prototype);
  return Task;
}
