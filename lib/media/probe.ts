/**
 * Reads an image's format, size and EXIF orientation from its headers, without decoding it.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import { probeJpeg } from "./probe_jpeg.ts";
import { probeBmp, probeGif, probePng, probeWebp, startsWithAscii } from "./probe_other.ts";
import { probeTiff } from "./probe_tiff.ts";

/** What `probeImage` learns from an image's headers. */
export interface ImageInfo {
  /** Width in pixels, after the EXIF orientation is applied (orientations 5–8 swap the sides). */
  width: number;
  /** Height in pixels, after the EXIF orientation is applied. */
  height: number;
  /** The format. */
  mime: "image/jpeg" | "image/png" | "image/gif" | "image/bmp" | "image/webp" | "image/tiff";
  /** The EXIF orientation, 1..8; 1 when the image has none. */
  orientation: number;
}

/** The largest side accepted (JPEG's own limit; larger sizes in other headers are bogus). */
export const MAX_IMAGE_SIDE = 65535;

/** The eight-byte PNG signature. */
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A stored size and orientation, before the orientation is applied. */
type Probed = { width: number; height: number; orientation: number };

/**
 * Recognizes the format from the first bytes and runs its header parser.
 *
 * @param bytes The file.
 * @returns The format and what its parser read, or undefined for an unknown format.
 */
function sniff(bytes: Uint8Array): [ImageInfo["mime"], Probed] | undefined {
  const flat = (size: { width: number; height: number }): Probed => ({ ...size, orientation: 1 });
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return ["image/jpeg", probeJpeg(bytes)];
  }
  if (bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) {
    return ["image/png", flat(probePng(bytes))];
  }
  if (startsWithAscii(bytes, 0, "GIF87a") || startsWithAscii(bytes, 0, "GIF89a")) {
    return ["image/gif", flat(probeGif(bytes))];
  }
  if (startsWithAscii(bytes, 0, "BM")) return ["image/bmp", flat(probeBmp(bytes))];
  if (startsWithAscii(bytes, 0, "RIFF") && startsWithAscii(bytes, 8, "WEBP")) {
    return ["image/webp", flat(probeWebp(bytes))];
  }
  if (startsWithAscii(bytes, 0, "II*\0") || startsWithAscii(bytes, 0, "MM\0*")) {
    return ["image/tiff", probeTiff(bytes)];
  }
  return undefined;
}

/**
 * Reads an image's format, size and EXIF orientation from its headers, without decoding it.
 * JPEG (SOF and APP1 EXIF), PNG, GIF, BMP, WebP and TIFF are recognized; width and height are given
 * after the orientation is applied (5–8 swap them).
 *
 * @param bytes The file's bytes.
 * @param name The file's name, used in error messages.
 * @returns The image's size (after orientation), type and EXIF orientation.
 * @throws {DataError} When the format is unknown or the headers are truncated or invalid; the
 * message names the file.
 * @example
 * ```ts
 * import { deepEqual, throws } from "node:assert/strict";
 * import { probeImage } from "./probe.ts";
 * const gif = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 7, 0, 5, 0, 0, 0, 0]);
 * deepEqual(probeImage(gif, "a.gif"), { width: 7, height: 5, mime: "image/gif", orientation: 1 });
 * throws(() => probeImage(new TextEncoder().encode("hello"), "a.txt"), {
 *   name: "DataError",
 *   message: 'Cannot use "a.txt" as an image: unknown format',
 * });
 * ```
 */
export function probeImage(bytes: Uint8Array, name: string): ImageInfo {
  let found: [ImageInfo["mime"], Probed] | undefined;
  try {
    found = sniff(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DataError(`Cannot use "${name}" as an image: ${reason}`, { cause: error });
  }
  if (found === undefined) throw new DataError(`Cannot use "${name}" as an image: unknown format`);
  const [mime, { width, height, orientation }] = found;
  if (!(width >= 1 && height >= 1 && width <= MAX_IMAGE_SIDE && height <= MAX_IMAGE_SIDE)) {
    throw new DataError(`Cannot use "${name}" as an image: invalid size ${width}×${height}`);
  }
  const swap = orientation >= 5;
  return { width: swap ? height : width, height: swap ? width : height, mime, orientation };
}
