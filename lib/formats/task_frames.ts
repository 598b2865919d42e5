/**
 * Frame numbering of a {@linkcode FormatTask}: the frame step from `frameFilter`, task-relative
 * ↔ absolute (source-media) numbers, the exported range (a job's segment or the whole task) and
 * the deleted frames.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import type { FormatTask } from "./types.ts";

/** The frames an export covers, task-relative and inclusive. */
export interface FrameRange {
  start: number;
  stop: number;
}

/**
 * The frame step of `frameFilter` ("step=N"); 1 when empty.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { frameStep } from "./task_frames.ts";
 * equal(frameStep({ frameFilter: "step=3" }), 3);
 * equal(frameStep({}), 1);
 * ```
 */
export function frameStep(task: Pick<FormatTask, "frameFilter">): number {
  const match = /step\s*=\s*(\d+)/.exec(task.frameFilter ?? "");
  const step = match ? Number(match[1]) : 1;
  return step > 0 ? step : 1;
}

/**
 * The absolute (source-media) number of a task-relative frame.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { absoluteFrame } from "./task_frames.ts";
 * equal(absoluteFrame({ startFrame: 10, frameFilter: "step=2" }, 3), 16);
 * ```
 */
export function absoluteFrame(
  task: Pick<FormatTask, "startFrame" | "frameFilter">,
  frame: number,
): number {
  return task.startFrame + frame * frameStep(task);
}

/**
 * The task-relative frame of an absolute number, or null when it is off the step grid or
 * outside the task.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { relativeFrame } from "./task_frames.ts";
 * const task = { startFrame: 10, frameFilter: "step=2", size: 5 };
 * equal(relativeFrame(task, 16), 3);
 * equal(relativeFrame(task, 17), null);
 * equal(relativeFrame(task, 20), null);
 * ```
 */
export function relativeFrame(
  task: Pick<FormatTask, "startFrame" | "frameFilter" | "size">,
  absolute: number,
): number | null {
  if (!Number.isInteger(absolute)) return null;
  const offset = absolute - task.startFrame;
  const step = frameStep(task);
  if (offset < 0 || offset % step !== 0) return null;
  const frame = offset / step;
  return frame < task.size ? frame : null;
}

/**
 * The task-relative range an export covers: the job's segment when `meta.segment` is set,
 * else the whole task.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { exportRange } from "./task_frames.ts";
 * deepEqual(exportRange({ size: 10 }), { start: 0, stop: 9 });
 * deepEqual(exportRange({ size: 10, meta: { segment: { id: 1, start: 5, stop: 9 } } }), {
 *   start: 5, stop: 9,
 * });
 * ```
 */
export function exportRange(task: Pick<FormatTask, "size" | "meta">): FrameRange {
  const segment = task.meta?.segment;
  if (segment) return { start: segment.start, stop: Math.min(segment.stop, task.size - 1) };
  return { start: 0, stop: task.size - 1 };
}

/**
 * A predicate over task-relative frames: true for a deleted frame.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { deletedPredicate } from "./task_frames.ts";
 * const isDeleted = deletedPredicate({ deletedFrames: [2] });
 * ok(isDeleted(2) && !isDeleted(3));
 * ```
 */
export function deletedPredicate(
  task: Pick<FormatTask, "deletedFrames">,
): (frame: number) => boolean {
  const deleted = new Set(task.deletedFrames ?? []);
  return (frame) => deleted.has(frame);
}

/**
 * The frame's size and name, or a DataError when the task does not describe the frame.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { frameInfo } from "./task_frames.ts";
 * equal(frameInfo({ frames: [{ name: "a.jpg", width: 4, height: 3 }] }, 0).name, "a.jpg");
 * ```
 */
export function frameInfo(
  task: Pick<FormatTask, "frames">,
  frame: number,
): { name: string; width: number; height: number } {
  const info = task.frames[frame];
  if (!info) throw new DataError(`The task describes no frame ${frame}`);
  return info;
}
