/**
 * PNG chunk framing shared by the PNG encoder and decoder: the signature, one chunk as bytes
 * (length, type, data, CRC-32), and zlib (de)compression through the Web streams.
 *
 * @module
 */

import { crc32 } from "./crc32.ts";

/**
 * The eight bytes every PNG starts with.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { PNG_SIGNATURE } from "./png_chunks.ts";
 * equal(PNG_SIGNATURE[1], 0x50); // "P"
 * ```
 */
export const PNG_SIGNATURE: Uint8Array = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);

/**
 * One chunk as bytes.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { pngChunk } from "./png_chunks.ts";
 * const chunk = pngChunk("IEND", new Uint8Array(0));
 * equal(chunk.length, 12);
 * equal(new TextDecoder().decode(chunk.subarray(4, 8)), "IEND");
 * ```
 */
export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(0, out.subarray(4, 8 + data.length)) >>> 0);
  return out;
}

/**
 * The CRC-32 a chunk's type and data must carry.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { chunkCrc } from "./png_chunks.ts";
 * equal(chunkCrc(new TextEncoder().encode("IEND")), 0xae426082);
 * ```
 */
export function chunkCrc(typeAndData: Uint8Array): number {
  return crc32(0, typeAndData) >>> 0;
}

/**
 * Compresses a sequence of byte blocks into one zlib stream.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { zlibCompress } from "./png_chunks.ts";
 * const packed = await zlibCompress([new Uint8Array(1000)]);
 * equal(packed[0], 0x78); // a zlib header
 * ```
 */
export async function zlibCompress(blocks: Iterable<Uint8Array>): Promise<Uint8Array> {
  const stream = new CompressionStream("deflate");
  const writer = stream.writable.getWriter();
  const written = (async () => {
    for (const block of blocks) {
      await writer.ready;
      await writer.write(block as Uint8Array<ArrayBuffer>);
    }
    await writer.close();
  })();
  const [bytes] = await Promise.all([new Response(stream.readable).arrayBuffer(), written]);
  return new Uint8Array(bytes);
}
