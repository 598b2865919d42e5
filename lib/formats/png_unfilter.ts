/**
 * PNG scanline reconstruction (filters none/sub/up/average/Paeth) and sample extraction for
 * every bit depth, per interlace pass (Adam7 or the single pass of a plain image).
 *
 * @module
 */

/** Where a pass puts its pixels: start and step in x and y. */
export interface PngPass {
  x0: number;
  y0: number;
  dx: number;
  dy: number;
}

/**
 * The single pass of a non-interlaced image.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { PLAIN_PASS } from "./png_unfilter.ts";
 * equal(PLAIN_PASS[0].dx, 1);
 * ```
 */
export const PLAIN_PASS: PngPass[] = [{ x0: 0, y0: 0, dx: 1, dy: 1 }];

/**
 * The seven Adam7 passes.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { ADAM7_PASSES } from "./png_unfilter.ts";
 * equal(ADAM7_PASSES.length, 7);
 * ```
 */
export const ADAM7_PASSES: PngPass[] = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
].map(([x0, y0, dx, dy]) => ({ x0, y0, dx, dy }));

/**
 * A pass's size in pixels for an image of `width` × `height`.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { ADAM7_PASSES, passSize } from "./png_unfilter.ts";
 * deepEqual(passSize(ADAM7_PASSES[1], 5, 1), [1, 1]);
 * ```
 */
export function passSize(pass: PngPass, width: number, height: number): [number, number] {
  return [
    Math.max(0, Math.ceil((width - pass.x0) / pass.dx)),
    Math.max(0, Math.ceil((height - pass.y0) / pass.dy)),
  ];
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Reconstructs one filtered scanline in place (`row` without its filter byte, `previous` the
 * reconstructed line above or zeros); false for an unknown filter type.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { unfilterRow } from "./png_unfilter.ts";
 * const row = new Uint8Array([1, 1, 1]);
 * unfilterRow(1, row, new Uint8Array(3), 1); // "sub": running sum
 * deepEqual([...row], [1, 2, 3]);
 * ```
 */
export function unfilterRow(
  filter: number,
  row: Uint8Array,
  previous: Uint8Array,
  bpp: number,
): boolean {
  const n = row.length;
  switch (filter) {
    case 0:
      return true;
    case 1:
      for (let i = bpp; i < n; i++) row[i] = (row[i] + row[i - bpp]) & 255;
      return true;
    case 2:
      for (let i = 0; i < n; i++) row[i] = (row[i] + previous[i]) & 255;
      return true;
    case 3:
      for (let i = 0; i < n; i++) {
        const left = i >= bpp ? row[i - bpp] : 0;
        row[i] = (row[i] + ((left + previous[i]) >> 1)) & 255;
      }
      return true;
    case 4:
      for (let i = 0; i < n; i++) {
        const left = i >= bpp ? row[i - bpp] : 0;
        const upLeft = i >= bpp ? previous[i - bpp] : 0;
        row[i] = (row[i] + paeth(left, previous[i], upLeft)) & 255;
      }
      return true;
  }
  return false;
}

/**
 * Sample `k` of a reconstructed scanline at `depth` bits per sample.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { sampleAt } from "./png_unfilter.ts";
 * const row = new Uint8Array([0b10_01_11_00]);
 * equal(sampleAt(row, 1, 2), 1);
 * equal(sampleAt(new Uint8Array([1, 2]), 0, 16), 258);
 * ```
 */
export function sampleAt(row: Uint8Array, k: number, depth: number): number {
  if (depth === 8) return row[k];
  if (depth === 16) return (row[k * 2] << 8) | row[k * 2 + 1];
  const bit = k * depth;
  const shift = 8 - depth - (bit & 7);
  return (row[bit >> 3] >> shift) & ((1 << depth) - 1);
}
