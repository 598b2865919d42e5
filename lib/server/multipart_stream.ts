/**
 * A streaming `multipart/form-data` reader: parts are yielded one at a time as the body arrives,
 * so an upload of many files never needs more memory than its largest file.
 *
 * @module
 */

import { badRequest, HttpError } from "./errors.ts";

/** One part of a form: a field (`filename` undefined) or a file. */
export interface FormPart {
  name: string;
  filename?: string;
  contentType?: string;
  bytes: Uint8Array;
}

const CRLF = new Uint8Array([13, 10]);
const encoder = new TextEncoder();

/**
 * The boundary of a `multipart/form-data` content type, or a 400.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { multipartBoundary } from "./multipart_stream.ts";
 * strictEqual(multipartBoundary('multipart/form-data; boundary="abc"'), "abc");
 * ```
 */
export function multipartBoundary(contentType: string): string {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary || boundary.length > 200) {
    throw badRequest({ detail: "Multipart form parse error - Invalid boundary in multipart" });
  }
  return boundary;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  const last = haystack.length - needle.length;
  for (
    let i = haystack.indexOf(first, from);
    i !== -1 && i <= last;
    i = haystack.indexOf(first, i + 1)
  ) {
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

/** Decodes a `filename*=UTF-8''...` value or a quoted string (browsers escape `"` as `%22`). */
function paramValue(header: string, key: string): string | undefined {
  const extended = new RegExp(`;\\s*${key}\\*=(?:UTF-8|utf-8)''([^;]*)`).exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch { /* fall back to the plain parameter */ }
  }
  const quoted = new RegExp(`;\\s*${key}="((?:[^"\\\\]|\\\\.)*)"`).exec(header);
  if (quoted) return quoted[1].replace(/\\(.)/g, "$1");
  const bare = new RegExp(`;\\s*${key}=([^;\\s]+)`).exec(header);
  return bare?.[1];
}

function parseHeaders(block: Uint8Array): Omit<FormPart, "bytes"> {
  const lines = new TextDecoder().decode(block).split("\r\n");
  const headers = new Map<string, string>();
  for (const line of lines) {
    const at = line.indexOf(":");
    if (at > 0) headers.set(line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim());
  }
  const disposition = headers.get("content-disposition") ?? "";
  const name = paramValue(`; ${disposition.replace(/^form-data\s*;?/i, "")}`, "name");
  if (!/^form-data/i.test(disposition) || name === undefined) {
    throw badRequest({ detail: "Multipart form parse error - a part has no form-data name" });
  }
  const filename = paramValue(`; ${disposition}`, "filename");
  return { name, filename, contentType: headers.get("content-type") };
}

/** A byte source with a growable look-ahead buffer over a stream reader (amortised O(n)). */
class Source {
  data = new Uint8Array(64 * 1024);
  start = 0;
  end = 0;
  total = 0;
  constructor(readonly reader: ReadableStreamDefaultReader<Uint8Array>, readonly limit: number) {}

  /** The unread bytes. */
  get buffer(): Uint8Array {
    return this.data.subarray(this.start, this.end);
  }

  consume(count: number): void {
    this.start += count;
  }

  append(chunk: Uint8Array): void {
    const live = this.end - this.start;
    if (this.end + chunk.length > this.data.length) {
      const needed = live + chunk.length;
      const target = needed > this.data.length ? new Uint8Array(needed * 2) : this.data;
      target.set(this.data.subarray(this.start, this.end));
      this.data = target;
      this.start = 0;
      this.end = live;
    }
    this.data.set(chunk, this.end);
    this.end += chunk.length;
  }

  /** Reads more bytes; false at the end of the stream. */
  async more(): Promise<boolean> {
    const { done, value } = await this.reader.read();
    if (done) return false;
    this.total += value.byteLength;
    if (this.total > this.limit) {
      await this.reader.cancel().catch(() => {});
      throw new HttpError(413, { detail: "Request body is too large." });
    }
    this.append(value);
    return true;
  }

  /** Reads until `needle` is buffered at or after `from`; its index, or -1 at the end. */
  async find(needle: Uint8Array, from = 0): Promise<number> {
    for (;;) {
      const at = indexOf(this.buffer, needle, from);
      if (at !== -1) return at;
      from = Math.max(0, this.end - this.start - needle.length + 1);
      if (!await this.more()) return -1;
    }
  }
}

const truncated = () =>
  badRequest({ detail: "Multipart form parse error - the body ends inside a part" });

/**
 * Yields the parts of a multipart body in order, reading at most `limit` bytes (413 beyond).
 *
 * @example
 * ```ts
 * // for await (const part of readMultipart(req.body!, { boundary, limit })) ...
 * ```
 */
export async function* readMultipart(
  body: ReadableStream<Uint8Array>,
  { boundary, limit }: { boundary: string; limit: number },
): AsyncGenerator<FormPart> {
  const source = new Source(body.getReader(), limit);
  try {
    const delimiter = encoder.encode(`\r\n--${boundary}`);
    // The first delimiter may come without its leading CRLF.
    source.append(CRLF);
    let at = await source.find(delimiter);
    if (at === -1) throw truncated();
    source.consume(at + delimiter.length);
    for (;;) {
      while (source.end - source.start < 2 && await source.more());
      const next = source.buffer;
      if (next[0] === 45 && next[1] === 45) break; // "--": the end.
      const headersEnd = await source.find(encoder.encode("\r\n\r\n"));
      if (headersEnd === -1) throw truncated();
      const head = parseHeaders(source.buffer.subarray(2, headersEnd));
      source.consume(headersEnd + 4);
      at = await source.find(delimiter);
      if (at === -1) throw truncated();
      yield { ...head, bytes: source.buffer.slice(0, at) };
      source.consume(at + delimiter.length);
    }
  } finally {
    await source.reader.cancel().catch(() => {});
  }
}
