/**
 * COCO RLE (formats.md §5): whole-image, column-major run lengths starting with a 0-run, either
 * as a list of counts ("uncompressed") or as pycocotools' ASCII string ("compressed": counts
 * from the fourth on are delta-coded against the count two before, then written as 5-bit
 * groups, low first, each as a character 48 + group, with 0x20 set while more groups follow).
 * Foreground is handled as sorted, disjoint `[start, end)` intervals of pixel indices
 * (`x * height + y`), which makes unions and areas cheap.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";

/** Sorted, disjoint `[start, end)` runs of foreground pixel indices. */
export type Intervals = number[];

/**
 * Encodes counts as a pycocotools compressed string.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { encodeRleString } from "./coco_rle.ts";
 * equal(encodeRleString([0, 20, 30]), "0d0n0");
 * ```
 */
export function encodeRleString(counts: readonly number[]): string {
  let out = "";
  for (let i = 0; i < counts.length; i++) {
    let x = counts[i] - (i > 2 ? counts[i - 2] : 0);
    let more = true;
    while (more) {
      let c = x & 0x1f;
      x >>= 5;
      more = (c & 0x10) ? x !== -1 : x !== 0;
      if (more) c |= 0x20;
      out += String.fromCharCode(c + 48);
    }
  }
  return out;
}

/**
 * Decodes a pycocotools compressed string into counts.
 *
 * @throws {DataError} For a character outside the alphabet or a truncated count.
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { decodeRleString } from "./coco_rle.ts";
 * deepEqual(decodeRleString("0d0n0"), [0, 20, 30]);
 * ```
 */
export function decodeRleString(text: string): number[] {
  const counts: number[] = [];
  let p = 0;
  while (p < text.length) {
    let x = 0;
    let k = 0;
    let more = true;
    while (more) {
      if (p >= text.length) throw new DataError("Truncated compressed RLE string");
      const c = text.charCodeAt(p) - 48;
      if (c < 0 || c > 63) throw new DataError(`Bad character in compressed RLE: ${text[p]}`);
      x |= (c & 0x1f) << (5 * k);
      more = (c & 0x20) !== 0;
      p++;
      k++;
      if (!more && (c & 0x10)) x |= -1 << (5 * k);
    }
    if (counts.length > 2) x += counts[counts.length - 2];
    counts.push(x);
  }
  return counts;
}

/**
 * Foreground intervals of counts; the counts must cover exactly `total` pixels.
 *
 * @throws {DataError} For a negative count or a wrong total.
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { countsToIntervals } from "./coco_rle.ts";
 * deepEqual(countsToIntervals([2, 3, 1, 1], 7), [2, 5, 6, 7]);
 * ```
 */
export function countsToIntervals(counts: readonly number[], total: number): Intervals {
  const out: Intervals = [];
  let at = 0;
  counts.forEach((count, i) => {
    if (!Number.isInteger(count) || count < 0) {
      throw new DataError(`RLE count ${i} must be a non-negative integer, got ${count}`);
    }
    if (i % 2 === 1 && count > 0) out.push(at, at + count);
    at += count;
  });
  if (at !== total) throw new DataError(`RLE counts sum to ${at}, expected ${total}`);
  return out;
}

/**
 * Counts of intervals over `total` pixels (a trailing 0-run is written only when non-empty).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { intervalsToCounts } from "./coco_rle.ts";
 * deepEqual(intervalsToCounts([2, 5, 6, 7], 7), [2, 3, 1, 1]);
 * deepEqual(intervalsToCounts([], 4), [4]);
 * ```
 */
export function intervalsToCounts(intervals: Intervals, total: number): number[] {
  const counts: number[] = [];
  let at = 0;
  for (let i = 0; i < intervals.length; i += 2) {
    counts.push(intervals[i] - at, intervals[i + 1] - intervals[i]);
    at = intervals[i + 1];
  }
  if (at < total || counts.length === 0) counts.push(total - at);
  return counts;
}

/**
 * The union of interval lists.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { unionIntervals } from "./coco_rle.ts";
 * deepEqual(unionIntervals([[0, 2, 5, 6], [1, 3]]), [0, 3, 5, 6]);
 * ```
 */
export function unionIntervals(lists: readonly Intervals[]): Intervals {
  if (lists.length === 1) return lists[0];
  const pairs: [number, number][] = [];
  for (const list of lists) {
    for (let i = 0; i < list.length; i += 2) pairs.push([list[i], list[i + 1]]);
  }
  pairs.sort((a, b) => a[0] - b[0]);
  const out: Intervals = [];
  for (const [start, end] of pairs) {
    const last = out.length - 1;
    if (last > 0 && start <= out[last]) out[last] = Math.max(out[last], end);
    else out.push(start, end);
  }
  return out;
}

/**
 * The number of foreground pixels.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { intervalsArea } from "./coco_rle.ts";
 * equal(intervalsArea([2, 5, 6, 7]), 4);
 * ```
 */
export function intervalsArea(intervals: Intervals): number {
  let area = 0;
  for (let i = 0; i < intervals.length; i += 2) area += intervals[i + 1] - intervals[i];
  return area;
}

/**
 * The tight pixel box `[x, y, w, h]` of column-major intervals on an image `height` tall
 * (pycocotools `toBbox`); `[0, 0, 0, 0]` when empty.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { intervalsBox } from "./coco_rle.ts";
 * deepEqual(intervalsBox([0, 20], 10), [0, 0, 2, 10]);
 * ```
 */
export function intervalsBox(intervals: Intervals, height: number): number[] {
  if (intervals.length === 0) return [0, 0, 0, 0];
  let top = Infinity;
  let bottom = -1;
  for (let i = 0; i < intervals.length; i += 2) {
    const start = intervals[i];
    const last = intervals[i + 1] - 1;
    const x0 = Math.floor(start / height);
    const x1 = Math.floor(last / height);
    if (x0 !== x1) {
      top = 0;
      bottom = height - 1;
    } else {
      top = Math.min(top, start - x0 * height);
      bottom = Math.max(bottom, last - x1 * height);
    }
  }
  const left = Math.floor(intervals[0] / height);
  const right = Math.floor((intervals[intervals.length - 1] - 1) / height);
  return [left, top, right - left + 1, bottom - top + 1];
}
