/**
 * A session's `labels` and `logs` namespaces.
 *
 * `labels.get(filter = {})` answers `Label` instances made from the session's labels (the
 * top-level ones; skeleton sublabels are in each skeleton's `structure`), optionally filtered by
 * `id` and/or `name`. `logs.put(scope, details)` buffers an event in the client's logger with
 * the session's `project_id`, `task_id` and `job_id` (the details may set them otherwise);
 * `logs.save()` posts everything the client's logger holds. Plugin paths:
 * `"<Task|Job>.labels.get"`, `"<Task|Job>.logs.put"`, `"<Task|Job>.logs.save"`; a failure also
 * emits `"exception"` `{ error }` on the session's bus.
 *
 * @module
 */

import type { SessionState } from "./session.ts";
import { Label } from "../core/label.ts";
import { ArgumentError } from "../core/errors.ts";
import { loggerOf } from "./logger.ts";
import { wrapSessionMethod } from "./session_wrap.ts";

/** The public `labels` namespace. */
export interface LabelsApi {
  /** The session's labels, optionally only those with the filter's `id` and/or `name`. */
  get(filter?: Record<string, unknown>): Promise<Label[]>;
}

/** The public `logs` namespace. */
export interface LogsApi {
  /** Buffers a log event with the session's project, task and job ids. */
  put(scope: string, details?: Record<string, unknown>): Promise<void>;
  /** Posts every buffered event of the client (`POST /api/events`). */
  save(): Promise<void>;
}

const LABEL_FILTER_KEYS = new Set(["id", "name"]);

function checkLabelFilter(filter: unknown): { id?: number; name?: string } {
  if (typeof filter !== "object" || filter === null || Array.isArray(filter)) {
    throw new ArgumentError(`The filter of labels.get must be an object, got ${String(filter)}`);
  }
  const record = filter as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!LABEL_FILTER_KEYS.has(key)) {
      throw new ArgumentError(`Unknown filter key "${key}" for labels.get; expected id or name`);
    }
  }
  const { id, name } = record;
  if (id !== undefined && !Number.isInteger(id)) {
    throw new ArgumentError(`The filter "id" of labels.get must be an integer, got ${String(id)}`);
  }
  if (name !== undefined && typeof name !== "string") {
    throw new ArgumentError(
      `The filter "name" of labels.get must be a string, got ${String(name)}`,
    );
  }
  return { id: id as number | undefined, name: name as string | undefined };
}

/**
 * Builds the `labels` namespace of a session.
 *
 * @example
 * ```ts
 * // const [car] = await createLabelsApi(state).get({ name: "car" });
 * ```
 */
export function createLabelsApi(state: SessionState): LabelsApi {
  return {
    get: wrapSessionMethod(state, ["labels", "get"], (filter: Record<string, unknown> = {}) => {
      const { id, name } = checkLabelFilter(filter);
      return state.target.labels()
        .filter((label) => id === undefined || label.id === id)
        .filter((label) => name === undefined || label.name === name)
        .map((label) => new Label(label));
    }),
  };
}

/** The session's ids as log fields (read at each call: a task may move to a project). */
function sessionIds(state: SessionState): Record<string, number> {
  const { projectId, taskId, jobId } = state.target.ids;
  const ids: Record<string, number> = { task_id: taskId };
  if (projectId !== null && projectId !== undefined) ids.project_id = projectId;
  if (jobId !== null && jobId !== undefined) ids.job_id = jobId;
  return ids;
}

/**
 * Builds the `logs` namespace of a session.
 *
 * @example
 * ```ts
 * // await createLogsApi(state).put("save:job", {}); // with task_id, job_id of the session
 * ```
 */
export function createLogsApi(state: SessionState): LogsApi {
  const logger = loggerOf(state.ctx);
  return {
    put: wrapSessionMethod(
      state,
      ["logs", "put"],
      (scope: string, details: Record<string, unknown> = {}) => {
        if (typeof details !== "object" || details === null || Array.isArray(details)) {
          // Checked by the logger too; here so that the ids are not spread into a non-object.
          throw new ArgumentError(
            `The details of a "${String(scope)}" log must be an object, got ${String(details)}`,
          );
        }
        return logger.put(scope, { ...sessionIds(state), ...details });
      },
    ),
    save: wrapSessionMethod(state, ["logs", "save"], () => logger.save()),
  };
}
