/**
 * MOT frame ids (formats.md §11) in both directions.
 *
 * Export (as CVAT): an item whose id (frame path without extension) reads as an integer is
 * written with that number (`000005.jpg` → 5), any other item with its 1-based position among
 * the exported items.
 *
 * Import — the round-trip trap: CVAT always maps id N to frame N−1 (+ the job's start), so its
 * own export of a task whose images are named `000000.jpg`, `000001.jpg`, … (or that has deleted
 * frames) comes back shifted. We first invert our exporter: id N goes to the exported frame that
 * would have been written as N (the first one, should two collide); an id no exported frame
 * would have is read CVAT's way (N−1 from the range start). For MOT-style names (`000001.jpg` on
 * frame 0) and for names that are not numbers both rules agree, so real MOT files import as in
 * CVAT and every export of ours imports back onto the frames it came from.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import { deletedPredicate, exportRange } from "./task_frames.ts";
import type { FormatTask } from "./types.ts";

/**
 * Python's `int()` of an item id, or null (what CVAT's exporter tries first).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { pythonInt } from "./mot_frames.ts";
 * equal(pythonInt("000005"), 5);
 * equal(pythonInt(" -3 "), -3);
 * equal(pythonInt("frame_000005"), null);
 * ```
 */
export function pythonInt(text: string): number | null {
  const match = /^\s*([+-]?\d+(?:_\d+)*)\s*$/.exec(text);
  if (!match) return null;
  const value = Number(match[1].replace(/_/g, ""));
  return Number.isSafeInteger(value) ? value : null;
}

/**
 * The MOT frame id of an exported item: its id as an integer, else `1 + index` (the item's
 * position among the exported items).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { motFrameId } from "./mot_frames.ts";
 * equal(motFrameId("000007", 0), 7);
 * equal(motFrameId("dir/img", 4), 5);
 * ```
 */
export function motFrameId(itemId: string, index: number): number {
  return pythonInt(itemId) ?? index + 1;
}

function stripExtension(name: string): string {
  const slash = name.lastIndexOf("/");
  const dot = name.lastIndexOf(".");
  return dot > slash + 1 ? name.slice(0, dot) : name;
}

/**
 * A resolver from MOT frame ids to task-relative frames (see the module doc).
 *
 * @example
 * ```ts
 * import { equal, throws } from "node:assert/strict";
 * import { motFrameResolver } from "./mot_frames.ts";
 * const task = { size: 3, frames: ["000000.jpg", "000001.jpg", "000002.jpg"]
 *   .map((name) => ({ name, width: 1, height: 1 })) };
 * const resolve = motFrameResolver(task);
 * equal(resolve(0), 0); // our own export wrote 0 for 000000.jpg
 * throws(() => resolve(7), { name: "DataError" });
 * ```
 */
export function motFrameResolver(
  task: Pick<FormatTask, "size" | "frames" | "meta" | "deletedFrames">,
): (id: number) => number {
  const range = exportRange(task);
  const isDeleted = deletedPredicate(task);
  const byId = new Map<number, number>();
  let index = 0;
  for (let frame = range.start; frame <= range.stop; frame++) {
    if (isDeleted(frame)) continue;
    const id = motFrameId(stripExtension(task.frames[frame]?.name ?? ""), index++);
    if (!byId.has(id)) byId.set(id, frame);
  }
  return (id) => {
    const known = byId.get(id);
    if (known !== undefined) return known;
    const frame = id - 1 + range.start;
    if (frame >= range.start && frame <= range.stop) return frame;
    throw new DataError(`Could not match item id: '${id}' with any task frame`);
  };
}
