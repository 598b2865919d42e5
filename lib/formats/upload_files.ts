/**
 * The files of an upload, for importers: a bare file is one file; a zip archive is every
 * entry a predicate accepts (sorted by path), read through the safe zip reader.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import { isZipHead, peekSource, sourceBytes, type SourceOptions, sourceStream } from "./source.ts";
import type { ImportSource } from "./types.ts";
import { openZip, type ZipLimits } from "./zip_reader.ts";

/** One file of an upload; `open()` may be called once. */
export interface UploadFile {
  /** The path inside the archive, or the upload's file name for a bare file. */
  name: string;
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
 * The files of an upload. A zip (recognised by its first bytes) is read into memory (at most
 * `maxBytes`) or piecewise when it is a Blob; a bare file is streamed without being held.
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
    : await sourceBytes(peeked.source, options);
  const archive = await openZip(input, options);
  const accept = options.accept ?? (() => true);
  const entries = archive.entries.filter((entry) => accept(entry.name))
    .sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  if (entries.length === 0) {
    throw new DataError(`The archive ${options.name ?? ""} holds no file this format reads`);
  }
  return entries.map((entry) => ({ name: entry.name, open: () => archive.stream(entry) }));
}
