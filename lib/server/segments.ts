/**
 * CVAT's segment rules: how a task's frames are cut into jobs (notes §5). Pure.
 *
 * @module
 */

/** The input of {@linkcode segmentRanges}: the task's frame count and its requested settings. */
export interface SegmentOptions {
  /** Frames in the task (after start/stop/step). */
  size: number;
  /** The requested segment size; 0 (or more than `size`) means one segment of everything. */
  segmentSize: number;
  /** The requested overlap; null picks the default (5 for interpolation, 0 for annotation). */
  overlap: number | null;
  /** The task's mode: "interpolation" for video, "annotation" for images. */
  mode: "annotation" | "interpolation";
}

/** The effective settings and the inclusive, task-relative `[start, stop]` of each segment. */
export interface SegmentPlan {
  segmentSize: number;
  overlap: number;
  ranges: [number, number][];
}

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

/**
 * Cuts `size` frames into segments as CVAT does: `seg := segmentSize` (0 or > size → size),
 * `overlap := min(overlap ?? (interpolation ? 5 : 0), floor(seg / 2))`, starts at
 * `0, seg - overlap, …` below `size - overlap`, each segment `[start, min(start + seg - 1, size - 1)]`.
 * Throws a RangeError for negative or non-integer numbers.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { segmentRanges } from "./segments.ts";
 * const plan = segmentRanges({ size: 8, segmentSize: 5, overlap: null, mode: "interpolation" });
 * deepStrictEqual(plan, { segmentSize: 5, overlap: 2, ranges: [[0, 4], [3, 7]] });
 * ```
 */
export function segmentRanges(options: SegmentOptions): SegmentPlan {
  const { size, mode } = options;
  checkCount("size", size);
  checkCount("segmentSize", options.segmentSize);
  if (options.overlap !== null) checkCount("overlap", options.overlap);
  const segmentSize = options.segmentSize === 0 || options.segmentSize > size
    ? size
    : options.segmentSize;
  const requested = options.overlap ?? (mode === "interpolation" ? 5 : 0);
  const overlap = Math.min(requested, Math.floor(segmentSize / 2));
  const ranges: [number, number][] = [];
  if (size === 0) return { segmentSize, overlap, ranges };
  const step = segmentSize - overlap;
  for (let start = 0; start < size - overlap; start += step) {
    ranges.push([start, Math.min(start + segmentSize - 1, size - 1)]);
  }
  return { segmentSize, overlap, ranges };
}
