/**
 * Compressed frames and previews: decodes an image (guarded), applies its EXIF orientation and
 * encodes a JPEG. JPEG sources that need no change pass through as they are.
 *
 * @module
 */

import { ArgumentError, DataError } from "../core/errors.ts";
import { type Image, type Imagescript, loadImagescript, loadMozjpeg } from "./deps.ts";
import { decodeBmp } from "./bmp_decode.ts";
import { canPassThrough } from "./jpeg_quality.ts";
import { orient, type Rgba, shrinkToFit } from "./pixels.ts";
import type { ImageInfo } from "./probe.ts";

/** Images with more pixels than this are refused before decoding (4 bytes a pixel in memory). */
export const MAX_DECODE_PIXELS = 100_000_000;

/** The side of the box previews fit in. */
export const PREVIEW_SIZE = 256;

/** The JPEG quality of previews. */
export const PREVIEW_QUALITY = 80;

/** The formats decoded: imagescript's, and BMP (by `bmp_decode.ts`). */
const DECODABLE = new Set<ImageInfo["mime"]>([
  "image/jpeg",
  "image/png",
  "image/gif",
  "image/tiff",
  "image/bmp",
]);

/**
 * Loads imagescript, reporting a server configuration problem (not bad data) when it cannot load.
 *
 * @returns The module.
 */
async function codec(): Promise<Imagescript> {
  try {
    return await loadImagescript();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`The image codec could not be loaded (Deno needs --allow-ffi): ${reason}`, {
      cause: error,
    });
  }
}

/**
 * Decodes a JPEG with mozjpeg (WebAssembly, ~4× faster than imagescript), falling back to
 * imagescript when mozjpeg cannot load or fails on the file (imagescript's error is the one
 * reported). EXIF orientation is not applied here.
 *
 * @param bytes The JPEG.
 * @param lib imagescript.
 * @returns The pixels as stored.
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { Image } from "imagescript";
 * import { loadImagescript } from "./deps.ts";
 * import { decodeJpeg } from "./frames.ts";
 * const jpeg = await new Image(7, 5).fill(0x336699ff).encodeJPEG(90);
 * const pixels = await decodeJpeg(jpeg, await loadImagescript());
 * equal(pixels.bitmap.length, 7 * 5 * 4);
 * ```
 */
export async function decodeJpeg(bytes: Uint8Array, lib: Imagescript): Promise<Rgba> {
  try {
    const decode = await loadMozjpeg();
    const copy = bytes.slice().buffer; // mozjpeg takes an ArrayBuffer of exactly the file
    const { width, height, data } = await decode(copy);
    if (!(data instanceof Uint8ClampedArray) || data.length !== width * height * 4) {
      throw new TypeError("mozjpeg returned pixels in an unexpected layout");
    }
    return { width, height, bitmap: data };
  } catch {
    return await lib.Image.decode(bytes);
  }
}

/**
 * Decodes an image (JPEG with mozjpeg, see `decodeJpeg`, else imagescript), turning any failure into a DataError, and applies the EXIF
 * orientation.
 *
 * @param bytes The source image.
 * @param info Its `probeImage` result.
 * @param lib imagescript.
 * @returns The pixels as they should be displayed.
 */
