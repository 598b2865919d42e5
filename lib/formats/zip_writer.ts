/**
 * A streaming ZIP writer: STORED (uncompressed) entries, as CVAT's exports are, written one
 * after the other as their producers yield bytes. Sizes and CRC-32 follow each entry in a data
 * descriptor, so nothing is buffered beyond the chunk in flight and the central directory
 * (about 50 bytes per entry). ZIP64 records are used where needed: an entry of 4 GiB or more
 * (its descriptor then carries 8-byte sizes and its directory record a ZIP64 extra field), an
 * entry starting past 4 GiB, and an archive of 65535 entries or more.
 *
 * @module
 */

import { ArgumentError } from "../core/errors.ts";
import { crc32 } from "./crc32.ts";

/** The bytes of one entry: any (async) iterable of chunks, or a byte stream. */
export type ZipEntryData =
  | AsyncIterable<Uint8Array>
  | Iterable<Uint8Array>
  | ReadableStream<Uint8Array>;

/** One file of the archive. */
export interface ZipEntry {
  /** Path inside the archive: "/" separators, no leading "/", no ".." segment. */
  name: string;
  /** Produces the entry's bytes; called once, when the entry's turn comes. */
  data: () => ZipEntryData;
}

/** Options of {@linkcode zipStream}. */
export interface ZipWriterOptions {
  /** The modification time written for every entry (default: now). */
  modified?: Date;
}

const U32 = 0xffffffff;
const FLAGS = 0x0808; // bit 3: data descriptor follows; bit 11: UTF-8 names
const encoder = new TextEncoder();

interface Written {
  name: Uint8Array;
  crc: number;
  size: number;
  offset: number;
}

function dosTime(date: Date): { time: number; date: number } {
  const year = Math.max(1980, date.getUTCFullYear());
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) |
      (date.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

function checkName(name: string): Uint8Array {
  const bad = typeof name !== "string" || name === "" || name.startsWith("/") ||
    name.includes("\\") || name.split("/").some((part) => part === "..");
  if (bad) throw new ArgumentError(`Bad zip entry name ${JSON.stringify(name)}`);
  const bytes = encoder.encode(name);
  if (bytes.length > 0xffff) throw new ArgumentError(`Zip entry name too long: ${name}`);
  return bytes;
}

function localHeader(name: Uint8Array, stamp: { time: number; date: number }): Uint8Array {
  const out = new Uint8Array(30 + name.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x04034b50, true);
  view.setUint16(4, 20, true);
  view.setUint16(6, FLAGS, true);
  view.setUint16(8, 0, true); // STORED
  view.setUint16(10, stamp.time, true);
  view.setUint16(12, stamp.date, true);
  // crc and sizes are zero: they follow in the data descriptor
  view.setUint16(26, name.length, true);
  out.set(name, 30);
  return out;
}

function descriptor(entry: Written): Uint8Array {
  const big = entry.size >= U32;
  const out = new Uint8Array(big ? 24 : 16);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x08074b50, true);
  view.setUint32(4, entry.crc, true);
  if (big) {
    view.setBigUint64(8, BigInt(entry.size), true);
    view.setBigUint64(16, BigInt(entry.size), true);
  } else {
    view.setUint32(8, entry.size, true);
    view.setUint32(12, entry.size, true);
  }
  return out;
}

function directoryRecord(entry: Written, stamp: { time: number; date: number }): Uint8Array {
  const bigSize = entry.size >= U32;
  const bigOffset = entry.offset >= U32;
  const extraLength = bigSize || bigOffset ? 4 + (bigSize ? 16 : 0) + (bigOffset ? 8 : 0) : 0;
  const out = new Uint8Array(46 + entry.name.length + extraLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x02014b50, true);
  view.setUint16(4, (3 << 8) | 45, true); // made by: unix, 4.5
  view.setUint16(6, extraLength ? 45 : 20, true);
  view.setUint16(8, FLAGS, true);
  view.setUint16(12, stamp.time, true);
  view.setUint16(14, stamp.date, true);
  view.setUint32(16, entry.crc, true);
  view.setUint32(20, bigSize ? U32 : entry.size, true);
  view.setUint32(24, bigSize ? U32 : entry.size, true);
  view.setUint16(28, entry.name.length, true);
  view.setUint16(30, extraLength, true);
  view.setUint32(38, (0o100644 << 16) >>> 0, true);
  view.setUint32(42, bigOffset ? U32 : entry.offset, true);
  out.set(entry.name, 46);
  if (extraLength) {
    let at = 46 + entry.name.length;
    view.setUint16(at, 0x0001, true);
    view.setUint16(at + 2, extraLength - 4, true);
    at += 4;
    if (bigSize) {
      view.setBigUint64(at, BigInt(entry.size), true);
      view.setBigUint64(at + 8, BigInt(entry.size), true);
      at += 16;
    }
    if (bigOffset) view.setBigUint64(at, BigInt(entry.offset), true);
  }
  return out;
}

