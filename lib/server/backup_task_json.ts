/**
 * A backup's `task.json` as CVAT's `TaskExporter` writes it: the task's name, bug tracker, status,
 * subset and labels (names, no ids; skeleton svg by sublabel name), `version`, the data
 * settings and one entry per job (its segment and status). Pure.
 *
 * @module
 */

import { jobStatus } from "./jobs_view.ts";
import { attributeJson, groupLabels } from "./labels_view.ts";
import { BACKUP_VERSION } from "./backup_layout.ts";
import type { JobRecord, LabelRecord, TaskDataRecord, TaskRecord } from "../store/types.ts";

/**
 * The key of `data` under which cvat-lite keeps a task's own start/stop/filter when `data/`
 * holds only the selected frames (CVAT ignores unknown keys of `data`).
 */
export const FRAME_RANGE_KEY = "cvat_lite_frame_range";

function attributesOf(label: LabelRecord): Record<string, unknown>[] {
  return label.attributes.map((attr) => {
    const { id: _id, ...rest } = attributeJson(attr);
    return rest;
  });
}

/** CVAT writes skeleton svg with `data-label-name` instead of the sublabels' ids. */
function svgByName(svg: string, children: readonly LabelRecord[]): string {
  const names = new Map(children.map((child) => [String(child.id), child.name]));
  return svg.replace(/data-label-id="(\d+)"/g, (match, id: string) => {
    const name = names.get(id);
    return name === undefined ? match : `data-label-name="${name}"`;
  });
}

/**
 * The labels of `task.json`: top-level labels with their sublabels, without ids.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { backupLabels } from "./backup_task_json.ts";
 * const car = { id: 1, name: "car", color: "#fa3253", type: "any", attributes: [],
 *   parentId: null, taskId: 3, projectId: null };
 * deepStrictEqual(backupLabels([car]), [
 *   { name: "car", color: "#fa3253", attributes: [], type: "any", sublabels: [] },
 * ]);
 * ```
 */
export function backupLabels(labels: readonly LabelRecord[]): Record<string, unknown>[] {
  const { top, children } = groupLabels(labels);
  return top.map((label) => {
    const subs = children.get(label.id) ?? [];
    const json: Record<string, unknown> = {
      name: label.name,
      color: label.color,
      attributes: attributesOf(label),
      type: label.type,
    };
    if (label.type === "skeleton") json.svg = svgByName(label.svg ?? "", subs);
    json.sublabels = subs.map((sub) => ({
      name: sub.name,
      color: sub.color,
      attributes: attributesOf(sub),
      type: sub.type,
    }));
    return json;
  });
}

/**
 * The `data` of `task.json`. `data/` of a backup made here holds only the task's frames, so
 * the range written is all of them (CVAT then restores the same frames); the task's own
 * start/stop/filter, when they differ, go under {@linkcode FRAME_RANGE_KEY}.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { backupData } from "./backup_task_json.ts";
 * const data = { id: 1, size: 3, imageQuality: 70, chunkSize: 36, startFrame: 0, stopFrame: 2,
 *   frameFilter: "", compressedChunkType: "imageset", originalChunkType: "imageset",
 *   frames: [], deletedFrames: [1], sortingMethod: "natural", storageMethod: "cache",
 *   storage: "local" } as const;
 * strictEqual(backupData({ ...data, frames: [], deletedFrames: [1] }).stop_frame, 2);
 * ```
 */
export function backupData(data: TaskDataRecord): Record<string, unknown> {
  const json: Record<string, unknown> = {
    chunk_size: data.chunkSize,
    image_quality: data.imageQuality,
    start_frame: 0,
    stop_frame: data.size - 1,
    storage_method: data.storageMethod,
    storage: "local",
    sorting_method: data.sortingMethod,
    chunk_type: data.compressedChunkType,
    deleted_frames: [...data.deletedFrames],
  };
  if (data.startFrame !== 0 || data.frameFilter !== "" || data.stopFrame !== data.size - 1) {
    json[FRAME_RANGE_KEY] = {
      start_frame: data.startFrame,
      stop_frame: data.stopFrame,
      frame_filter: data.frameFilter,
    };
  }
  return json;
}

/**
 * One job of `task.json`: its segment and its status (CVAT keeps no stage, state or assignee).
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { backupJob } from "./backup_task_json.ts";
 * const job = { startFrame: 0, stopFrame: 4, stage: "acceptance", state: "completed",
 *   type: "annotation" } as never;
 * deepStrictEqual(backupJob(job), {
 *   start_frame: 0, stop_frame: 4, frames: [], status: "completed", type: "annotation",
 * });
 * ```
 */
export function backupJob(job: JobRecord): Record<string, unknown> {
  return {
    start_frame: job.startFrame,
    stop_frame: job.stopFrame,
    frames: [],
    status: jobStatus(job.stage, job.state),
    type: job.type,
  };
}

/**
 * The whole `task.json` of a task with data; `labels` are the labels the task uses (its
 * project's when it is in one), `jobs` its jobs in id order.
 *
 * @example
 * ```ts
 * // const manifest = taskManifest(task, await taskLabels(ctx, task), jobs);
 * ```
 */
export function taskManifest(
  task: TaskRecord,
  labels: readonly LabelRecord[],
  jobs: readonly JobRecord[],
): Record<string, unknown> {
  const data = task.data;
  if (!data) throw new Error(`Task ${task.id} has no data`);
  const custom = task.segmentSize === 0;
  const json: Record<string, unknown> = {
    name: task.name,
    bug_tracker: task.bugTracker,
    status: task.status,
    subset: task.subset,
    labels: backupLabels(labels),
    version: BACKUP_VERSION,
    data: backupData(data),
    jobs: jobs.map((job) => {
      // Custom segments (segment_size 0): each job lists its files, as CVAT writes them.
      if (!custom) return backupJob(job);
      const files = data.frames.slice(job.startFrame, job.stopFrame + 1).map((f) => f.name);
      return { ...backupJob(job), files };
    }),
  };
  if (custom) (json.data as Record<string, unknown>).custom_segments = true;
  return json;
}