async function decodeOriented(bytes: Uint8Array, info: ImageInfo, lib: Imagescript): Promise<Rgba> {
  if (!DECODABLE.has(info.mime)) {
    throw new DataError(`Cannot decode ${info.mime} images: the format is not supported`);
  }
  if (info.width * info.height > MAX_DECODE_PIXELS) {
    throw new DataError(
      `Cannot decode a ${info.width}×${info.height} image: more than ${MAX_DECODE_PIXELS} pixels`,
    );
  }
  let decoded: Rgba | undefined;
  try {
    if (info.mime === "image/bmp") decoded = decodeBmp(bytes);
    else if (info.mime === "image/gif") decoded = (await lib.GIF.decode(bytes, true))[0];
    else if (info.mime === "image/jpeg") decoded = await decodeJpeg(bytes, lib);
    else decoded = await lib.Image.decode(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DataError(`Cannot decode the ${info.mime} image: ${reason}`, { cause: error });
  }
  const swap = info.orientation >= 5;
  const [width, height] = swap ? [info.height, info.width] : [info.width, info.height];
  if (decoded === undefined || decoded.width !== width || decoded.height !== height) {
    throw new DataError(`Cannot decode the ${info.mime} image: its size differs from its header`);
  }
  return orient(decoded, info.orientation);
}

/**
 * Encodes pixels as a JPEG.
 *
 * @param pixels The pixels (an imagescript image or plain RGBA).
 * @param quality 1..100.
 * @param lib imagescript.
 * @returns The JPEG bytes.
 */
async function encodeJpeg(pixels: Rgba, quality: number, lib: Imagescript): Promise<Uint8Array> {
  let image: Image;
  if (pixels instanceof lib.Image) image = pixels;
  else {
    image = new lib.Image(pixels.width, pixels.height);
    image.bitmap.set(pixels.bitmap);
  }
  try {
    return await image.encodeJPEG(quality as Parameters<Image["encodeJPEG"]>[0]);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DataError(`Cannot encode the image as JPEG: ${reason}`, { cause: error });
  }
}

/**
 * Checks a JPEG quality: an integer 1..100.
 *
 * @param quality The value.
 * @returns The value.
 */
function checkedQuality(quality: number): number {
  if (!Number.isInteger(quality) || quality < 1 || quality > 100) {
    throw new ArgumentError(`JPEG quality must be an integer from 1 to 100, got ${quality}`);
  }
  return quality;
}

/**
 * Makes the JPEG a compressed chunk holds for one frame: the source decoded, turned upright by its
 * EXIF orientation and encoded at `quality`. A JPEG source that is already upright, browser-decodable
 * and saved at no more than `quality` is returned as it is (re-encoding would only lose detail or
 * add bytes, and takes ~300 ms for 1080p).
 *
 * @param bytes The source image.
 * @param info The source's `probeImage` result.
 * @param quality JPEG quality, 1..100 (the task's `image_quality`).
 * @returns JPEG bytes with the orientation applied.
 * @throws {DataError} When the format cannot be decoded or the decoder fails on the file.
 * @throws {ArgumentError} When `quality` is not an integer from 1 to 100.
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { Image } from "imagescript";
 * import { compressedFrame } from "./frames.ts";
 * import { probeImage } from "./probe.ts";
 * const png = await new Image(7, 5).fill(0x336699ff).encode();
 * const jpeg = await compressedFrame(png, probeImage(png, "a.png"), 70);
 * deepEqual(probeImage(jpeg, "frame"), { width: 7, height: 5, mime: "image/jpeg", orientation: 1 });
 * ```
 */
export async function compressedFrame(
  bytes: Uint8Array,
  info: ImageInfo,
  quality: number,
): Promise<Uint8Array> {
  checkedQuality(quality);
  if (info.mime === "image/jpeg" && canPassThrough(bytes, info.orientation, quality)) return bytes;
  const lib = await codec();
  return encodeJpeg(await decodeOriented(bytes, info, lib), quality, lib);
}

/**
 * Makes a JPEG preview: the image upright and shrunk (never enlarged) to fit 256×256.
 *
 * @param bytes The source image.
 * @param info The source's `probeImage` result.
 * @returns JPEG bytes.
 * @throws {DataError} When the format cannot be decoded or the decoder fails on the file.
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { Image } from "imagescript";
 * import { previewImage } from "./frames.ts";
 * import { probeImage } from "./probe.ts";
 * const png = await new Image(1024, 512).fill(0x336699ff).encode();
 * const preview = await previewImage(png, probeImage(png, "a.png"));
 * deepEqual(probeImage(preview, "preview"), {
 *   width: 256,
 *   height: 128,
 *   mime: "image/jpeg",
 *   orientation: 1,
 * });
 * ```
 */
export async function previewImage(bytes: Uint8Array, info: ImageInfo): Promise<Uint8Array> {
  const lib = await codec();
  const pixels = await decodeOriented(bytes, info, lib);
  return encodeJpeg(shrinkToFit(pixels, PREVIEW_SIZE, PREVIEW_SIZE), PREVIEW_QUALITY, lib);
}
