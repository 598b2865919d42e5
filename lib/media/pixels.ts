/**
 * Pixel operations on decoded RGBA images: EXIF orientation and area-averaging downscale.
 * Both return new images and leave the source alone.
 *
 * @module
 */

/** RGBA pixels, row by row (the shape of an imagescript `Image`). */
export interface Rgba {
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** 4 bytes per pixel: red, green, blue, alpha. */
  bitmap: Uint8ClampedArray;
}

/**
 * Makes a blank (transparent black) RGBA image.
 *
 * @param width Width in pixels.
 * @param height Height in pixels.
 * @returns The image.
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { blankRgba } from "./pixels.ts";
 * equal(blankRgba(3, 2).bitmap.length, 24);
 * ```
 */
export function blankRgba(width: number, height: number): Rgba {
  return { width, height, bitmap: new Uint8ClampedArray(width * height * 4) };
}

/**
 * A 32-bit view of an image's RGBA pixels (one element per pixel).
 *
 * @param image The image.
 * @returns The view (shares the image's memory).
 */
function words(image: Rgba): Uint32Array {
  const bytes = image.bitmap;
  return new Uint32Array(bytes.buffer, bytes.byteOffset, image.width * image.height);
}

/**
 * For an output pixel, the source index: `ax * x' + ay * y' + c`, per EXIF orientation.
 *
 * @param orientation 1..8.
 * @param w The source's width.
 * @param h The source's height.
 * @returns `[ax, ay, c]`.
 */
function sourceIndexRule(orientation: number, w: number, h: number): [number, number, number] {
  switch (orientation) {
    case 2: // mirrored horizontally
      return [-1, w, w - 1];
    case 3: // rotated 180°
      return [-1, -w, w * h - 1];
    case 4: // mirrored vertically
      return [1, -w, (h - 1) * w];
    case 5: // transposed: x = y', y = x'
      return [w, 1, 0];
    case 6: // rotated 90° clockwise: x = y', y = h - 1 - x'
      return [-w, 1, (h - 1) * w];
    case 7: // transversed: x = w - 1 - y', y = h - 1 - x'
      return [-w, -1, (h - 1) * w + w - 1];
    case 8: // rotated 90° counter-clockwise: x = w - 1 - y', y = x'
      return [w, -1, w - 1];
    default:
      return [1, w, 0];
  }
}

/**
 * Applies an EXIF orientation, giving the image as it should be displayed.
 *
 * @param image The decoded image as stored.
 * @param orientation The EXIF orientation, 1..8 (1 and other values return the image itself).
 * @returns The displayed image (sides swapped for 5..8).
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { blankRgba, orient } from "./pixels.ts";
 * const image = blankRgba(2, 1); // red, green
 * image.bitmap.set([255, 0, 0, 255, 0, 255, 0, 255]);
 * const turned = orient(image, 6); // 90° clockwise: red on top
 * deepEqual([turned.width, turned.height], [1, 2]);
 * deepEqual([...turned.bitmap], [255, 0, 0, 255, 0, 255, 0, 255]);
 * ```
 */
export function orient(image: Rgba, orientation: number): Rgba {
  if (!(orientation >= 2 && orientation <= 8)) return image;
  const w = image.width;
  const h = image.height;
  const swap = orientation >= 5;
  const out = blankRgba(swap ? h : w, swap ? w : h);
  const [ax, ay, c] = sourceIndexRule(orientation, w, h);
  const from = words(image);
  const to = words(out);
  const outW = out.width;
  for (let y = 0, i = 0; y < out.height; y++) {
    let source = ay * y + c;
    for (let x = 0; x < outW; x++, i++, source += ax) to[i] = from[source];
  }
  return out;
}

/**
 * Shrinks an image to fit a box, averaging the source pixels that fall into each output pixel
 * (no aliasing, unlike nearest-neighbour or bilinear sampling at large factors). Images that
 * already fit are returned as they are; the aspect ratio is kept.
 *
 * @param image The image.
 * @param boxWidth The box's width.
 * @param boxHeight The box's height.
 * @returns An image within the box.
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { blankRgba, shrinkToFit } from "./pixels.ts";
 * const big = blankRgba(1920, 1080);
 * big.bitmap.fill(128);
 * const small = shrinkToFit(big, 256, 256);
 * deepEqual([small.width, small.height, ...small.bitmap.subarray(0, 4)], [256, 144, 128, 128, 128, 128]);
 * ```
 */
export function shrinkToFit(image: Rgba, boxWidth: number, boxHeight: number): Rgba {
  const { width: w, height: h } = image;
  if (w <= boxWidth && h <= boxHeight) return image;
  const scale = Math.min(boxWidth / w, boxHeight / h);
  const outW = Math.max(1, Math.round(w * scale));
  const outH = Math.max(1, Math.round(h * scale));
  const sums = new Float64Array(outW * outH * 4);
  const counts = new Uint32Array(outW * outH);
  const columns = Int32Array.from({ length: w }, (_, x) => Math.floor((x * outW) / w));
  const src = image.bitmap;
  for (let y = 0, i = 0; y < h; y++) {
    const row = Math.floor((y * outH) / h) * outW;
    for (let x = 0; x < w; x++, i += 4) {
      const cell = row + columns[x];
      const at = cell * 4;
      sums[at] += src[i];
      sums[at + 1] += src[i + 1];
      sums[at + 2] += src[i + 2];
      sums[at + 3] += src[i + 3];
      counts[cell]++;
    }
  }
  const out = blankRgba(outW, outH);
  const dst = out.bitmap;
  for (let cell = 0; cell < counts.length; cell++) {
    for (let k = 0; k < 4; k++) dst[cell * 4 + k] = Math.round(sums[cell * 4 + k] / counts[cell]);
  }
  return out;
}
