/**
 * The PASCAL VOC colour palette (formats.md §8): the colour of index `i` spreads the bits of
 * `i` over the three channels, three bits at a time from the most significant channel bit
 * down (index 1 = (128, 0, 0), 2 = (0, 128, 0), 3 = (128, 128, 0), ...).
 *
 * @module
 */

/** An RGB colour. */
export type Rgb = [number, number, number];

/**
 * The VOC palette colour of an index.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { vocColor } from "./voc_palette.ts";
 * deepEqual(vocColor(0), [0, 0, 0]);
 * deepEqual(vocColor(1), [128, 0, 0]);
 * deepEqual(vocColor(15), [192, 128, 128]);
 * ```
 */
export function vocColor(index: number): Rgb {
  const color: Rgb = [0, 0, 0];
  let rest = index;
  for (let bit = 7; bit >= 0; bit--) {
    for (let channel = 0; channel < 3; channel++) color[channel] |= ((rest >> channel) & 1) << bit;
    rest >>= 3;
  }
  return color;
}

/**
 * A colour packed as `0xRRGGBB` (how decoded PNG pixels are compared).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { packRgb } from "./voc_palette.ts";
 * equal(packRgb([128, 0, 0]), 0x800000);
 * ```
 */
export function packRgb(color: readonly number[]): number {
  return ((color[0] & 255) << 16) | ((color[1] & 255) << 8) | (color[2] & 255);
}
