/**
 * Reading a byte stream whole within a size limit: the one place that collects request bodies,
 * TUS chunks and downloaded files.
 *
 * @module
 */

/**
 * All bytes of `stream`, or null as soon as more than `limit` arrive (the stream is then
 * cancelled). A missing stream reads as no bytes.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { readBytesWithin } from "./read_bytes.ts";
 * strictEqual((await readBytesWithin(new Response("abc").body, 10))?.length, 3);
 * strictEqual(await readBytesWithin(new Response("abc").body, 2), null);
 * ```
 */
export async function readBytesWithin(
  stream: ReadableStream<Uint8Array> | null | undefined,
  limit: number,
): Promise<Uint8Array<ArrayBuffer> | null> {
  const parts: Uint8Array[] = [];
  let total = 0;
  const reader = stream?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}
