/**
 * Reading a ZIP archive's central directory (with ZIP64 records) from random-access bytes:
 * the part of the safe reader that says what the archive claims to hold.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";

/** What the central directory says about one entry. */
export interface ZipEntryInfo {
  /** The path as stored (UTF-8, or CP437 read as Latin-1 for old archives). */
  name: string;
  /** Uncompressed size in bytes, as declared. */
  size: number;
  /** Compressed size in bytes, as declared. */
  compressedSize: number;
  /** 0 (stored) or 8 (deflate); other methods are refused when read. */
  method: number;
  crc: number;
  /** General purpose flags (bit 0: encrypted). */
  flags: number;
  /** Offset of the entry's local header. */
  offset: number;
  /** True for a directory entry (name ends with "/"). */
  directory: boolean;
}

/** Random access to the archive's bytes. */
export interface ZipBytes {
  size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

const utf8 = new TextDecoder("utf-8", { fatal: false });
const latin1 = new TextDecoder("latin1");

function big(view: DataView, at: number): number {
  const value = view.getBigUint64(at, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new DataError("Zip: a size is too large");
  return Number(value);
}

interface End {
  count: number;
  size: number;
  offset: number;
}

async function findEnd(bytes: ZipBytes): Promise<End> {
  const tailLength = Math.min(bytes.size, 22 + 0xffff);
  const tailStart = bytes.size - tailLength;
  const tail = await bytes.read(tailStart, tailLength);
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  for (let at = tail.length - 22; at >= 0; at--) {
    if (view.getUint32(at, true) !== 0x06054b50) continue;
    const end = {
      count: view.getUint16(at + 10, true),
      size: view.getUint32(at + 12, true),
      offset: view.getUint32(at + 16, true),
    };
    const locatorAt = tailStart + at - 20;
    if (locatorAt >= 0) {
      const locator = await bytes.read(locatorAt, 20);
      const lv = new DataView(locator.buffer, locator.byteOffset, 20);
      if (lv.getUint32(0, true) === 0x07064b50) return await readZip64End(bytes, big(lv, 8));
    }
    return end;
  }
  throw new DataError("Not a zip archive: no end of central directory record");
}

async function readZip64End(bytes: ZipBytes, at: number): Promise<End> {
  const record = await bytes.read(at, 56);
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  if (record.length < 56 || view.getUint32(0, true) !== 0x06064b50) {
    throw new DataError("Zip: bad ZIP64 end of central directory record");
  }
  return { count: big(view, 32), size: big(view, 40), offset: big(view, 48) };
}

function applyZip64(entry: ZipEntryInfo, extra: DataView): void {
  let at = 0;
  while (at + 4 <= extra.byteLength) {
    const id = extra.getUint16(at, true);
    const length = extra.getUint16(at + 2, true);
    if (id === 0x0001) {
      let field = at + 4;
      const take = () => {
        if (field + 8 > at + 4 + length) {
          throw new DataError(`Zip: bad ZIP64 field of ${entry.name}`);
        }
        const value = big(extra, field);
        field += 8;
        return value;
      };
      if (entry.size === 0xffffffff) entry.size = take();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = take();
      if (entry.offset === 0xffffffff) entry.offset = take();
      return;
    }
    at += 4 + length;
  }
}

function readRecord(view: DataView, at: number, raw: Uint8Array): [ZipEntryInfo, number] {
  if (at + 46 > view.byteLength || view.getUint32(at, true) !== 0x02014b50) {
    throw new DataError("Zip: bad central directory record");
  }
  const flags = view.getUint16(at + 8, true);
  const nameLength = view.getUint16(at + 28, true);
  const extraLength = view.getUint16(at + 30, true);
  const commentLength = view.getUint16(at + 32, true);
  const end = at + 46 + nameLength + extraLength + commentLength;
  if (end > view.byteLength) throw new DataError("Zip: truncated central directory");
  const nameBytes = raw.subarray(at + 46, at + 46 + nameLength);
  const name = (flags & 0x0800 ? utf8 : latin1).decode(nameBytes);
  const entry: ZipEntryInfo = {
    name,
    flags,
    method: view.getUint16(at + 10, true),
    crc: view.getUint32(at + 16, true),
    compressedSize: view.getUint32(at + 20, true),
    size: view.getUint32(at + 24, true),
    offset: view.getUint32(at + 42, true),
    directory: name.endsWith("/"),
  };
  const extraAt = raw.byteOffset + at + 46 + nameLength;
  applyZip64(entry, new DataView(raw.buffer, extraAt, extraLength));
  return [entry, end];
}

/**
 * Reads the central directory. `maxEntries` is checked before the records are read.
 *
 * @throws {DataError} When the bytes are not a zip archive or the directory is damaged.
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { zipStream } from "./zip_writer.ts";
 * import { readZipDirectory } from "./zip_directory.ts";
 * const zip = zipStream([{ name: "a.xml", data: () => [new Uint8Array(4)] }]);
 * const bytes = new Uint8Array(await new Response(zip).arrayBuffer());
 * const entries = await readZipDirectory({
 *   size: bytes.length, read: (at, n) => Promise.resolve(bytes.subarray(at, at + n)),
 * }, 10);
 * equal(entries[0].name, "a.xml");
 * equal(entries[0].size, 4);
 * ```
 */
export async function readZipDirectory(
  bytes: ZipBytes,
  maxEntries: number,
): Promise<ZipEntryInfo[]> {
  const end = await findEnd(bytes);
  if (end.count > maxEntries) {
    throw new DataError(`The archive has ${end.count} entries; at most ${maxEntries} are allowed`);
  }
  if (end.offset + end.size > bytes.size) throw new DataError("Zip: truncated archive");
  const raw = await bytes.read(end.offset, end.size);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const entries: ZipEntryInfo[] = [];
  let at = 0;
  for (let i = 0; i < end.count; i++) {
    const [entry, next] = readRecord(view, at, raw);
    entries.push(entry);
    at = next;
  }
  return entries;
}
