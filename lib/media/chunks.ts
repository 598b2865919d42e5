/**
 * Chunk archives: zips of frames with stored (uncompressed) entries, in the given order, as CVAT
 * writes them (the UI indexes entries by position). Written here rather than with fflate's
 * `zipSync`, whose object argument reorders integer-like names, or its streaming `Zip`, which puts
 * the sizes in data descriptors after the data; each local header here carries its sizes and CRC.
 *
 * @module
 */

/** The entries' DOS modification date (2020-01-01), fixed so that equal input gives equal bytes. */
const DOS_DATE = ((2020 - 1980) << 9) | (1 << 5) | 1;

/** The largest archive this writer makes (no ZIP64). */
const MAX_ZIP_BYTES = 0xffffffff;

/** CRC-32 (IEEE) lookup tables for slicing by 8 bytes: table k at `k * 256`. */
const CRC_TABLES = ((): Uint32Array => {
  const tables = new Uint32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    tables[n] = c;
  }
  for (let k = 1; k < 8; k++) {
    for (let n = 0; n < 256; n++) {
      const previous = tables[(k - 1) * 256 + n];
      tables[k * 256 + n] = (previous >>> 8) ^ tables[previous & 0xff];
    }
  }
  return tables;
})();

/**
 * CRC-32 of bytes, as zip stores it (slicing by 8: about 1 GB/s, so a chunk of 36 full-HD JPEGs is
 * checksummed in a few milliseconds).
 *
 * @param bytes The data.
 * @returns The checksum.
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { crc32 } from "./chunks.ts";
 * equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
 * ```
 */
export function crc32(bytes: Uint8Array): number {
  const t = CRC_TABLES;
  let crc = 0xffffffff;
  let i = 0;
  for (const end = bytes.length - 8; i <= end; i += 8) {
    const a = (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24)) ^ crc;
    const b = bytes[i + 4] | (bytes[i + 5] << 8) | (bytes[i + 6] << 16) | (bytes[i + 7] << 24);
    crc = t[1792 + (a & 0xff)] ^ t[1536 + ((a >>> 8) & 0xff)] ^ t[1280 + ((a >>> 16) & 0xff)] ^
      t[1024 + (a >>> 24)] ^ t[768 + (b & 0xff)] ^ t[512 + ((b >>> 8) & 0xff)] ^
      t[256 + ((b >>> 16) & 0xff)] ^ t[b >>> 24];
  }
  for (; i < bytes.length; i++) crc = t[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * Writes the fields local and central headers share (version needed .. name length).
 *
 * @param view The output.
 * @param at Where "version needed" goes.
 * @param utf8 Whether the name needs the UTF-8 flag.
 * @param crc The entry's CRC-32.
 * @param size The entry's size (stored: compressed = uncompressed).
 * @param nameLength The name's length in bytes.
 */
function commonFields(
  view: DataView,
  at: number,
  utf8: boolean,
  crc: number,
  size: number,
  nameLength: number,
): void {
  view.setUint16(at, 20, true); // version needed: 2.0
  view.setUint16(at + 2, utf8 ? 0x0800 : 0, true); // flags: bit 11 = UTF-8 name
  view.setUint16(at + 4, 0, true); // method 0: stored
  view.setUint16(at + 6, 0, true); // time 00:00
  view.setUint16(at + 8, DOS_DATE, true);
  view.setUint32(at + 10, crc, true);
  view.setUint32(at + 14, size, true);
  view.setUint32(at + 18, size, true);
  view.setUint16(at + 22, nameLength, true);
}

/**
 * Builds a zip with stored (uncompressed) entries in the given order.
 *
 * @param entries The entries' names and bytes.
 * @returns The zip's bytes.
 * @throws {RangeError} When a name is longer than 65535 bytes, there are more than 65535 entries
 * or the archive would exceed 4 GiB.
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { chunkEntryName, chunkZip } from "./chunks.ts";
 * const zip = chunkZip([{ name: chunkEntryName(0), bytes: new Uint8Array([1, 2, 3]) }]);
 * equal(new DataView(zip.buffer).getUint32(0, true), 0x04034b50); // a local file header
 * equal(new DataView(zip.buffer).getUint16(8, true), 0); // method 0: stored
 * ```
 */
export function chunkZip(entries: { name: string; bytes: Uint8Array }[]): Uint8Array {
  const names = entries.map(({ name }) => new TextEncoder().encode(name));
  if (entries.length > 0xffff) throw new RangeError("A chunk zip holds at most 65535 entries");
  if (names.some((name) => name.length > 0xffff)) throw new RangeError("Zip entry name too long");
  const localSize = entries.reduce(
    (sum, { bytes }, i) => sum + 30 + names[i].length + bytes.length,
    0,
  );
  const centralSize = names.reduce((sum, name) => sum + 46 + name.length, 0);
  const total = localSize + centralSize + 22;
  if (total > MAX_ZIP_BYTES) throw new RangeError("A chunk zip must stay under 4 GiB");
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let at = 0;
  let central = localSize;
  entries.forEach(({ name, bytes }, i) => {
    const utf8 = names[i].length !== name.length;
    const crc = crc32(bytes);
    view.setUint32(at, 0x04034b50, true);
    commonFields(view, at + 4, utf8, crc, bytes.length, names[i].length);
    out.set(names[i], at + 30);
    out.set(bytes, at + 30 + names[i].length);
    view.setUint32(central, 0x02014b50, true);
    view.setUint16(central + 4, 20, true); // made by: MS-DOS, 2.0
    commonFields(view, central + 6, utf8, crc, bytes.length, names[i].length);
    view.setUint32(central + 42, at, true); // the local header's offset
    out.set(names[i], central + 46);
    at += 30 + names[i].length + bytes.length;
    central += 46 + names[i].length;
  });
  view.setUint32(central, 0x06054b50, true); // end of central directory
  view.setUint16(central + 8, entries.length, true);
  view.setUint16(central + 10, entries.length, true);
  view.setUint32(central + 12, centralSize, true);
  view.setUint32(central + 16, localSize, true);
  return out;
}

/**
 * The name of a chunk entry: the index padded to six digits.
 *
 * @param index The entry's index within the chunk.
 * @param ext The extension, without the dot.
 * @returns E.g. `"000000.jpeg"`.
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { chunkEntryName } from "./chunks.ts";
 * equal(chunkEntryName(0), "000000.jpeg");
 * equal(chunkEntryName(12, "png"), "000012.png");
 * ```
 */
export function chunkEntryName(index: number, ext = "jpeg"): string {
  return `${String(index).padStart(6, "0")}.${ext}`;
}
