/**
 * CVAT's mask encoding. A mask's `points` are RLE counts followed by an inclusive bounding box
 * `[left, top, right, bottom]` (width = right − left + 1). The counts alternate runs of 0s and 1s
 * over the box, row by row, and always start with a 0-run: bits `000110011110` → `[3, 2, 2, 4, 1]`,
 * and a mask whose first pixel is set starts with a `0` count.
 *
 * The empty mask (no foreground pixel) is written {@linkcode EMPTY_MASK_POINTS},
 * `[1, 0, 0, 0, 0]`: one background pixel at (0, 0). It decodes consistently, but it has only five
 * numbers, so it is not a valid shape (a mask shape needs at least six); callers treat it as
 * "nothing left". cvat-core writes `[0, 0, 0, 0]` instead, which the readers here
 * ({@linkcode maskArea}, {@linkcode maskPixel}, {@linkcode cropMask}) also accept as empty.
 *
 * @module
 */

import { DataError } from "./errors.ts";

/** A mask's inclusive bounding box with its pixel size. */
export interface MaskBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
  /** right − left + 1 */
  width: number;
  /** bottom − top + 1 */
  height: number;
}

/**
 * The representation of an empty mask: RLE `[1]` over a 1×1 box at the origin.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { EMPTY_MASK_POINTS, maskArea } from "./mask.ts";
 * ok(maskArea([...EMPTY_MASK_POINTS]) === 0);
 * ```
 */
export const EMPTY_MASK_POINTS: readonly number[] = Object.freeze([1, 0, 0, 0, 0]);

function isCount(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 0;
}

/** Reads the box without the six-number rule (for the lenient readers). */
function readBox(points: number[], minLength: number): MaskBox {
  if (!Array.isArray(points) || points.length < minLength) {
    const got = Array.isArray(points) ? `${points.length} numbers` : JSON.stringify(points);
    throw new DataError(
      `A mask needs at least ${minLength} numbers (RLE counts and [left, top, right, bottom]), ` +
        `got ${got}`,
    );
  }
  const [left, top, right, bottom] = points.slice(-4);
  const width = right - left + 1;
  const height = bottom - top + 1;
  if (!isCount(width) || !isCount(height)) {
    throw new DataError(
      `Mask bbox ${
        JSON.stringify([left, top, right, bottom])
      } gives a size of ${width}x${height}: ` +
        `expected non-negative integers`,
    );
  }
  return { left, top, right, bottom, width, height };
}

/**
 * Run-length encodes bits row-major (any non-zero value counts as 1). The first count is the
 * leading 0-run (possibly `0`); the last count is never a zero-length run.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { maskToRle } from "./mask.ts";
 * const bits = [0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 0];
 * ok(maskToRle(bits).join() === "3,2,2,4,1");
 * ok(maskToRle([1, 1, 0]).join() === "0,2,1");
 * ```
 */
export function maskToRle(bits: ArrayLike<number>): number[] {
  const rle: number[] = [];
  let current = 0;
  let run = 0;
  for (let i = 0; i < bits.length; i++) {
    const bit = bits[i] ? 1 : 0;
    if (bit === current) {
      run++;
    } else {
      rle.push(run);
      current = bit;
      run = 1;
    }
  }
  if (run > 0 || rle.length > 0) rle.push(run);
  return rle;
}

/**
 * Decodes RLE counts into `width * height` bits (row-major, 0 or 1).
 *
 * @throws {DataError} when a count is not a non-negative integer, the size is invalid, or the
 * counts do not sum to `width * height`.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { rleToMask } from "./mask.ts";
 * ok(rleToMask([3, 2, 2, 4, 1], 4, 3).join("") === "000110011110");
 * ```
 */
export function rleToMask(rle: number[], width: number, height: number): Uint8Array {
  if (!isCount(width) || !isCount(height)) {
    throw new DataError(`Mask size must be non-negative integers, got ${width}x${height}`);
  }
  const size = width * height;
  const bits = new Uint8Array(size);
  let position = 0;
  for (let i = 0; i < rle.length; i++) {
    const count = rle[i];
    if (!isCount(count)) {
      throw new DataError(`RLE count ${i} must be a non-negative integer, got ${count}`);
    }
    if (i % 2 === 1 && position + count <= size) bits.fill(1, position, position + count);
    position += count;
  }
  if (position !== size) {
    throw new DataError(`RLE counts sum to ${position}, expected ${width}x${height} = ${size}`);
  }
  return bits;
}

/**
 * The inclusive bounding box of a mask's `points`, with its size.
 *
 * @throws {DataError} with fewer than 6 numbers, or when width or height is not a non-negative
 * integer.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { maskBox } from "./mask.ts";
 * const box = maskBox([0, 1, 10, 20, 10, 20]);
 * ok(box.width === 1 && box.height === 1 && box.right === 10);
 * ```
 */
