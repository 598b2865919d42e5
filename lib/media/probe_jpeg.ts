/**
 * JPEG headers: the frame size from the first SOF marker and the orientation from an EXIF APP1
 * segment, walking marker segments without decoding any image data.
 *
 * @module
 */

import { readIfd0, TAG_ORIENTATION, validOrientation } from "./probe_tiff.ts";

/** `Exif\0\0`, the start of an EXIF APP1 segment's payload. */
const EXIF_ID = [0x45, 0x78, 0x69, 0x66, 0, 0];

/**
 * Whether a marker is a start-of-frame (SOF0..SOF15 except DHT C4, JPG C8 and DAC CC).
 *
 * @param marker The marker's second byte.
 * @returns True for SOF markers.
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { isSof } from "./probe_jpeg.ts";
 * ok(isSof(0xc0) && isSof(0xc2) && !isSof(0xc4));
 * ```
 */
export function isSof(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 &&
    marker !== 0xcc;
}

/**
 * Whether a marker stands alone (no length field): TEM, RST0..7, SOI.
 *
 * @param marker The marker's second byte.
 * @returns True for markers without a segment.
 */
function isStandalone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8);
}

/**
 * Reads the orientation from an APP1 payload when it is EXIF.
 *
 * @param payload The segment's bytes after the length field.
 * @returns 1..8, or undefined when the payload is not EXIF or is unreadable.
 */
function exifOrientation(payload: Uint8Array): number | undefined {
  if (payload.length < EXIF_ID.length || EXIF_ID.some((b, i) => payload[i] !== b)) return undefined;
  try {
    return validOrientation(readIfd0(payload.subarray(EXIF_ID.length)).get(TAG_ORIENTATION));
  } catch {
    return 1; // A broken EXIF block does not make the image unusable; browsers ignore it too.
  }
}

/** One marker segment of a JPEG header. */
export interface JpegSegment {
  /** The marker's second byte (`0xc0` for SOF0, `0xe1` for APP1, ...). */
  marker: number;
  /** The segment's bytes after the length field. */
  payload: Uint8Array;
}

/**
 * Walks a JPEG's marker segments up to (not including) the first SOS or EOI, where it ends.
 *
 * @param bytes The JPEG file (starting with SOI, `FF D8`).
 * @yields Each segment with a length field, in file order.
 * @throws {Error} When a marker is invalid, or the file ends before SOS (unless the caller stopped).
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { jpegSegments } from "./probe_jpeg.ts";
 * const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xfe, 0, 3, 0x41, 0xff, 0xc0, 0, 2]);
 * const markers = [];
 * for (const segment of jpegSegments(jpeg)) {
 *   markers.push(segment.marker);
 *   if (segment.marker === 0xc0) break;
 * }
 * deepEqual(markers, [0xfe, 0xc0]);
 * ```
 */
export function* jpegSegments(bytes: Uint8Array): Generator<JpegSegment> {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error("not a JPEG (no SOI marker)");
  let at = 2;
  while (at + 1 < bytes.length) {
    if (bytes[at] !== 0xff) throw new Error(`bad JPEG marker at byte ${at}`);
    const marker = bytes[at + 1];
    if (marker === 0xff) { // fill byte
      at++;
      continue;
    }
    at += 2;
    if (isStandalone(marker)) continue;
    if (marker === 0xd9 || marker === 0xda) return;
    if (at + 2 > bytes.length) break;
    const length = (bytes[at] << 8) | bytes[at + 1];
    if (length < 2) throw new Error(`bad JPEG segment length at byte ${at}`);
    if (at + length > bytes.length) break;
    yield { marker, payload: bytes.subarray(at + 2, at + length) };
    at += length;
  }
  throw new Error("truncated JPEG (the file ends in its headers)");
}

/**
 * Reads a JPEG's stored width, height and EXIF orientation from its headers.
 *
 * @param bytes The JPEG file (starting with SOI, `FF D8`).
 * @returns The stored (not yet oriented) size and the orientation (1 without EXIF).
 * @throws {Error} When the markers are invalid or the file ends before the frame header.
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { probeJpeg } from "./probe_jpeg.ts";
 * const jpeg = new Uint8Array([
 *   0xff, 0xd8, // SOI
 *   0xff, 0xc0, 0, 11, 8, 0, 5, 0, 7, 1, 1, 0x11, 0, // SOF0: 8 bits, height 5, width 7, 1 comp.
 * ]);
 * deepEqual(probeJpeg(jpeg), { width: 7, height: 5, orientation: 1 });
 * ```
 */
export function probeJpeg(
  bytes: Uint8Array,
): { width: number; height: number; orientation: number } {
  let orientation: number | undefined;
  for (const { marker, payload } of jpegSegments(bytes)) {
    if (isSof(marker)) {
      if (payload.length < 6) throw new Error("truncated JPEG frame header");
      const height = (payload[1] << 8) | payload[2];
      const width = (payload[3] << 8) | payload[4];
      if (height === 0) throw new Error("JPEG with the height in a DNL marker is not supported");
      return { width, height, orientation: orientation ?? 1 };
    }
    if (marker === 0xe1 && orientation === undefined) orientation = exifOrientation(payload);
  }
  throw new Error("JPEG without a frame header");
}