function endRecords(count: number, size: number, offset: number): Uint8Array {
  const zip64 = count >= 0xffff || size >= U32 || offset >= U32;
  const out = new Uint8Array((zip64 ? 56 + 20 : 0) + 22);
  const view = new DataView(out.buffer);
  let at = 0;
  if (zip64) {
    view.setUint32(0, 0x06064b50, true);
    view.setBigUint64(4, 44n, true);
    view.setUint16(12, (3 << 8) | 45, true);
    view.setUint16(14, 45, true);
    view.setBigUint64(24, BigInt(count), true);
    view.setBigUint64(32, BigInt(count), true);
    view.setBigUint64(40, BigInt(size), true);
    view.setBigUint64(48, BigInt(offset), true);
    view.setUint32(56, 0x07064b50, true);
    view.setBigUint64(64, BigInt(offset + size), true);
    view.setUint32(72, 1, true);
    at = 76;
  }
  view.setUint32(at, 0x06054b50, true);
  view.setUint16(at + 8, Math.min(count, 0xffff), true);
  view.setUint16(at + 10, Math.min(count, 0xffff), true);
  view.setUint32(at + 12, Math.min(size, U32), true);
  view.setUint32(at + 16, Math.min(offset, U32), true);
  return out;
}

async function* chunksOf(data: ZipEntryData): AsyncGenerator<Uint8Array> {
  if (data instanceof ReadableStream) {
    const reader = data.getReader();
    try {
      while (true) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  } else {
    yield* data;
  }
}

/**
 * The archive's bytes, chunk by chunk (see {@linkcode zipStream}).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { zipChunks } from "./zip_writer.ts";
 * let size = 0;
 * for await (const chunk of zipChunks([{ name: "a.txt", data: () => [new Uint8Array(3)] }])) {
 *   size += chunk.length;
 * }
 * equal(size, 30 + 5 + 3 + 16 + 46 + 5 + 22);
 * ```
 */
export async function* zipChunks(
  entries: AsyncIterable<ZipEntry> | Iterable<ZipEntry>,
  options: ZipWriterOptions = {},
): AsyncGenerator<Uint8Array> {
  const stamp = dosTime(options.modified ?? new Date());
  const written: Written[] = [];
  let offset = 0;
  for await (const entry of entries) {
    const record: Written = { name: checkName(entry.name), crc: 0, size: 0, offset };
    const header = localHeader(record.name, stamp);
    yield header;
    for await (const chunk of chunksOf(entry.data())) {
      if (chunk.length === 0) continue;
      record.crc = crc32(record.crc, chunk);
      record.size += chunk.length;
      yield chunk;
    }
    const tail = descriptor(record);
    yield tail;
    offset += header.length + record.size + tail.length;
    written.push(record);
  }
  let directorySize = 0;
  for (const record of written) {
    const bytes = directoryRecord(record, stamp);
    directorySize += bytes.length;
    yield bytes;
  }
  yield endRecords(written.length, directorySize, offset);
}

/**
 * A ZIP archive as a byte stream. Entries are taken from `entries` one at a time and each
 * entry's producer is called only when the previous entry is complete, so memory stays flat
 * however large the archive grows; the stream is pull-driven (back-pressure reaches the
 * producers) and cancelling it stops them.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { zipStream } from "./zip_writer.ts";
 * const text = new TextEncoder().encode("hello");
 * const zip = zipStream([{ name: "hello.txt", data: () => [text] }]);
 * const bytes = new Uint8Array(await new Response(zip).arrayBuffer());
 * equal(new DataView(bytes.buffer).getUint32(0, true), 0x04034b50);
 * ```
 */
export function zipStream(
  entries: AsyncIterable<ZipEntry> | Iterable<ZipEntry>,
  options: ZipWriterOptions = {},
): ReadableStream<Uint8Array> {
  return iterableStream(zipChunks(entries, options));
}

/**
 * A pull-driven byte stream over an async generator (cancel → the generator's `return`).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { iterableStream } from "./zip_writer.ts";
 * async function* two() { yield new Uint8Array(1); yield new Uint8Array(2); }
 * equal((await new Response(iterableStream(two())).arrayBuffer()).byteLength, 3);
 * ```
 */
export function iterableStream(chunks: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  }, { highWaterMark: 0 });
}