export function maskBox(points: number[]): MaskBox {
  return readBox(points, 6);
}

/**
 * Checks a mask shape's `points` fully: at least 6 numbers, a valid box, and integer counts that
 * cover the box exactly.
 *
 * @throws {DataError} naming what is wrong.
 *
 * @example
 * ```ts
 * import { checkMask } from "./mask.ts";
 * checkMask([0, 1, 5, 5, 5, 5]); // fine: one pixel at (5, 5)
 * ```
 */
export function checkMask(points: number[]): void {
  const box = maskBox(points);
  let sum = 0;
  for (let i = 0; i < points.length - 4; i++) {
    if (!isCount(points[i])) {
      throw new DataError(`RLE count ${i} must be a non-negative integer, got ${points[i]}`);
    }
    sum += points[i];
  }
  if (sum !== box.width * box.height) {
    throw new DataError(
      `RLE counts sum to ${sum}, expected ${box.width}x${box.height} = ${box.width * box.height}`,
    );
  }
}

/**
 * Whether the pixel at (`x`, `y`) (image coordinates, floored) is set. Pixels outside the box are
 * not set. Accepts the empty forms (4 or 5 numbers).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { maskPixel } from "./mask.ts";
 * const points = [1, 1, 2, 10, 10, 11, 11]; // 2x2 box at (10, 10): 0 1 / 0 0
 * ok(maskPixel(points, 11.5, 10.2) && !maskPixel(points, 10, 10));
 * ```
 */
export function maskPixel(points: number[], x: number, y: number): boolean {
  const box = readBox(points, 4);
  const column = Math.floor(x) - box.left;
  const row = Math.floor(y) - box.top;
  if (column < 0 || row < 0 || column >= box.width || row >= box.height) return false;
  const index = row * box.width + column;
  let position = 0;
  for (let i = 0; i < points.length - 4; i++) {
    position += points[i];
    if (index < position) return i % 2 === 1;
  }
  return false;
}

/**
 * The number of set pixels (the sum of the 1-runs). Accepts the empty forms (4 or 5 numbers).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { maskArea } from "./mask.ts";
 * ok(maskArea([3, 2, 2, 4, 1, 0, 0, 3, 2]) === 6);
 * ```
 */
export function maskArea(points: number[]): number {
  readBox(points, 4);
  let area = 0;
  for (let i = 1; i < points.length - 4; i += 2) area += points[i];
  return area;
}

/** The local pixel ranges of the set pixels inside the allowed absolute ranges, or null. */
function foregroundExtent(
  bits: Uint8Array,
  box: MaskBox,
  frame?: { width: number; height: number },
): { x0: number; y0: number; x1: number; y1: number } | null {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let row = 0; row < box.height; row++) {
    const y = box.top + row;
    if (frame && (y < 0 || y >= frame.height)) continue;
    for (let column = 0; column < box.width; column++) {
      if (!bits[row * box.width + column]) continue;
      const x = box.left + column;
      if (frame && (x < 0 || x >= frame.width)) continue;
      x0 = Math.min(x0, column);
      x1 = Math.max(x1, column);
      y0 = Math.min(y0, row);
      y1 = Math.max(y1, row);
    }
  }
  return x0 === Infinity ? null : { x0, y0, x1, y1 };
}

/**
 * Crops a mask to the frame (pixels with 0 ≤ x < width and 0 ≤ y < height, when a frame is given)
 * and then to the box of its set pixels, re-encoding the RLE. The result never ends with a zero
 * count; it starts with `0` when its first pixel is set. A mask with no set pixel left gives a
 * copy of {@linkcode EMPTY_MASK_POINTS} (`[1, 0, 0, 0, 0]`).
 *
 * @throws {DataError} when the input is malformed (see {@linkcode rleToMask}).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { cropMask } from "./mask.ts";
 * // 3x3 box at (0, 0) with only the centre set → one pixel at (1, 1)
 * ok(cropMask([4, 1, 4, 0, 0, 2, 2]).join() === "0,1,1,1,1,1");
 * ```
 */
export function cropMask(points: number[], frame?: { width: number; height: number }): number[] {
  const box = readBox(points, 4);
  if (points.length === 4) return [...EMPTY_MASK_POINTS];
  const bits = rleToMask(points.slice(0, -4), box.width, box.height);
  const extent = foregroundExtent(bits, box, frame);
  if (extent === null) return [...EMPTY_MASK_POINTS];
  const { x0, y0, x1, y1 } = extent;
  const width = x1 - x0 + 1;
  const cropped = new Uint8Array(width * (y1 - y0 + 1));
  for (let row = y0; row <= y1; row++) {
    const start = row * box.width + x0;
    cropped.set(bits.subarray(start, start + width), (row - y0) * width);
  }
  return [...maskToRle(cropped), box.left + x0, box.top + y0, box.left + x1, box.top + y1];
}
