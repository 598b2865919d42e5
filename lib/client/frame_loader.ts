/**
 * Where a session's frames come from: the frame meta (`GET .../data/meta`) for sizes and names,
 * and the compressed chunks (`GET .../data?type=chunk&number=N&quality=compressed`) for images.
 * Chunks are numbered over the task's frames, for a Job too (chunk N holds task frames
 * `N·chunk_size` to `N·chunk_size + chunk_size − 1`; a job is served the whole task chunks that
 * touch its range), as our server and CVAT's image tasks do.
 *
 * Prefetching follows `config.frameLoadPolicy`, read at every `get`: `"full"` queues every chunk
 * of the session after the first `get` (from the requested frame's chunk on, then the earlier
 * ones) and keeps them all; `{ incremental: k }` queues the chunks holding frames `n+1..n+k` that
 * are not cached or under way, and keeps `max(4, ⌈k / chunk_size⌉ + 2)` chunks. The background
 * queue fetches one chunk at a time; its failures are ignored (`image()` tries again).
 *
 * @module
 */

import { ArgumentError, DataError } from "../core/errors.ts";
import type { FrameLoadPolicy } from "./context.ts";
import type { FrameMeta, SessionState } from "./session.ts";
import { type ChunkCache, createChunkCache, unzipChunk } from "./chunk_cache.ts";

/** What the meta says about one frame. */
export interface FrameInfo {
  number: number;
  width: number;
  height: number;
  name: string;
  deleted: boolean;
}

/** The frame source of one session. */
export interface FrameLoader {
  /** Checks a frame number at once (an `ArgumentError` for a non-integer or out of range). */
  check(frame: unknown): void;
  /** The frame's size and name from the meta. */
  info(frame: number): Promise<FrameInfo>;
  /** The frame's image from its (cached) chunk. */
  image(frame: number): Promise<Blob>;
  /** Queues the chunks the policy asks for after `get(frame)`. */
  prefetch(frame: number): Promise<void>;
  /** The decoded chunks kept, least recently used first. */
  cachedChunks(): Promise<number[]>;
  /** Resolves when the background fetches are done. */
  idle(): Promise<void>;
}

/** The number of frames to prefetch, or "full"; an invalid policy prefetches nothing. */
function policyOf(policy: FrameLoadPolicy | undefined): "full" | number {
  if (policy === "full") return "full";
  const k = (policy as { incremental?: unknown } | undefined)?.incremental;
  return typeof k === "number" && Number.isInteger(k) && k > 0 ? k : 0;
}

function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

function chunkRange(from: number, to: number, chunkSize: number): number[] {
  const out: number[] = [];
  for (let n = Math.floor(from / chunkSize); n <= Math.floor(to / chunkSize); n++) out.push(n);
  return out;
}

function fullOrder(state: SessionState, frame: number, chunkSize: number): number[] {
  const { startFrame, stopFrame } = state.target;
  const all = chunkRange(startFrame, stopFrame, chunkSize);
  const first = Math.floor(frame / chunkSize);
  return [...all.filter((n) => n >= first), ...all.filter((n) => n < first)];
}

/**
 * Creates the frame source of a session.
 *
 * @example
 * ```ts
 * // const loader = createFrameLoader(state);
 * // const info = await loader.info(5); const blob = await loader.image(5);
 * ```
 */
export function createFrameLoader(state: SessionState): FrameLoader {
  const { ctx, target } = state;
  const base = `/${target.kind}s/${target.id}`;
  let cache: ChunkCache | null = null;
  let fullStarted = false;

  const loadChunk = async (n: number) => {
    const response = await ctx.http.request("GET", `${base}/data`, {
      query: { type: "chunk", number: n, quality: "compressed" },
    });
    return unzipChunk(new Uint8Array(await response.arrayBuffer()));
  };
  const ready = async (): Promise<{ meta: FrameMeta; cache: ChunkCache }> => {
    const meta = await state.meta();
    if (!Number.isInteger(meta.chunk_size) || meta.chunk_size < 1) {
      throw new DataError(`The frame meta has an invalid chunk_size ${show(meta.chunk_size)}`);
    }
    cache ??= createChunkCache(loadChunk);
    const policy = policyOf(ctx.config.frameLoadPolicy);
    cache.capacity = policy === "full"
      ? Infinity
      : Math.max(4, Math.ceil(policy / meta.chunk_size) + 2);
    return { meta, cache };
  };

  const loader: FrameLoader = {
    check(frame) {
      const { startFrame, stopFrame, className, id } = target;
      if (typeof frame !== "number" || !Number.isInteger(frame)) {
        throw new ArgumentError(`The frame must be an integer, got ${show(frame)}`);
      }
      if (frame < startFrame || frame > stopFrame) {
        throw new ArgumentError(
          `The frame ${frame} is out of the range [${startFrame}, ${stopFrame}] of ${className} ${id}`,
        );
      }
    },
    async info(frame) {
      const { meta } = await ready();
      const index = frame - target.startFrame;
      // A video's meta may describe every frame with a single entry.
      const entry = meta.frames.length === 1 ? meta.frames[0] : meta.frames[index];
      if (!entry) {
        throw new ArgumentError(
          `The frame ${frame} is not in the frame meta of ${target.className} ${target.id}`,
        );
      }
      return {
        number: frame,
        width: entry.width,
        height: entry.height,
        name: entry.name,
        deleted: (meta.deleted_frames ?? []).includes(frame),
      };
    },
    async image(frame) {
      const { meta, cache } = await ready();
      const n = Math.floor(frame / meta.chunk_size);
      const bytes = (await cache.get(n))[frame - n * meta.chunk_size];
      if (!bytes) throw new DataError(`Chunk ${n} holds no image for frame ${frame}`);
      return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "image/jpeg" });
    },
    async prefetch(frame) {
      const policy = policyOf(ctx.config.frameLoadPolicy);
      if (policy === 0 || (policy === "full" && fullStarted)) return;
      const { meta, cache } = await ready();
      if (policy === "full") {
        fullStarted = true;
        cache.prefetch(fullOrder(state, frame, meta.chunk_size));
      } else if (frame < target.stopFrame) {
        const last = Math.min(frame + policy, target.stopFrame);
        cache.prefetch(chunkRange(frame + 1, last, meta.chunk_size));
      }
    },
    cachedChunks: () => Promise.resolve(cache ? cache.cached() : []),
    idle: () => cache ? cache.idle() : Promise.resolve(),
  };
  return loader;
}
