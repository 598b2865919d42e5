/**
 * Export results in the store's blobs, with flat memory: a byte stream is written as 1 MiB
 * parts under `<base><generation>/part/<n>` and a small manifest at `<base>manifest` names the
 * current generation; reading streams the parts back one at a time. A new result is written
 * under a fresh generation and switched in by the manifest, so a download of the previous one
 * is never mixed with the new bytes.
 *
 * @module
 */

import type { ServerContext } from "./context.ts";

/** The size of one stored part. */
export const EXPORT_PART_BYTES = 1024 * 1024;

/** What `<base>manifest` holds. */
export interface ExportManifest {
  generation: string;
  parts: number;
  size: number;
}

const manifestKey = (base: string) => `${base}manifest`;
const partKey = (base: string, generation: string, n: number) => `${base}${generation}/part/${n}`;

/**
 * The manifest of the result stored under `base`, or null.
 *
 * @example
 * ```ts
 * // const manifest = await readExportManifest(ctx, "export/task/5/x/");
 * ```
 */
export async function readExportManifest(
  ctx: ServerContext,
  base: string,
): Promise<ExportManifest | null> {
  const bytes = await ctx.store.blobs.get(manifestKey(base));
  if (!bytes) return null;
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as ExportManifest;
  } catch {
    return null;
  }
}

/** Collects chunks into parts of `EXPORT_PART_BYTES` and stores each full part. */
class PartWriter {
  #buffer = new Uint8Array(EXPORT_PART_BYTES);
  #filled = 0;
  parts = 0;
  size = 0;

  constructor(readonly ctx: ServerContext, readonly base: string, readonly generation: string) {}

  async add(chunk: Uint8Array): Promise<void> {
    let at = 0;
    while (at < chunk.byteLength) {
      const take = Math.min(chunk.byteLength - at, EXPORT_PART_BYTES - this.#filled);
      this.#buffer.set(chunk.subarray(at, at + take), this.#filled);
      this.#filled += take;
      at += take;
      if (this.#filled === EXPORT_PART_BYTES) await this.flush();
    }
    this.size += chunk.byteLength;
  }

  async flush(): Promise<void> {
    if (this.#filled === 0) return;
    const key = partKey(this.base, this.generation, this.parts);
    await this.ctx.store.blobs.put(key, this.#buffer.slice(0, this.#filled));
    this.parts += 1;
    this.#filled = 0;
  }
}

/**
 * Writes a byte stream as the result under `base` (replacing any previous result once it is
 * complete); returns its manifest. On an error the partial parts are removed and the previous
 * result stays.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { memoryStore } from "../store/memory.ts";
 * import { writeExportFile } from "./export_files.ts";
 * const ctx = { store: memoryStore(), options: {}, ready: () => Promise.resolve() };
 * const manifest = await writeExportFile(ctx, "export/x/", new Blob(["abc"]).stream());
 * strictEqual(manifest.size, 3);
 * ```
 */
export async function writeExportFile(
  ctx: ServerContext,
  base: string,
  stream: ReadableStream<Uint8Array>,
): Promise<ExportManifest> {
  const generation = crypto.randomUUID();
  const writer = new PartWriter(ctx, base, generation);
  try {
    for await (const chunk of stream) await writer.add(chunk);
    await writer.flush();
  } catch (error) {
    await ctx.store.blobs.deletePrefix(`${base}${generation}/`).catch(() => {});
    throw error;
  }
  const previous = await readExportManifest(ctx, base);
  const manifest = { generation, parts: writer.parts, size: writer.size };
  await ctx.store.blobs.put(manifestKey(base), new TextEncoder().encode(JSON.stringify(manifest)));
  if (previous && previous.generation !== generation) {
    await ctx.store.blobs.deletePrefix(`${base}${previous.generation}/`);
  }
  return manifest;
}

/**
 * Streams the result stored under `base` one part at a time (null when there is none). With
 * `drop`, the streamed result is deleted once the stream is read to its end, fails or is
 * cancelled (unless a newer result replaced it meanwhile: only its own parts then go).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { memoryStore } from "../store/memory.ts";
 * import { openExportFile, writeExportFile } from "./export_files.ts";
 * const ctx = { store: memoryStore(), options: {}, ready: () => Promise.resolve() };
 * await writeExportFile(ctx, "export/x/", new Blob(["abc"]).stream());
 * const file = await openExportFile(ctx, "export/x/");
 * strictEqual(await new Response(file!.stream).text(), "abc");
 * ```
 */
export async function openExportFile(
  ctx: ServerContext,
  base: string,
  options: { drop?: boolean } = {},
): Promise<{ stream: ReadableStream<Uint8Array>; size: number } | null> {
  const manifest = await readExportManifest(ctx, base);
  if (!manifest) return null;
  let next = 0;
  let ended = false;
  const end = async () => {
    if (ended || !options.drop) return;
    ended = true;
    await dropGeneration(ctx, base, manifest.generation).catch(() => {});
  };
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (next >= manifest.parts) {
        controller.close();
        await end();
        return;
      }
      const bytes = await ctx.store.blobs.get(partKey(base, manifest.generation, next));
      next += 1;
      if (!bytes) {
        controller.error(new Error("A part of the exported file is missing"));
        await end();
        return;
      }
      controller.enqueue(bytes);
    },
    cancel: end,
  }, { highWaterMark: 0 });
  return { stream, size: manifest.size };
}

/** Deletes one generation's parts, and the manifest when it still names that generation. */
async function dropGeneration(ctx: ServerContext, base: string, generation: string) {
  const current = await readExportManifest(ctx, base);
  if (current?.generation === generation) await ctx.store.blobs.delete(manifestKey(base));
  await ctx.store.blobs.deletePrefix(`${base}${generation}/`);
}

/**
 * Deletes the result stored under `base` (manifest and every generation); returns how many
 * blobs went.
 *
 * @example
 * ```ts
 * // await deleteExportFile(ctx, "export/task/5/x/");
 * ```
 */
export function deleteExportFile(ctx: ServerContext, base: string): Promise<number> {
  return ctx.store.blobs.deletePrefix(base);
}
