/**
 * A safe ZIP reader for uploads: entry names are checked (no `..`, absolute paths, drive
 * letters or backslashes), and the archive is refused when it holds too many entries, declares
 * too many bytes, or compresses suspiciously well (a zip bomb). Entries are decompressed as
 * streams (`DecompressionStream("deflate-raw")`) that stop with a `DataError` as soon as they
 * produce more than the entry declared, and check the CRC-32 at the end.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import { crc32 } from "./crc32.ts";
import { readZipDirectory, type ZipBytes, type ZipEntryInfo } from "./zip_directory.ts";

export type { ZipEntryInfo } from "./zip_directory.ts";

/** Limits of {@linkcode openZip}; every one has a default. */
export interface ZipLimits {
  /** At most this many entries (directories included); default 100,000. */
  maxEntries?: number;
  /** At most this many uncompressed bytes per entry; default 4 GiB. */
  maxEntrySize?: number;
  /** At most this many uncompressed bytes in all; default 16 GiB. */
  maxTotalSize?: number;
  /**
   * At most this uncompressed/compressed ratio for an entry larger than 1 MiB; default 1000
   * (plain XML or JSON compresses 5–50 times; bombs 1000 times and more).
   */
  maxRatio?: number;
}

/** An opened archive: its files, readable one by one. */
export interface ZipArchive {
  /** The file entries (directory entries left out), in the archive's order. */
  entries: ZipEntryInfo[];
  /** An entry's content, decompressed, checked against its declared size and CRC-32. */
  stream(entry: ZipEntryInfo): ReadableStream<Uint8Array>;
  /** An entry's content as bytes. */
  bytes(entry: ZipEntryInfo): Promise<Uint8Array>;
}

const GiB = 1024 ** 3;
const DEFAULTS: Required<ZipLimits> = {
  maxEntries: 100_000,
  maxEntrySize: 4 * GiB,
  maxTotalSize: 16 * GiB,
  maxRatio: 1000,
};
const RATIO_FLOOR = 1024 * 1024;
const READ_CHUNK = 1024 * 1024;

/**
 * Why an entry name is unsafe, or null when it is fine.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { unsafeEntryName } from "./zip_reader.ts";
 * equal(unsafeEntryName("images/a.jpg"), null);
 * equal(unsafeEntryName("../etc/passwd"), "a '..' segment");
 * ```
 */
export function unsafeEntryName(name: string): string | null {
  if (name === "" || name.includes("\0")) return "an empty name or a NUL byte";
  if (name.includes("\\")) return "a backslash";
  if (name.startsWith("/")) return "an absolute path";
  if (/^[A-Za-z]:/.test(name)) return "a drive letter";
  if (name.split("/").includes("..")) return "a '..' segment";
  return null;
}

function bytesOf(input: Uint8Array | Blob): ZipBytes {
  if (input instanceof Uint8Array) {
    return {
      size: input.length,
      read: (at, n) => Promise.resolve(input.subarray(at, Math.min(input.length, at + n))),
    };
  }
  return {
    size: input.size,
    read: async (at, n) => new Uint8Array(await input.slice(at, at + n).arrayBuffer()),
  };
}

function checkEntries(entries: ZipEntryInfo[], limits: Required<ZipLimits>): void {
  let total = 0;
  for (const entry of entries) {
    const why = unsafeEntryName(entry.name);
    if (why) throw new DataError(`Zip entry "${entry.name}" is refused: it has ${why}`);
    if (entry.directory) continue;
    if (entry.flags & 1) throw new DataError(`Zip entry "${entry.name}" is encrypted`);
    if (entry.method !== 0 && entry.method !== 8) {
      throw new DataError(`Zip entry "${entry.name}" uses compression method ${entry.method}`);
    }
    if (entry.size > limits.maxEntrySize) {
      throw new DataError(
        `Zip entry "${entry.name}" is ${entry.size} bytes; at most ${limits.maxEntrySize} allowed`,
      );
    }
    if (entry.size > RATIO_FLOOR && entry.size > entry.compressedSize * limits.maxRatio) {
      throw new DataError(
        `Zip entry "${entry.name}" compresses ${
          Math.round(entry.size / Math.max(1, entry.compressedSize))
        } times (more than ${limits.maxRatio}): refused as a zip bomb`,
      );
    }
    total += entry.size;
    if (total > limits.maxTotalSize) {
      throw new DataError(
        `The archive holds more than ${limits.maxTotalSize} bytes uncompressed (at "${entry.name}")`,
      );
    }
  }
}

