/**
 * A small PNG decoder for segmentation masks: every colour type and bit depth, Adam7
 * interlacing, chunk CRCs checked, decompression through `DecompressionStream("deflate")`
 * capped at the size the header implies (a PNG bomb stops early). Colour and palette images
 * come out as packed `0xRRGGBB` values (16-bit samples keep their high byte, alpha is
 * dropped); greyscale images as their raw sample values (the class or instance index).
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import { chunkCrc, PNG_SIGNATURE } from "./png_chunks.ts";
import {
  ADAM7_PASSES,
  passSize,
  PLAIN_PASS,
  type PngPass,
  sampleAt,
  unfilterRow,
} from "./png_unfilter.ts";

/** A decoded image. */
export interface DecodedPng {
  width: number;
  height: number;
  /** True for greyscale images: `values` are sample values, else packed RGB colours. */
  gray: boolean;
  /** Row-major pixel values. */
  values: Uint32Array;
}

/**
 * At most this many pixels per image (a 16k × 16k mask).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { MAX_PNG_PIXELS } from "./png_decode.ts";
 * equal(MAX_PNG_PIXELS, 2 ** 28);
 * ```
 */
export const MAX_PNG_PIXELS = 16384 * 16384;

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const DEPTHS: Record<number, number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

interface Header {
  width: number;
  height: number;
  depth: number;
  type: number;
  interlace: number;
}

function readChunks(bytes: Uint8Array, what: string) {
  const fail = (why: string) => new DataError(`${what}: not a valid PNG image (${why})`);
  if (bytes.length < 8 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) throw fail("signature");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let header: Header | null = null;
  let palette: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  for (let at = 8; at < bytes.length;) {
    if (at + 12 > bytes.length) throw fail("truncated chunk");
    const length = view.getUint32(at);
    if (at + 12 + length > bytes.length) throw fail("truncated chunk");
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (chunkCrc(bytes.subarray(at + 4, at + 8 + length)) !== view.getUint32(at + 8 + length)) {
      throw fail(`bad CRC in ${type}`);
    }
    at += 12 + length;
    if (type === "IHDR" && length === 13) {
      const h = new DataView(data.buffer, data.byteOffset, 13);
      header = {
        width: h.getUint32(0),
        height: h.getUint32(4),
        depth: data[8],
        type: data[9],
        interlace: data[12],
      };
    } else if (type === "PLTE") palette = data;
    else if (type === "IDAT") idat.push(data);
    else if (type === "IEND") break;
  }
  if (!header) throw fail("no IHDR");
  if (!DEPTHS[header.type]?.includes(header.depth) || header.interlace > 1) {
    throw fail(`unsupported colour type ${header.type} / bit depth ${header.depth}`);
  }
  if (header.width * header.height > MAX_PNG_PIXELS) throw fail("image too large");
  if (header.type === 3 && !palette) throw fail("no palette");
  return { header, palette, idat, fail };
}

async function inflate(idat: Uint8Array[], size: number, fail: (why: string) => Error) {
  const out = new Uint8Array(size);
  let filled = 0;
  const stream = new Blob(idat as Uint8Array<ArrayBuffer>[]).stream()
    .pipeThrough(new DecompressionStream("deflate"));
  try {
    for await (const chunk of stream) {
      if (filled + chunk.length > size) throw fail("too much image data");
      out.set(chunk, filled);
      filled += chunk.length;
    }
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw fail(`corrupt image data: ${(error as Error).message}`);
  }
  if (filled !== size) throw fail("image data too short");
  return out;
}

function passBytes(header: Header, pass: PngPass): { w: number; h: number; row: number } {
  const [w, h] = passSize(pass, header.width, header.height);
  const row = Math.ceil((w * CHANNELS[header.type] * header.depth) / 8);
  return { w, h, row };
}

function pixelValue(header: Header, row: Uint8Array, x: number, palette: Uint8Array | null) {
  const channels = CHANNELS[header.type];
  const sample = (c: number) => sampleAt(row, x * channels + c, header.depth);
  const byte = (c: number) => header.depth === 16 ? sample(c) >> 8 : sample(c);
  if (header.type === 0 || header.type === 4) return sample(0);
  if (header.type === 3) {
    const i = sample(0);
    if (!palette || i * 3 + 2 >= palette.length) return -1;
    return (palette[i * 3] << 16) | (palette[i * 3 + 1] << 8) | palette[i * 3 + 2];
  }
  return (byte(0) << 16) | (byte(1) << 8) | byte(2);
}

/**
 * Decodes a PNG (`what` names it in errors).
 *
 * @throws {DataError} For anything that is not a readable PNG.
 * @example
 * ```ts
 * import { equal, rejects } from "node:assert/strict";
 * import { decodePng } from "./png_decode.ts";
 * import { encodeIndexPng } from "./png_encode.ts";
 * const image = await decodePng(await encodeIndexPng([0, 1], 2, 1, (i) => [0, i, 0]), "x.png");
 * equal(image.width, 2);
 * equal(image.values[1], 0x000100);
 * await rejects(decodePng(new Uint8Array(3), "x.png"), { name: "DataError" });
 * ```
 */
export async function decodePng(bytes: Uint8Array, what: string): Promise<DecodedPng> {
  const { header, palette, idat, fail } = readChunks(bytes, what);
  const passes = header.interlace ? ADAM7_PASSES : PLAIN_PASS;
  const layout = passes.map((pass) => passBytes(header, pass));
  const size = layout.reduce((sum, p) => sum + (p.w && p.h ? p.h * (p.row + 1) : 0), 0);
  const raw = await inflate(idat, size, fail);
  const values = new Uint32Array(header.width * header.height);
  const bpp = Math.max(1, (CHANNELS[header.type] * header.depth) >> 3);
  let at = 0;
  passes.forEach((pass, p) => {
    const { w, h, row: rowBytes } = layout[p];
    if (!w || !h) return;
    let previous = new Uint8Array(rowBytes);
    for (let y = 0; y < h; y++) {
      const row = raw.subarray(at + 1, at + 1 + rowBytes);
      if (!unfilterRow(raw[at], row, previous, bpp)) throw fail(`unknown filter ${raw[at]}`);
      at += rowBytes + 1;
      const base = (pass.y0 + y * pass.dy) * header.width + pass.x0;
      for (let x = 0; x < w; x++) {
        const value = pixelValue(header, row, x, palette);
        if (value < 0) throw fail("palette index out of range");
        values[base + x * pass.dx] = value;
      }
      previous = row;
    }
  });
  return {
    width: header.width,
    height: header.height,
    gray: header.type === 0 || header.type === 4,
    values,
  };
}
