/**
 * The session namespaces that Task and Job share (`annotations`, `frames`, `labels`, `logs`,
 * `actions`, `events`), bound to one instance. They share a `SessionState`: what the session
 * belongs to, the frame meta (`GET .../data/meta`, fetched once), the event bus and the
 * annotation collection (loaded on first use by `session_annotations.ts`).
 *
 * @module
 */

import type { ClientContext } from "./context.ts";
import type { Annotations } from "../core/collection.ts";
import type { WireLabel } from "../core/wire_types.ts";
import { createEventBus, type EventBus, type EventsApi } from "./session_events.ts";
import { type AnnotationsApi, createAnnotationsApi } from "./session_annotations.ts";
import { type ActionsApi, createActionsApi } from "./session_actions.ts";
import { createFramesApi, type FramesApi } from "./frames.ts";
import { createLabelsApi, createLogsApi, type LabelsApi, type LogsApi } from "./session_misc.ts";

/** `GET /api/{tasks|jobs}/{id}/data/meta` as the server sends it. */
export interface FrameMeta {
  chunk_size: number;
  size: number;
  image_quality: number;
  start_frame: number;
  stop_frame: number;
  frame_filter: string;
  deleted_frames: number[];
  included_frames?: number[] | null;
  frames: { width: number; height: number; name: string; related_files?: number }[];
}

/** What a session belongs to. Frame numbers are task frames (a job's range within its task). */
export interface SessionTarget {
  kind: "task" | "job";
  /** The plugin path prefix: `"Task"` or `"Job"`. */
  className: "Task" | "Job";
  id: number;
  /** The instance (`this` of hooks, `target` of events). */
  instance: object;
  /** The first and last frame the session covers (a task: 0 and size - 1). */
  startFrame: number;
  stopFrame: number;
  /** The labels as server JSON (with ids). */
  labels(): WireLabel[];
  /** Ids added to log events. */
  ids: { projectId: number | null; taskId: number; jobId: number | null };
}

/** What the namespaces of one session share. */
export interface SessionState {
  ctx: ClientContext;
  target: SessionTarget;
  bus: EventBus;
  /** The frame meta, fetched on first use (a failed fetch is retried next time). */
  meta(): Promise<FrameMeta>;
  /** The collection, loaded on first use; set by `createAnnotationsApi`. */
  collection(): Promise<Annotations>;
}

/** The namespaces of a session. */
export interface SessionApi {
  annotations: AnnotationsApi;
  frames: FramesApi;
  labels: LabelsApi;
  logs: LogsApi;
  actions: ActionsApi;
  events: EventsApi;
}

/**
 * The path of a session method for plugins: `"Job.annotations.put"`.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { sessionPath } from "./session.ts";
 * strictEqual(sessionPath({ className: "Job" }, "annotations", "put"), "Job.annotations.put");
 * ```
 */
export function sessionPath(
  target: Pick<SessionTarget, "className">,
  namespace: string,
  method: string,
): string {
  return `${target.className}.${namespace}.${method}`;
}

function createState(ctx: ClientContext, target: SessionTarget): SessionState {
  let meta: Promise<FrameMeta> | null = null;
  const state: SessionState = {
    ctx,
    target,
    bus: createEventBus(target.instance),
    meta() {
      meta ??= ctx.http.json<FrameMeta>("GET", `/${target.kind}s/${target.id}/data/meta`);
      meta.catch(() => meta = null);
      return meta;
    },
    collection: () => Promise.reject(new Error("The annotations are not wired")),
  };
  return state;
}

/**
 * Builds the session namespaces of a Task or Job and defines them on the instance as read-only
 * properties.
 *
 * @example
 * ```ts
 * // attachSession(ctx, { kind: "job", className: "Job", id: 7, instance: job, ... });
 * // await job.annotations.get(0);
 * ```
 */
export function attachSession(ctx: ClientContext, target: SessionTarget): SessionApi {
  const state = createState(ctx, target);
  const api: SessionApi = {
    annotations: createAnnotationsApi(state),
    frames: createFramesApi(state),
    labels: createLabelsApi(state),
    logs: createLogsApi(state),
    actions: createActionsApi(state),
    events: state.bus.api,
  };
  for (const [name, value] of Object.entries(api)) {
    // A class may already define the name (Task/Job `labels`: the Label list, which carries the
    // namespace's methods itself); it is then left to the class.
    if (name in target.instance) continue;
    Object.defineProperty(target.instance, name, { value, enumerable: true });
  }
  return api;
}
