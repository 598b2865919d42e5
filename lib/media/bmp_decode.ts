/**
 * A small BMP decoder (imagescript has none): uncompressed 1/4/8-bit palette images and 16/24/32-bit
 * images, bottom-up or top-down, with BI_BITFIELDS masks. RLE-compressed BMPs are refused. Alpha is
 * dropped (the result is opaque), as a JPEG frame would drop it anyway.
 *
 * @module
 */

import { blankRgba, type Rgba } from "./pixels.ts";

/** The fields of a BMP header the decoder needs. */
interface BmpHeader {
  width: number;
  height: number;
  topDown: boolean;
  bpp: number;
  dataOffset: number;
  palette: Uint8Array[];
  masks: [number, number, number];
}

/** Default masks: 5-5-5 for 16-bit, 8-8-8 for 32-bit. */
const DEFAULT_MASKS: Record<number, [number, number, number]> = {
  16: [0x7c00, 0x03e0, 0x001f],
  32: [0x00ff0000, 0x0000ff00, 0x000000ff],
};

/**
 * Reads the header, palette and masks.
 *
 * @param view The file.
 * @returns The header.
 */
function readHeader(view: DataView): BmpHeader {
  const dataOffset = view.getUint32(10, true);
  const dib = view.getUint32(14, true);
  const core = dib === 12;
  const width = core ? view.getUint16(18, true) : view.getInt32(18, true);
  const rawHeight = core ? view.getInt16(20, true) : view.getInt32(22, true);
  const bpp = view.getUint16(core ? 24 : 28, true);
  const compression = core ? 0 : view.getUint32(30, true);
  if (![1, 4, 8, 16, 24, 32].includes(bpp)) throw new Error(`unsupported BMP bit depth ${bpp}`);
  if (compression !== 0 && !(compression === 3 && (bpp === 16 || bpp === 32))) {
    throw new Error(`unsupported BMP compression ${compression}`);
  }
  let masks = DEFAULT_MASKS[bpp] ?? DEFAULT_MASKS[32];
  if (compression === 3) {
    const at = dib >= 52 ? 54 : 14 + dib; // in the header (v2+) or right after it
    masks = [view.getUint32(at, true), view.getUint32(at + 4, true), view.getUint32(at + 8, true)];
  }
  const palette: Uint8Array[] = [];
  if (bpp <= 8) {
    const entry = core ? 3 : 4;
    const used = core ? 0 : view.getUint32(46, true);
    const count = used > 0 && used <= 1 << bpp ? used : 1 << bpp;
    for (let i = 0; i < count; i++) {
      const at = 14 + dib + i * entry;
      if (at + 3 > view.byteLength) throw new Error("truncated BMP palette");
      palette.push(
        new Uint8Array([view.getUint8(at + 2), view.getUint8(at + 1), view.getUint8(at)]),
      );
    }
  }
  return {
    width,
    height: Math.abs(rawHeight),
    topDown: rawHeight < 0,
    bpp,
    dataOffset,
    palette,
    masks,
  };
}

/**
 * Scales the bits of one channel mask to 0..255.
 *
 * @param value The pixel's value.
 * @param mask The channel's mask.
 * @returns 0..255.
 */
function channel(value: number, mask: number): number {
  if (mask === 0) return 0;
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  const max = mask >>> shift;
  return Math.round((((value & mask) >>> shift) * 255) / max);
}

/**
 * Decodes a BMP file into RGBA pixels.
 *
 * @param bytes The BMP file.
 * @returns The pixels (opaque), rows top to bottom.
 * @throws {Error} When the variant is unsupported or the file is truncated.
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { decodeBmp } from "./bmp_decode.ts";
 * const bmp = new Uint8Array(58);
 * const view = new DataView(bmp.buffer);
 * bmp.set([0x42, 0x4d]);
 * view.setUint32(10, 54, true); // pixels at 54
 * view.setUint32(14, 40, true); // BITMAPINFOHEADER
 * view.setInt32(18, 1, true); // 1 × 1
 * view.setInt32(22, 1, true);
 * view.setUint16(28, 24, true); // 24-bit
 * bmp.set([0xff, 0x00, 0x80], 54); // blue, green, red
 * deepEqual([...decodeBmp(bmp).bitmap], [0x80, 0x00, 0xff, 255]);
 * ```
 */
export function decodeBmp(bytes: Uint8Array): Rgba {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { width, height, topDown, bpp, dataOffset, palette, masks } = readHeader(view);
  const rowSize = Math.ceil((bpp * width) / 32) * 4;
  if (dataOffset + rowSize * height > bytes.length) throw new Error("truncated BMP pixel data");
  const out = blankRgba(width, height);
  const px = out.bitmap;
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (topDown ? y : height - 1 - y) * rowSize;
    for (let x = 0, o = y * width * 4; x < width; x++, o += 4) {
      let rgb: ArrayLike<number>;
      if (bpp <= 8) {
        const bit = x * bpp;
        const index = (bytes[row + (bit >> 3)] >> (8 - bpp - (bit & 7))) & ((1 << bpp) - 1);
        rgb = palette[index] ?? [0, 0, 0];
      } else if (bpp === 24) {
        const at = row + x * 3;
        rgb = [bytes[at + 2], bytes[at + 1], bytes[at]];
      } else {
        const value = bpp === 16
          ? view.getUint16(row + x * 2, true)
          : view.getUint32(row + x * 4, true);
        rgb = [channel(value, masks[0]), channel(value, masks[1]), channel(value, masks[2])];
      }
      px[o] = rgb[0];
      px[o + 1] = rgb[1];
      px[o + 2] = rgb[2];
      px[o + 3] = 255;
    }
  }
  return out;
}
