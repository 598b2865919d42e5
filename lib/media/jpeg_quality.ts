/**
 * Whether a JPEG can go into a compressed chunk as it is: the IJG quality that its luminance
 * quantization table implies, and the frame type browsers decode.
 *
 * @module
 */

import { isSof, jpegSegments } from "./probe_jpeg.ts";

/** The IJG standard luminance quantization table (JPEG Annex K, table K.1), in row order. */
const STANDARD_LUMA = [
  16,
  11,
  10,
  16,
  24,
  40,
  51,
  61,
  12,
  12,
  14,
  19,
  26,
  58,
  60,
  55,
  14,
  13,
  16,
  24,
  40,
  57,
  69,
  56,
  14,
  17,
  22,
  29,
  51,
  87,
  80,
  62,
  18,
  22,
  37,
  56,
  68,
  109,
  103,
  77,
  24,
  35,
  55,
  64,
  81,
  104,
  113,
  92,
  49,
  64,
  78,
  87,
  103,
  121,
  120,
  101,
  72,
  92,
  95,
  98,
  112,
  100,
  103,
  99,
];

/** The sums of the luminance tables libjpeg writes for qualities 0 (unused), 1, ..., 100. */
const IJG_LUMA_SUMS: number[] = Array.from({ length: 101 }, (_, quality) => {
  const scale = quality < 50 ? 5000 / Math.max(quality, 1) : 200 - 2 * quality;
  return STANDARD_LUMA.reduce(
    (sum, q) => sum + Math.min(255, Math.max(1, Math.floor((q * scale + 50) / 100))),
    0,
  );
});

/** What the header walk learns for the pass-through decision. */
interface JpegTraits {
  /** SOF marker (0xc0 baseline, 0xc1 extended, 0xc2 progressive, ...). */
  sof: number;
  /** Sample precision in bits. */
  precision: number;
  /** Number of colour components. */
  components: number;
  /** The sum of the first quantization table 0's entries, if any. */
  lumaSum?: number;
}

/**
 * Sums the entries of quantization table 0 in a DQT segment.
 *
 * @param payload The DQT segment's payload (one or more tables).
 * @returns The sum, or undefined when the segment has no table 0.
 */
function lumaTableSum(payload: Uint8Array): number | undefined {
  let at = 0;
  while (at < payload.length) {
    const wide = payload[at] >> 4 === 1;
    const id = payload[at] & 0x0f;
    const size = wide ? 128 : 64;
    if (at + 1 + size > payload.length) return undefined;
    if (id === 0) {
      let sum = 0;
      for (let i = 0; i < 64; i++) {
        sum += wide
          ? (payload[at + 1 + 2 * i] << 8) | payload[at + 2 + 2 * i]
          : payload[at + 1 + i];
      }
      return sum;
    }
    at += 1 + size;
  }
  return undefined;
}

/**
 * Reads the frame type and the luminance table from a JPEG's headers.
 *
 * @param bytes The JPEG file.
 * @returns The traits, or undefined when the headers cannot be read.
 */
function jpegTraits(bytes: Uint8Array): JpegTraits | undefined {
  let lumaSum: number | undefined;
  let frame: JpegTraits | undefined;
  try {
    for (const { marker, payload } of jpegSegments(bytes)) { // DQT may come after SOF
      if (marker === 0xdb) lumaSum ??= lumaTableSum(payload);
      else if (isSof(marker) && frame === undefined && payload.length >= 6) {
        frame = { sof: marker, precision: payload[0], components: payload[5] };
      }
    }
  } catch {
    return undefined;
  }
  return frame && { ...frame, lumaSum };
}

/**
 * Estimates the IJG quality (1..100) a JPEG was saved with, from its luminance quantization table
 * (the libjpeg quality whose table has the nearest sum; exact for libjpeg-made files, ties
 * resolved towards the higher quality).
 *
 * @param bytes The JPEG file.
 * @returns The estimated quality, or undefined when the file has no readable table 0.
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { estimateJpegQuality } from "./jpeg_quality.ts";
 * // A DQT with an all-ones table (quality 100), then a baseline frame header.
 * const dqt = [0xff, 0xdb, 0, 67, 0, ...new Array(64).fill(1)];
 * const sof = [0xff, 0xc0, 0, 11, 8, 0, 1, 0, 1, 1, 1, 0x11, 0, 0xff, 0xda, 0, 2]; // SOF0, SOS
 * equal(estimateJpegQuality(new Uint8Array([0xff, 0xd8, ...dqt, ...sof])), 100);
 * ```
 */
export function estimateJpegQuality(bytes: Uint8Array): number | undefined {
  const sum = jpegTraits(bytes)?.lumaSum;
  if (sum === undefined) return undefined;
  let best = 100;
  for (let quality = 100; quality >= 1; quality--) { // ties go to the higher quality
    if (Math.abs(IJG_LUMA_SUMS[quality] - sum) < Math.abs(IJG_LUMA_SUMS[best] - sum)) {
      best = quality;
    }
  }
  return best;
}

/**
 * Whether a JPEG source can be served in a compressed chunk without re-encoding: it needs no
 * rotation (orientation 1), is an 8-bit baseline, extended or progressive Huffman JPEG with 1 or
 * 3 components (what every browser decodes), and was saved at no more than `quality` (re-encoding
 * it at a higher quality would only make it bigger, at a lower one it must be re-encoded).
 *
 * @param bytes The JPEG file.
 * @param orientation Its EXIF orientation (`probeImage`).
 * @param quality The task's `image_quality`.
 * @returns True when the source bytes may be used as the compressed frame.
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { canPassThrough } from "./jpeg_quality.ts";
 * const dqt = [0xff, 0xdb, 0, 67, 0, ...new Array(64).fill(1)]; // quality 100
 * const sof = [0xff, 0xc0, 0, 11, 8, 0, 1, 0, 1, 1, 1, 0x11, 0, 0xff, 0xda, 0, 2]; // SOF0, SOS
 * const jpeg = new Uint8Array([0xff, 0xd8, ...dqt, ...sof]);
 * equal(canPassThrough(jpeg, 1, 100), true);
 * equal(canPassThrough(jpeg, 1, 70), false);
 * equal(canPassThrough(jpeg, 6, 100), false);
 * ```
 */
export function canPassThrough(bytes: Uint8Array, orientation: number, quality: number): boolean {
  if (orientation !== 1) return false;
  const traits = jpegTraits(bytes);
  if (traits === undefined || traits.lumaSum === undefined) return false;
  if (traits.sof > 0xc2 || traits.precision !== 8) return false;
  if (traits.components !== 1 && traits.components !== 3) return false;
  const estimated = estimateJpegQuality(bytes);
  return estimated !== undefined && estimated <= quality;
}
