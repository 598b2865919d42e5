/**
 * Header parsers for PNG (IHDR), GIF (logical screen), BMP (DIB header) and WebP (VP8, VP8L and
 * VP8X chunks). Each returns the stored size; none of these formats carries an orientation that
 * browsers apply, so the orientation is always 1.
 *
 * @module
 */

/** A stored image size. */
export interface StoredSize {
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
}

/**
 * A DataView over the bytes, checking that at least `need` bytes exist.
 *
 * @param bytes The file.
 * @param need The minimum length.
 * @param format The format's name for the message.
 * @returns The view.
 */
function viewOf(bytes: Uint8Array, need: number, format: string): DataView {
  if (bytes.length < need) throw new Error(`truncated ${format} header`);
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Whether the bytes at `at` spell `text` (ASCII).
 *
 * @param bytes The file.
 * @param at The offset.
 * @param text The expected characters.
 * @returns True when they match.
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { startsWithAscii } from "./probe_other.ts";
 * ok(startsWithAscii(new TextEncoder().encode("GIF89a"), 0, "GIF8"));
 * ```
 */
export function startsWithAscii(bytes: Uint8Array, at: number, text: string): boolean {
  if (at + text.length > bytes.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

/**
 * Reads a PNG's size from its IHDR chunk, which must come first.
 *
 * @param bytes The PNG file (signature included).
 * @returns The size.
 * @throws {Error} When IHDR is missing or truncated.
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { probePng } from "./probe_other.ts";
 * const png = new Uint8Array(24);
 * png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
 * png.set([0, 0, 0, 7, 0, 0, 0, 5], 16);
 * deepEqual(probePng(png), { width: 7, height: 5 });
 * ```
 */
export function probePng(bytes: Uint8Array): StoredSize {
  const view = viewOf(bytes, 24, "PNG");
  if (!startsWithAscii(bytes, 12, "IHDR")) throw new Error("PNG without an IHDR chunk first");
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/**
 * Reads a GIF's logical screen size.
 *
 * @param bytes The GIF file (`GIF87a` or `GIF89a`).
 * @returns The size.
 * @throws {Error} When the header is truncated.
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { probeGif } from "./probe_other.ts";
 * const gif = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 7, 0, 5, 0, 0, 0, 0]);
 * deepEqual(probeGif(gif), { width: 7, height: 5 });
 * ```
 */
export function probeGif(bytes: Uint8Array): StoredSize {
  const view = viewOf(bytes, 10, "GIF");
  return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
}

/**
 * Reads a BMP's size from its DIB header (OS/2 `BITMAPCOREHEADER` or Windows `BITMAPINFOHEADER`
 * and later; a negative height means top-down rows).
 *
 * @param bytes The BMP file (`BM`).
 * @returns The size.
 * @throws {Error} When the header is truncated or of an unknown size.
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { probeBmp } from "./probe_other.ts";
 * const bmp = new Uint8Array(26);
 * bmp.set([0x42, 0x4d]);
 * bmp.set([40, 0, 0, 0, 7, 0, 0, 0, 0xfb, 0xff, 0xff, 0xff], 14); // 40-byte header, 7 × -5
 * deepEqual(probeBmp(bmp), { width: 7, height: 5 });
 * ```
 */
export function probeBmp(bytes: Uint8Array): StoredSize {
  const view = viewOf(bytes, 26, "BMP");
  const header = view.getUint32(14, true);
  if (header === 12) return { width: view.getUint16(18, true), height: view.getUint16(20, true) };
  if (header < 16 || header > 256) throw new Error(`unknown BMP header size ${header}`);
  return { width: Math.abs(view.getInt32(18, true)), height: Math.abs(view.getInt32(22, true)) };
}

/**
 * Reads a WebP's size from its first chunk: lossy `VP8 `, lossless `VP8L` or extended `VP8X`.
 *
 * @param bytes The WebP file (`RIFF....WEBP`).
 * @returns The size (the canvas size for `VP8X`).
 * @throws {Error} When the chunk is unknown, truncated or lacks its signature.
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { probeWebp } from "./probe_other.ts";
 * const webp = new Uint8Array(30);
 * webp.set(new TextEncoder().encode("RIFF\0\0\0\0WEBPVP8X"));
 * webp.set([6, 0, 0, 4, 0, 0], 24); // canvas 7 × 5, stored minus one
 * deepEqual(probeWebp(webp), { width: 7, height: 5 });
 * ```
 */
export function probeWebp(bytes: Uint8Array): StoredSize {
  const view = viewOf(bytes, 30, "WebP");
  if (startsWithAscii(bytes, 12, "VP8X")) {
    const width = 1 + (bytes[24] | (bytes[25] << 8) | (bytes[26] << 16));
    const height = 1 + (bytes[27] | (bytes[28] << 8) | (bytes[29] << 16));
    return { width, height };
  }
  if (startsWithAscii(bytes, 12, "VP8L")) {
    if (bytes[20] !== 0x2f) throw new Error("bad WebP lossless signature");
    const bits = view.getUint32(21, true);
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >>> 14) & 0x3fff) };
  }
  if (startsWithAscii(bytes, 12, "VP8 ")) {
    if (bytes[23] !== 0x9d || bytes[24] !== 0x01 || bytes[25] !== 0x2a) {
      throw new Error("bad WebP lossy frame start code");
    }
    return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
  }
  throw new Error("unknown WebP chunk");
}
