/**
 * Turning an {@linkcode ImportSource} (bytes, a byte stream or a Blob) into a size-limited
 * stream or into bytes, and telling a zip archive from a bare file by its first bytes.
 *
 * @module
 */

import { ArgumentError, DataError } from "../core/errors.ts";
import type { ImportSource } from "./types.ts";

/** Options of the source readers. */
export interface SourceOptions {
  /** Refuse the source (DataError) past this many bytes; default 2 GiB. */
  maxBytes?: number;
  /** Names the source in error messages (the uploaded file name). */
  name?: string;
}

const DEFAULT_MAX = 2 * 1024 ** 3;

function checkSource(source: unknown): asserts source is ImportSource {
  const ok = source instanceof Uint8Array || source instanceof Blob ||
    source instanceof ReadableStream;
  if (!ok) {
    throw new ArgumentError("An import source must be a Uint8Array, a Blob or a ReadableStream");
  }
}

function tooLarge(options: SourceOptions, max: number): DataError {
  return new DataError(`The file ${options.name ?? "uploaded"} is larger than ${max} bytes`);
}

function failed(error: Error): ReadableStream<Uint8Array> {
  return new ReadableStream({ start: (controller) => controller.error(error) });
}

/**
 * The source as a byte stream that fails with a `DataError` once it passes `maxBytes`.
 *
 * @example
 * ```ts
 * import { equal, rejects } from "node:assert/strict";
 * import { sourceStream } from "./source.ts";
 * const stream = sourceStream(new Uint8Array(10), { maxBytes: 20 });
 * equal((await new Response(stream).arrayBuffer()).byteLength, 10);
 * await rejects(new Response(sourceStream(new Uint8Array(10), { maxBytes: 5 })).arrayBuffer());
 * ```
 */
export function sourceStream(
  source: ImportSource,
  options: SourceOptions = {},
): ReadableStream<Uint8Array> {
  checkSource(source);
  const max = options.maxBytes ?? DEFAULT_MAX;
  if (source instanceof Uint8Array) {
    if (source.length > max) return failed(tooLarge(options, max));
    return new Blob([source as Uint8Array<ArrayBuffer>]).stream();
  }
  if (source instanceof Blob && source.size > max) return failed(tooLarge(options, max));
  const stream = source instanceof Blob ? source.stream() : source;
  let seen = 0;
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.length;
        if (seen > max) throw tooLarge(options, max);
        controller.enqueue(chunk);
      },
    }),
  );
}

/**
 * The source's bytes (a Uint8Array is returned as it is).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { sourceBytes } from "./source.ts";
 * equal((await sourceBytes(new Blob(["abc"]))).length, 3);
 * ```
 */
export async function sourceBytes(
  source: ImportSource,
  options: SourceOptions = {},
): Promise<Uint8Array> {
  checkSource(source);
  if (source instanceof Uint8Array) {
    const max = options.maxBytes ?? DEFAULT_MAX;
    if (source.length > max) throw tooLarge(options, max);
    return source;
  }
  return new Uint8Array(await new Response(sourceStream(source, options)).arrayBuffer());
}

const BLOB_BATCH = 8 * 1024 * 1024;

/**
 * The source as a Blob, for reading piecewise: a Blob is returned as it is, a stream is
 * gathered into Blob parts of ~8 MiB as it arrives (its bytes are held once, never copied into
 * one buffer next to its chunks).
 *
 * @example
 * ```ts
 * import { equal, rejects } from "node:assert/strict";
 * import { sourceBlob } from "./source.ts";
 * equal((await sourceBlob(new Blob(["abc"]).stream())).size, 3);
 * await rejects(sourceBlob(new Blob(["abc"]).stream(), { maxBytes: 2 }), { name: "DataError" });
 * ```
 */
export async function sourceBlob(source: ImportSource, options: SourceOptions = {}): Promise<Blob> {
  checkSource(source);
  const max = options.maxBytes ?? DEFAULT_MAX;
  if (source instanceof Blob) {
    if (source.size > max) throw tooLarge(options, max);
    return source;
  }
  const parts: Blob[] = [];
  let batch: Uint8Array<ArrayBuffer>[] = [];
  let size = 0;
  for await (const chunk of sourceStream(source, options)) {
    batch.push(chunk as Uint8Array<ArrayBuffer>);
    size += chunk.length;
    if (size >= BLOB_BATCH) parts.push(new Blob(batch)), batch = [], size = 0;
  }
  parts.push(new Blob(batch));
  return new Blob(parts);
}

/**
 * The first `count` bytes of a source, and a source equivalent to the original (a stream is
 * consumed by peeking, so a new stream replaying the peeked bytes is returned).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { peekSource, sourceBytes } from "./source.ts";
 * const { head, source } = await peekSource(new Blob(["PK\x03\x04rest"]).stream(), 4);
 * equal(head.length, 4);
 * equal((await sourceBytes(source)).length, 8);
 * ```
 */
export async function peekSource(
  source: ImportSource,
  count: number,
): Promise<{ head: Uint8Array; source: ImportSource }> {
  checkSource(source);
  if (source instanceof Uint8Array) return { head: source.subarray(0, count), source };
  if (source instanceof Blob) {
    return { head: new Uint8Array(await source.slice(0, count).arrayBuffer()), source };
  }
  const reader = source.getReader();
  const seen: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < count && !done) {
    const next = await reader.read();
    if (next.done) done = true;
    else {
      seen.push(next.value);
      length += next.value.length;
    }
  }
  const head = new Uint8Array(length);
  seen.reduce((at, chunk) => (head.set(chunk, at), at + chunk.length), 0);
  const replay = new ReadableStream<Uint8Array>({
    start(controller) {
      if (head.length) controller.enqueue(head);
      if (done) controller.close();
    },
    async pull(controller) {
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return { head: head.subarray(0, count), source: replay };
}

/**
 * True when bytes start like a zip archive (`PK\x03\x04`, or `PK\x05\x06` for an empty one).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { isZipHead } from "./source.ts";
 * ok(isZipHead(new Uint8Array([0x50, 0x4b, 3, 4])));
 * ok(!isZipHead(new TextEncoder().encode("<?xml")));
 * ```
 */
export function isZipHead(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b &&
    ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
}
