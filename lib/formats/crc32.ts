/**
 * CRC-32 (IEEE 802.3, the checksum ZIP entries carry), computed incrementally.
 *
 * @module
 */

const TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * Extends a running CRC-32 with more bytes. Start with `0`; the result is the checksum of
 * everything fed so far (an unsigned 32-bit integer).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { crc32 } from "./crc32.ts";
 * const bytes = new TextEncoder().encode("123456789");
 * equal(crc32(0, bytes), 0xcbf43926);
 * equal(crc32(crc32(0, bytes.subarray(0, 4)), bytes.subarray(4)), 0xcbf43926);
 * ```
 */
export function crc32(crc: number, bytes: Uint8Array): number {
  let c = ~crc;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
