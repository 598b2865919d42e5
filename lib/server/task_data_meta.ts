/**
 * CVAT's `DataMetaRead` for tasks and jobs, and the `deleted_frames` update (notes §2.8).
 *
 * @module
 */

import { badRequest } from "./errors.ts";
import { MAX_INT, typeName } from "./body.ts";
import type { IsoDate, JobRecord, TaskDataRecord, TaskRecord } from "../store/types.ts";

/** One frame of `DataMetaRead.frames`. */
export interface FrameMetaJson {
  width: number;
  height: number;
  name: string;
  related_files: number;
  has_related_context: boolean;
}

/** CVAT's `DataMetaRead`. */
export interface DataMetaJson {
  chunk_size: number;
  size: number;
  image_quality: number;
  start_frame: number;
  stop_frame: number;
  frame_filter: string;
  frames: FrameMetaJson[];
  deleted_frames: number[];
  included_frames: number[] | null;
  chunks_updated_date: IsoDate;
}

/** The step of a data record's `frame_filter` ("step=N"; 1 when empty). */
function stepOf(data: TaskDataRecord): number {
  const match = /^step\s*=\s*(\d+)$/.exec(data.frameFilter.trim());
  return match ? Math.max(1, Number(match[1])) : 1;
}

/** The task-relative frame range a meta covers. */
interface Range {
  start: number;
  stop: number;
}

function metaOf(
  data: TaskDataRecord,
  range: Range,
  date: IsoDate,
): DataMetaJson {
  const step = stepOf(data);
  return {
    chunk_size: data.chunkSize,
    size: range.stop - range.start + 1,
    image_quality: data.imageQuality,
    start_frame: data.startFrame + range.start * step,
    stop_frame: data.startFrame + range.stop * step,
    frame_filter: data.frameFilter,
    frames: data.frames.slice(range.start, range.stop + 1).map((f) => ({
      width: f.width,
      height: f.height,
      name: f.name,
      related_files: 0,
      has_related_context: false,
    })),
    deleted_frames: data.deletedFrames.filter((f) => f >= range.start && f <= range.stop),
    included_frames: null,
    chunks_updated_date: date,
  };
}

/**
 * A task's `DataMetaRead` (every frame).
 *
 * @example
 * ```ts
 * // taskMeta(task, task.data!) → { chunk_size, size, frames: [...], deleted_frames: [], ... }
 * ```
 */
export function taskMeta(task: TaskRecord, data: TaskDataRecord): DataMetaJson {
  return metaOf(data, { start: 0, stop: data.size - 1 }, task.createdDate);
}

/**
 * A job's `DataMetaRead`: its frames only, `start_frame`/`stop_frame` as data frame numbers.
 *
 * @example
 * ```ts
 * // jobMeta(job, task.data!) → { size: job.frameCount, frames: [...job's frames], ... }
 * ```
 */
export function jobMeta(job: JobRecord, data: TaskDataRecord): DataMetaJson {
  return metaOf(data, { start: job.startFrame, stop: job.stopFrame }, job.createdDate);
}

/**
 * Reads `deleted_frames` of a `PATCH .../data/meta` body: unique integers within
 * `[start, stop]` (task-relative), sorted. Absent → undefined (no change). Anything else → 400.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { readDeletedFrames } from "./task_data_meta.ts";
 * deepStrictEqual(readDeletedFrames({ deleted_frames: [3, 1, 3] }, 0, 4), [1, 3]);
 * ```
 */
export function readDeletedFrames(
  body: Record<string, unknown>,
  start: number,
  stop: number,
): number[] | undefined {
  const value = body.deleted_frames;
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    throw badRequest({
      deleted_frames: [`Expected a list of items but got type "${typeName(value)}".`],
    });
  }
  const errors: Record<number, string[]> = {};
  value.forEach((frame, i) => {
    if (typeof frame !== "number" || !Number.isInteger(frame) || Math.abs(frame) > MAX_INT) {
      errors[i] = ["A valid integer is required."];
    } else if (frame < start || frame > stop) {
      errors[i] = [`Frame ${frame} is out of the range [${start}, ${stop}]`];
    }
  });
  if (Object.keys(errors).length > 0) throw badRequest({ deleted_frames: errors });
  return [...new Set(value as number[])].sort((a, b) => a - b);
}

/**
 * A task's deleted frames with `[start, stop]` replaced by `frames`.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { replaceDeleted } from "./task_data_meta.ts";
 * deepStrictEqual(replaceDeleted([0, 3, 7], 2, 5, [4]), [0, 4, 7]);
 * ```
 */
export function replaceDeleted(
  current: number[],
  start: number,
  stop: number,
  frames: number[],
): number[] {
  const kept = current.filter((f) => f < start || f > stop);
  return [...new Set([...kept, ...frames])].sort((a, b) => a - b);
}
