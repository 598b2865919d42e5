/**
 * Real and hand-built image bytes for the media tests.
 *
 * @module
 */

import { Frame, GIF, Image } from "imagescript";

/** Opaque red, green and blue as imagescript colours (RGBA). */
export const RED = 0xff0000ff;
/** Opaque blue. */
export const BLUE = 0x0000ffff;

/**
 * An image whose left half is red and right half blue.
 *
 * @param width Width.
 * @param height Height.
 * @returns The image.
 */
export function halves(width: number, height: number): Image {
  const image = new Image(width, height);
  image.fill((x) => (x <= Math.ceil(width / 2) ? RED : BLUE));
  return image;
}

/**
 * A real JPEG made by imagescript.
 *
 * @param width Width.
 * @param height Height.
 * @param quality JPEG quality.
 * @returns The file's bytes.
 */
export function jpeg(width: number, height: number, quality = 90): Promise<Uint8Array> {
  return halves(width, height).encodeJPEG(quality as 90);
}

/**
 * A real PNG made by imagescript.
 *
 * @param width Width.
 * @param height Height.
 * @returns The file's bytes.
 */
export function png(width: number, height: number): Promise<Uint8Array> {
  return halves(width, height).encode();
}

/**
 * A real one-frame GIF made by imagescript.
 *
 * @param width Width.
 * @param height Height.
 * @returns The file's bytes.
 */
export function gif(width: number, height: number): Promise<Uint8Array> {
  const frame = Frame.from(halves(width, height));
  return new GIF([frame]).encode();
}

/**
 * Splices an EXIF APP1 segment holding only an orientation tag right after a JPEG's SOI.
 *
 * @param source The JPEG.
 * @param orientation The EXIF orientation.
 * @param bigEndian Whether to write the TIFF block in Motorola ("MM") order.
 * @returns The new JPEG.
 */
export function withOrientation(
  source: Uint8Array,
  orientation: number,
  bigEndian = false,
): Uint8Array {
  const tiff = new Uint8Array(26);
  const view = new DataView(tiff.buffer);
  const little = !bigEndian;
  view.setUint16(0, bigEndian ? 0x4d4d : 0x4949);
  view.setUint16(2, 42, little);
  view.setUint32(4, 8, little);
  view.setUint16(8, 1, little); // one entry
  view.setUint16(10, 0x0112, little); // orientation
  view.setUint16(12, 3, little); // SHORT
  view.setUint32(14, 1, little); // one value
  view.setUint16(18, orientation, little);
  view.setUint32(22, 0, little); // no next IFD
  const payload = [...new TextEncoder().encode("Exif\0\0"), ...tiff];
  const length = payload.length + 2;
  const app1 = [0xff, 0xe1, length >> 8, length & 0xff, ...payload];
  return new Uint8Array([...source.subarray(0, 2), ...app1, ...source.subarray(2)]);
}

/**
 * A hand-built classic TIFF with width, height (LONG) and optionally an orientation, no pixels.
 *
 * @param width Width.
 * @param height Height.
 * @param orientation The orientation tag's value, if any.
 * @param bigEndian Whether to use Motorola order.
 * @returns The header bytes.
 */
export function tiffHeader(
  width: number,
  height: number,
  orientation?: number,
  bigEndian = false,
): Uint8Array {
  const entries: [number, number, number][] = [[0x100, 4, width], [0x101, 4, height]];
  if (orientation !== undefined) entries.push([0x112, 3, orientation]);
  const bytes = new Uint8Array(8 + 2 + entries.length * 12 + 4);
  const view = new DataView(bytes.buffer);
  const little = !bigEndian;
  view.setUint16(0, bigEndian ? 0x4d4d : 0x4949);
  view.setUint16(2, 42, little);
  view.setUint32(4, 8, little);
  view.setUint16(8, entries.length, little);
  entries.forEach(([tag, type, value], i) => {
    const at = 10 + i * 12;
    view.setUint16(at, tag, little);
    view.setUint16(at + 2, type, little);
    view.setUint32(at + 4, 1, little);
    if (type === 3) view.setUint16(at + 8, value, little);
    else view.setUint32(at + 8, value, little);
  });
  return bytes;
}

/**
 * A hand-built BMP header (no pixels).
 *
 * @param width Width.
 * @param height Height (negative: top-down).
 * @param core Whether to use the 12-byte OS/2 header.
 * @returns The header bytes.
 */
export function bmpHeader(width: number, height: number, core = false): Uint8Array {
  const bytes = new Uint8Array(54);
  const view = new DataView(bytes.buffer);
  bytes.set([0x42, 0x4d]);
  view.setUint32(2, 54, true);
  view.setUint32(14, core ? 12 : 40, true);
  if (core) {
    view.setUint16(18, width, true);
    view.setUint16(20, height, true);
  } else {
    view.setInt32(18, width, true);
    view.setInt32(22, height, true);
  }
  return bytes;
}

/**
 * A hand-built WebP header with one chunk of the given kind (no image data).
 *
 * @param kind `"VP8 "`, `"VP8L"` or `"VP8X"`.
 * @param width Width.
 * @param height Height.
 * @returns The header bytes.
 */
export function webpHeader(kind: "VP8 " | "VP8L" | "VP8X", width: number, height: number) {
  const bytes = new Uint8Array(40);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(`RIFF\0\0\0\0WEBP${kind}`));
  view.setUint32(4, 32, true);
  view.setUint32(16, 20, true);
  if (kind === "VP8 ") {
    bytes.set([0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a], 20);
    view.setUint16(26, width, true);
    view.setUint16(28, height, true);
  } else if (kind === "VP8L") {
    bytes[20] = 0x2f;
    view.setUint32(21, (width - 1) | ((height - 1) << 14), true);
  } else {
    for (let i = 0; i < 3; i++) {
      bytes[24 + i] = ((width - 1) >> (8 * i)) & 0xff;
      bytes[27 + i] = ((height - 1) >> (8 * i)) & 0xff;
    }
  }
  return bytes;
}

/**
 * A hand-built GIF header (logical screen descriptor only).
 *
 * @param width Width.
 * @param height Height.
 * @returns The header bytes.
 */
export function gifHeader(width: number, height: number): Uint8Array {
  const bytes = new Uint8Array(13);
  bytes.set(new TextEncoder().encode("GIF87a"));
  new DataView(bytes.buffer).setUint16(6, width, true);
  new DataView(bytes.buffer).setUint16(8, height, true);
  return bytes;
}

/**
 * A real 24-bit bottom-up BMP with the left half red and the right half blue.
 *
 * @param width Width.
 * @param height Height.
 * @returns The file's bytes.
 */
export function bmp24(width: number, height: number): Uint8Array {
  const rowSize = Math.ceil((24 * width) / 32) * 4;
  const bytes = bmpHeader(width, height);
  const out = new Uint8Array(54 + rowSize * height);
  out.set(bytes);
  const view = new DataView(out.buffer);
  view.setUint32(10, 54, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, 24, true);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = 54 + y * rowSize + x * 3;
      out.set(x <= Math.ceil(width / 2) ? [0, 0, 255] : [255, 0, 0], at); // B, G, R
    }
  }
  return out;
}
