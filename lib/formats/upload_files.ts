/**
 * The files of an upload, for importers: a bare file is one file; a zip archive is every
 * entry a predicate accepts (sorted by path), read through the safe zip reader.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import {
  isZipHead,
  peekSource,
  sourceBlob,
  sourceBytes,
  type SourceOptions,
  sourceStream,
} from "./source.ts";
import type { ImportSource } from "./types.ts";
import { openZip, type ZipLimits } from "./zip_reader.ts";

/** One file of an upload; `open()` may be called once. */
export interface UploadFile {
  /** The path inside the archive, or the upload's file name for a bare file. */
  name: string;
  /** The size it declares (a zip entry's), when known. */
  size?: number;
  open(): ReadableStream<Uint8Array>;
}

/** Options of {@linkcode uploadFiles}. */
export interface UploadFilesOptions extends SourceOptions, ZipLimits {
  /** Which zip entries to read (by path); default every entry. */
  accept?: (path: string) => boolean;
  /** The name of a bare file when the upload's name is unknown. */
  defaultName?: string;
}

/**
 * The files of an upload. A zip (recognised by its first bytes) is read from the bytes given, or
 * piecewise from a Blob (a stream is gathered into one first, at most `maxBytes`); a bare file
 * is streamed without being held.
 *
 * @throws {DataError} For an unsafe or oversized archive, or a zip with no accepted entry.
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { uploadFiles } from "./upload_files.ts";
 * const files = await uploadFiles(new TextEncoder().encode("<a/>"), { name: "a.xml" });
 * deepEqual(files.map((file) => file.name), ["a.xml"]);
 * ```
 */
export async function uploadFiles(
  source: ImportSource,
  options: UploadFilesOptions = {},
): Promise<UploadFile[]> {
  const peeked = await peekSource(source, 4);
  if (!isZipHead(peeked.head)) {
    const name = options.name ?? options.defaultName ?? "upload";
    return [{ name, open: () => sourceStream(peeked.source, options) }];
  }
  const input = peeked.source instanceof Blob
    ? peeked.source
    : peeked.source instanceof Uint8Array
    ? await sourceBytes(peeked.source, options)
    : await sourceBlob(peeked.source, options);
  const archive = await openZip(input, options);
  const accept = options.accept ?? (() => true);
  const entries = archive.entries.filter((entry) => accept(entry.name))
    .sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  if (entries.length === 0) {
    throw new DataError(`The archive ${options.name ?? ""} holds no file this format reads`);
  }
  return entries.map((entry) => ({
    name: entry.name,
    size: entry.size,
    open: () => archive.stream(entry),
  }));
}

/**
 * The whole content of an upload file. With a known size it is read straight into one buffer
 * (the chunks are dropped as they arrive instead of being gathered and copied at the end).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { uploadBytes } from "./upload_files.ts";
 * const file = { name: "a", size: 3, open: () => new Blob(["abc"]).stream() };
 * equal(new TextDecoder().decode(await uploadBytes(file)), "abc");
 * ```
 */
export async function uploadBytes(file: UploadFile): Promise<Uint8Array> {
  if (file.size === undefined) return new Uint8Array(await new Response(file.open()).arrayBuffer());
  const out = new Uint8Array(file.size);
  let at = 0;
  for await (const chunk of file.open()) {
    if (at + chunk.length > out.length) {
      throw new DataError(`${file.name} holds more than the ${file.size} bytes it declares`);
    }
    out.set(chunk, at);
    at += chunk.length;
  }
  return at === out.length ? out : out.subarray(0, at);
}
