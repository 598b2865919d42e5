/**
 * TIFF structures: the first image file directory (IFD0), used for TIFF files and for the EXIF block
 * inside JPEG APP1 segments (which is a small TIFF file).
 *
 * @module
 */

/** A TIFF tag's number: image width. */
export const TAG_WIDTH = 0x0100;
/** A TIFF tag's number: image height ("ImageLength"). */
export const TAG_HEIGHT = 0x0101;
/** A TIFF tag's number: orientation (1..8, the EXIF meaning). */
export const TAG_ORIENTATION = 0x0112;

/** Bytes in an IFD entry. */
const ENTRY_SIZE = 12;
/** More entries than this in one IFD means the file is not a TIFF worth reading. */
const MAX_ENTRIES = 4096;

/**
 * Reads the numeric (SHORT or LONG, single-valued) entries of a TIFF block's first IFD.
 *
 * @param bytes The block: a TIFF file, or the bytes after `Exif\0\0` in a JPEG APP1 segment.
 * @returns Tag number → value; entries of other types or with several values are left out.
 * @throws {Error} When the header is not TIFF's or the directory runs past the block.
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { readIfd0 } from "./probe_tiff.ts";
 * const tiff = new Uint8Array([
 *   0x49, 0x49, 42, 0, 8, 0, 0, 0, // "II", 42, IFD0 at 8
 *   1, 0, // one entry
 *   0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, // orientation (SHORT) = 6
 *   0, 0, 0, 0, // no next IFD
 * ]);
 * equal(readIfd0(tiff).get(0x0112), 6);
 * ```
 */
export function readIfd0(bytes: Uint8Array): Map<number, number> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 8) throw new Error("truncated TIFF header");
  const order = view.getUint16(0);
  if (order !== 0x4949 && order !== 0x4d4d) throw new Error("bad TIFF byte order mark");
  const little = order === 0x4949;
  if (view.getUint16(2, little) !== 42) throw new Error("bad TIFF header (not classic TIFF)");
  const offset = view.getUint32(4, little);
  if (offset < 8 || offset + 2 > bytes.length) throw new Error("TIFF directory out of range");
  const count = view.getUint16(offset, little);
  if (count === 0 || count > MAX_ENTRIES) throw new Error("bad TIFF directory entry count");
  if (offset + 2 + count * ENTRY_SIZE > bytes.length) throw new Error("truncated TIFF directory");
  const tags = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const at = offset + 2 + i * ENTRY_SIZE;
    const tag = view.getUint16(at, little);
    const type = view.getUint16(at + 2, little);
    if (view.getUint32(at + 4, little) !== 1) continue;
    if (type === 3) tags.set(tag, view.getUint16(at + 8, little));
    else if (type === 4) tags.set(tag, view.getUint32(at + 8, little));
  }
  return tags;
}

/**
 * Reads a TIFF file's stored width, height and orientation from IFD0.
 *
 * @param bytes The TIFF file.
 * @returns The stored (not yet oriented) size and the orientation (1 when absent or invalid).
 * @throws {Error} When the header is invalid or the size tags are missing.
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { probeTiff } from "./probe_tiff.ts";
 * const tiff = new Uint8Array([
 *   0x4d, 0x4d, 0, 42, 0, 0, 0, 8, // "MM", 42, IFD0 at 8
 *   0, 2, // two entries
 *   0x01, 0x00, 0, 3, 0, 0, 0, 1, 0, 7, 0, 0, // width (SHORT) = 7
 *   0x01, 0x01, 0, 4, 0, 0, 0, 1, 0, 0, 0, 5, // height (LONG) = 5
 *   0, 0, 0, 0,
 * ]);
 * deepEqual(probeTiff(tiff), { width: 7, height: 5, orientation: 1 });
 * ```
 */
export function probeTiff(
  bytes: Uint8Array,
): { width: number; height: number; orientation: number } {
  const tags = readIfd0(bytes);
  const width = tags.get(TAG_WIDTH);
  const height = tags.get(TAG_HEIGHT);
  if (width === undefined || height === undefined) throw new Error("TIFF without image size");
  return { width, height, orientation: validOrientation(tags.get(TAG_ORIENTATION)) };
}

/**
 * An orientation value if it is one of EXIF's 1..8, else 1 (cameras write garbage sometimes).
 *
 * @param value The tag's value, if any.
 * @returns 1..8.
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { validOrientation } from "./probe_tiff.ts";
 * equal(validOrientation(6), 6);
 * equal(validOrientation(0), 1);
 * equal(validOrientation(undefined), 1);
 * ```
 */
export function validOrientation(value: number | undefined): number {
  return value !== undefined && Number.isInteger(value) && value >= 1 && value <= 8 ? value : 1;
}