async function dataOffset(bytes: ZipBytes, entry: ZipEntryInfo): Promise<number> {
  const header = await bytes.read(entry.offset, 30);
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  if (header.length < 30 || view.getUint32(0, true) !== 0x04034b50) {
    throw new DataError(`Zip entry "${entry.name}": bad local header`);
  }
  const start = entry.offset + 30 + view.getUint16(26, true) + view.getUint16(28, true);
  if (start + entry.compressedSize > bytes.size) {
    throw new DataError(`Zip entry "${entry.name}" is truncated`);
  }
  return start;
}

function rawStream(bytes: ZipBytes, entry: ZipEntryInfo): ReadableStream<Uint8Array> {
  let at = -1;
  let end = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (at < 0) {
        at = await dataOffset(bytes, entry);
        end = at + entry.compressedSize;
      }
      if (at >= end) return controller.close();
      const n = Math.min(READ_CHUNK, end - at);
      const chunk = await bytes.read(at, n);
      // a view into the caller's bytes is copied; a chunk read from a Blob owns its buffer
      const owned = chunk.byteOffset === 0 && chunk.buffer.byteLength === chunk.length;
      controller.enqueue(owned ? chunk : chunk.slice());
      at += n;
    },
  }, { highWaterMark: 0 });
}

function checked(entry: ZipEntryInfo, limit: number): TransformStream<Uint8Array, Uint8Array> {
  let size = 0;
  let crc = 0;
  const max = Math.min(entry.size, limit);
  return new TransformStream({
    transform(chunk, controller) {
      size += chunk.length;
      if (size > max) {
        throw new DataError(
          `Zip entry "${entry.name}" holds more than the ${entry.size} bytes it declares`,
        );
      }
      crc = crc32(crc, chunk);
      controller.enqueue(chunk);
    },
    flush() {
      if (size !== entry.size || crc !== entry.crc) {
        throw new DataError(`Zip entry "${entry.name}" is damaged (size or CRC-32 mismatch)`);
      }
    },
  });
}

function namedErrors(
  source: ReadableStream<Uint8Array>,
  entry: ZipEntryInfo,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(asDataError(entry, error));
      }
    },
    cancel: (reason) => reader.cancel(reason),
  }, { highWaterMark: 0 });
}

/**
 * Opens an archive held in memory or in a Blob (read piecewise) and checks it against the
 * limits before anything is decompressed.
 *
 * @throws {DataError} Naming the entry: unsafe name, too large, zip bomb, encrypted, unknown
 *   method; or when the bytes are not a zip archive.
 * @example
 * ```ts
 * import { equal, rejects } from "node:assert/strict";
 * import { zipStream } from "./zip_writer.ts";
 * import { openZip } from "./zip_reader.ts";
 * const text = new TextEncoder().encode("<a/>");
 * const zip = new Uint8Array(await new Response(
 *   zipStream([{ name: "x/a.xml", data: () => [text] }]),
 * ).arrayBuffer());
 * const archive = await openZip(zip);
 * equal(new TextDecoder().decode(await archive.bytes(archive.entries[0])), "<a/>");
 * await rejects(openZip(zip, { maxEntries: 0 }), { name: "DataError" });
 * ```
 */
export async function openZip(
  input: Uint8Array | Blob,
  limits: ZipLimits = {},
): Promise<ZipArchive> {
  const options = { ...DEFAULTS, ...limits };
  const bytes = bytesOf(input);
  const all = await readZipDirectory(bytes, options.maxEntries);
  checkEntries(all, options);
  const stream = (entry: ZipEntryInfo): ReadableStream<Uint8Array> => {
    let raw = rawStream(bytes, entry);
    if (entry.method === 8) {
      raw = raw.pipeThrough(
        new DecompressionStream("deflate-raw") as unknown as TransformStream<
          Uint8Array,
          Uint8Array
        >,
      );
    }
    return namedErrors(raw.pipeThrough(checked(entry, options.maxEntrySize)), entry);
  };
  return {
    entries: all.filter((entry) => !entry.directory),
    stream,
    bytes: async (entry) => new Uint8Array(await new Response(stream(entry)).arrayBuffer()),
  };
}

/**
 * A `DataError` naming the entry for any failure while reading it (a corrupt deflate stream
 * raises a `TypeError`).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { asDataError } from "./zip_reader.ts";
 * const error = asDataError({ name: "a.xml" }, new TypeError("corrupt"));
 * equal(error.name, "DataError");
 * ```
 */
export function asDataError(entry: Pick<ZipEntryInfo, "name">, error: unknown): Error {
  if (error instanceof DataError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DataError(`Zip entry "${entry.name}" cannot be read: ${message}`, { cause: error });
}
