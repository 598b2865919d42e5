/**
 * A small PNG encoder for segmentation masks: an index image (one index per pixel) painted
 * with a colour table and written as an 8-bit RGB PNG (colour type 2, no interlace, filter
 * "none" per row), as CVAT's VOC and Segmentation mask exports write them. Compression uses
 * the platform's `CompressionStream("deflate")` (zlib), fed row by row.
 *
 * @module
 */

import { PNG_SIGNATURE, pngChunk, zlibCompress } from "./png_chunks.ts";
import type { Rgb } from "./voc_palette.ts";

function header(width: number, height: number): Uint8Array {
  const data = new Uint8Array(13);
  const view = new DataView(data.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  data[8] = 8; // bit depth
  data[9] = 2; // colour type: RGB
  return data; // compression, filter and interlace methods 0
}

function* rows(
  indices: ArrayLike<number>,
  width: number,
  height: number,
  color: (index: number) => Rgb,
): Generator<Uint8Array> {
  let top = 0;
  for (let i = 0; i < width * height; i++) top = Math.max(top, indices[i]);
  const table = new Uint8Array((top + 1) * 3);
  const seen = new Uint8Array(top + 1);
  for (let y = 0; y < height; y++) {
    const row = new Uint8Array(1 + width * 3);
    for (let x = 0, at = y * width, out = 1; x < width; x++, at++, out += 3) {
      const index = indices[at];
      if (!seen[index]) {
        table.set(color(index), index * 3);
        seen[index] = 1;
      }
      row[out] = table[index * 3];
      row[out + 1] = table[index * 3 + 1];
      row[out + 2] = table[index * 3 + 2];
    }
    yield row;
  }
}

/**
 * Encodes a row-major index image as an RGB PNG, each index painted with `color(index)`.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { encodeIndexPng } from "./png_encode.ts";
 * import { decodePng } from "./png_decode.ts";
 * const png = await encodeIndexPng(new Uint8Array([0, 1, 1, 0]), 2, 2, (i) => [i * 128, 0, 0]);
 * const image = await decodePng(png, "a.png");
 * equal(image.values[1], 0x800000);
 * ```
 */
export async function encodeIndexPng(
  indices: ArrayLike<number>,
  width: number,
  height: number,
  color: (index: number) => Rgb,
): Promise<Uint8Array> {
  const compressed = await zlibCompress(rows(indices, width, height, color));
  const parts = [
    PNG_SIGNATURE,
    pngChunk("IHDR", header(width, height)),
    pngChunk("IDAT", compressed),
    pngChunk("IEND", new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
