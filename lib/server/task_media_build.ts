/**
 * Builds what `GET /api/{tasks|jobs}/{id}/data` serves, from the originals in the blob store, and
 * caches it there (CVAT's `use_cache`): chunks under `media/task/<id>/chunk/<quality>/<n>`,
 * compressed frames under `media/task/<id>/frame/compressed/<n>`, frame previews under
 * `media/task/<id>/frame/preview/<n>`. Concurrent requests for the same item share one build.
 *
 * @module
 */

import type { ServerContext } from "./context.ts";
import { badRequest, notFound } from "./errors.ts";
import { taskMediaPrefix } from "./task_data_create.ts";
import { originalBlobKey } from "./task_originals.ts";
import type { MediaQuality } from "./task_media_params.ts";
import { DataError } from "../core/errors.ts";
import { chunkEntryName, chunkZip } from "../media/chunks.ts";
import { compressedFrame, previewImage } from "../media/frames.ts";
import { pooledCompressedFrame } from "../media/encode_pool.ts";
import { type ImageInfo, probeImage } from "../media/probe.ts";
import type { Store, TaskDataRecord } from "../store/types.ts";

/** The task whose media is served, with its data record. */
export interface MediaSource {
  ctx: ServerContext;
  taskId: number;
  data: TaskDataRecord;
}

/** Builds in progress, per store and blob key. */
const inflight = new WeakMap<Store, Map<string, Promise<Uint8Array>>>();

/**
 * The blob at `key`, or `build()` stored there first (one build at a time per key).
 *
 * @example
 * ```ts
 * // const zip = await cachedBlob(ctx, "media/task/1/chunk/compressed/0", () => buildChunk());
 * ```
 */
export async function cachedBlob(
  ctx: ServerContext,
  key: string,
  build: () => Promise<Uint8Array>,
): Promise<Uint8Array> {
  const found = await ctx.store.blobs.get(key);
  if (found) return found;
  const running = inflight.get(ctx.store) ?? new Map<string, Promise<Uint8Array>>();
  inflight.set(ctx.store, running);
  const pending = running.get(key);
  if (pending) return await pending;
  const work = (async () => {
    const bytes = await build();
    await ctx.store.blobs.put(key, bytes);
    return bytes;
  })();
  running.set(key, work);
  try {
    return await work;
  } finally {
    running.delete(key);
  }
}

/** The encoder's quality for a task: `image_quality` clamped to 1..100 (0 counts as 1). */
function encoderQuality(data: TaskDataRecord): number {
  return Math.min(100, Math.max(1, Math.round(data.imageQuality) || 1));
}

/** A media failure as a 400 naming the file instead of a 500. */
function asClientError(error: unknown): never {
  if (error instanceof DataError) throw badRequest(error.message);
  throw error;
}

/** One original frame's bytes and header info. */
async function original(src: MediaSource, frame: number): Promise<[Uint8Array, ImageInfo]> {
  const bytes = await src.ctx.store.blobs.get(await originalBlobKey(src.ctx, src.taskId, frame));
  if (!bytes) throw notFound("The frame's media was not found");
  try {
    return [bytes, probeImage(bytes, src.data.frames[frame]?.name ?? `frame ${frame}`)];
  } catch (error) {
    asClientError(error);
  }
}

/** The compressed JPEG of a frame, built from the original (in the worker pool when `pooled`). */
async function buildCompressed(
  src: MediaSource,
  frame: number,
  pooled = false,
): Promise<Uint8Array> {
  const [bytes, info] = await original(src, frame);
  const encode = pooled ? pooledCompressedFrame : compressedFrame;
  try {
    return await encode(bytes, info, encoderQuality(src.data));
  } catch (error) {
    asClientError(error);
  }
}

function compressedKey(taskId: number, frame: number): string {
  return `${taskMediaPrefix(taskId)}frame/compressed/${frame}`;
}

/** The frames of task chunk `n`. */
function chunkFrames(data: TaskDataRecord, n: number): number[] {
  const first = n * data.chunkSize;
  const last = Math.min(first + data.chunkSize, data.size) - 1;
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);
}

const MIME_EXT: Record<ImageInfo["mime"], string> = {
  "image/jpeg": "jpeg",
  "image/png": "png",
  "image/gif": "gif",
  "image/bmp": "bmp",
  "image/webp": "webp",
  "image/tiff": "tiff",
};

/** A frame's own extension (from its name, else from its format). */
function extensionOf(name: string, info: ImageInfo): string {
  const base = name.slice(name.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  const ext = dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
  return /^[a-z0-9]{1,8}$/.test(ext) ? ext : MIME_EXT[info.mime];
}

async function buildChunk(src: MediaSource, n: number, quality: MediaQuality) {
  const frames = chunkFrames(src.data, n);
  if (quality === "original") {
    const entries: { name: string; bytes: Uint8Array }[] = [];
    for (const [i, frame] of frames.entries()) {
      const [bytes, info] = await original(src, frame);
      entries.push({
        name: chunkEntryName(i, extensionOf(src.data.frames[frame].name, info)),
        bytes,
      });
    }
    return chunkZip(entries);
  }
  // Compressed frames are made in parallel by the encode pool, then zipped in frame order.
  const entries = await Promise.all(frames.map(async (frame, i) => {
    const cached = await src.ctx.store.blobs.get(compressedKey(src.taskId, frame));
    return { name: chunkEntryName(i), bytes: cached ?? await buildCompressed(src, frame, true) };
  }));
  return chunkZip(entries);
}

/**
 * Task chunk `n` as a zip (entries in frame order), built on first request and cached.
 *
 * @example
 * ```ts
 * // const zip = await chunkBytes({ ctx, taskId: 1, data: task.data! }, 0, "compressed");
 * ```
 */
export function chunkBytes(
  src: MediaSource,
  n: number,
  quality: MediaQuality,
): Promise<Uint8Array> {
  const key = `${taskMediaPrefix(src.taskId)}chunk/${quality}/${n}`;
  return cachedBlob(src.ctx, key, () => buildChunk(src, n, quality));
}

/**
 * One frame as a single image: the cached compressed JPEG, or the original with its own type.
 *
 * @example
 * ```ts
 * // const { bytes, mime } = await frameBytes(src, 3, "original"); // mime "image/png"
 * ```
 */
export async function frameBytes(
  src: MediaSource,
  frame: number,
  quality: MediaQuality,
): Promise<{ bytes: Uint8Array; mime: string }> {
  if (quality === "original") {
    const [bytes, info] = await original(src, frame);
    return { bytes, mime: info.mime };
  }
  const key = compressedKey(src.taskId, frame);
  const bytes = await cachedBlob(src.ctx, key, () => buildCompressed(src, frame));
  return { bytes, mime: "image/jpeg" };
}

/**
 * A frame's preview JPEG (fitting 256×256): the task's stored preview for frame 0, else built
 * and cached.
 *
 * @example
 * ```ts
 * // const jpeg = await previewBytes(src, job.startFrame);
 * ```
 */
export async function previewBytes(src: MediaSource, frame: number): Promise<Uint8Array> {
  const stored = `${taskMediaPrefix(src.taskId)}preview`;
  if (frame === 0) {
    const found = await src.ctx.store.blobs.get(stored);
    if (found) return found;
  }
  const key = frame === 0 ? stored : `${taskMediaPrefix(src.taskId)}frame/preview/${frame}`;
  return await cachedBlob(src.ctx, key, async () => {
    const [bytes, info] = await original(src, frame);
    try {
      return await previewImage(bytes, info);
    } catch (error) {
      asClientError(error);
    }
  });
}
