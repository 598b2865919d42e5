/**
 * A session's `frames` namespace and `FrameData`.
 *
 * `frames.get(n)` checks `n` against the session's range (task frame numbers: a Job accepts its
 * `startFrame..stopFrame`, a Task `0..size − 1`), reads the frame meta once and answers a
 * `FrameData` whose `image()` reads the frame from its decoded chunk (see `frame_loader.ts` for
 * the chunk cache and prefetching). When `get` resolves, the session's bus emits
 * `"frame:loaded"` `{ frame }` (the meta is known then; the image itself is fetched on demand by
 * `image()`). When `get`, `preview` or `FrameData.image` fails, the bus emits `"exception"`
 * `{ error }` before the call rejects.
 *
 * Plugin paths: `"<Task|Job>.frames.get"`, `"<Task|Job>.frames.preview"`,
 * `"<Task|Job>.frames.cachedChunks"` (`this` = the Task or Job) and `"FrameData.image"` (`this` =
 * the FrameData; `data()` is the same call).
 *
 * @module
 */

import type { SessionState } from "./session.ts";
import { createFrameLoader, type FrameLoader } from "./frame_loader.ts";
import { announceFailure, wrapSessionMethod } from "./session_wrap.ts";

/** The fields of a `FrameData`. */
export interface FrameFields {
  number: number;
  width: number;
  height: number;
  name: string;
  /** Whether the frame was deleted when it was read (default false). */
  deleted?: boolean;
}

/**
 * One frame: its number, size and name, and its image on demand.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { FrameData } from "./frames.ts";
 * const frame = new FrameData({ number: 3, width: 64, height: 48, name: "a.jpg" },
 *   () => Promise.resolve(new Blob([new Uint8Array([0xff, 0xd8])], { type: "image/jpeg" })));
 * strictEqual(frame.filename, "a.jpg");
 * strictEqual((await frame.image()).size, 2);
 * ```
 */
export class FrameData {
  /** The task frame number. */
  readonly number: number;
  /** The frame's width in pixels. */
  readonly width: number;
  /** The frame's height in pixels. */
  readonly height: number;
  /** The file name (with its relative path). */
  readonly name: string;
  /** Whether the frame was deleted when it was read. */
  readonly deleted: boolean;
  readonly #load: () => Promise<Blob>;

  /**
   * A frame's data; the sessions make these (`frames.get`).
   *
   * @param fields Number, size and name (and `deleted`).
   * @param load Reads the image (from the chunk cache).
   */
  constructor(fields: FrameFields, load: () => Promise<Blob>) {
    this.number = fields.number;
    this.width = fields.width;
    this.height = fields.height;
    this.name = fields.name;
    this.deleted = fields.deleted ?? false;
    this.#load = load;
  }

  /** The same as `name` (cvat-core's field). */
  get filename(): string {
    return this.name;
  }

  /** The frame's image (JPEG from the compressed chunk). */
  image(): Promise<Blob> {
    return this.#load();
  }

  /** The same as `image()`. */
  data(): Promise<Blob> {
    return this.#load();
  }
}

/** The public `frames` namespace of a Task or Job. */
export interface FramesApi {
  /** The frame's `FrameData` (an `ArgumentError` for a frame outside the session). */
  get(frame: number): Promise<FrameData>;
  /** The session's preview as a data URL (`""` when the server has none). */
  preview(): Promise<string>;
  /** The numbers of the decoded chunks kept in the cache. */
  cachedChunks(): Promise<number[]>;
}

const loaders = new WeakMap<FramesApi, FrameLoader>();

/**
 * Resolves when the background chunk fetches of a `frames` namespace are done (for tests and
 * for callers that want the prefetch finished before they go on).
 *
 * @example
 * ```ts
 * // await job.frames.get(0); await framesIdle(job.frames);
 * ```
 */
export function framesIdle(frames: FramesApi): Promise<void> {
  return loaders.get(frames)?.idle() ?? Promise.resolve();
}

/**
 * Base64 of bytes (in slices, so that large images do not overflow the argument list).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { base64 } from "./frames.ts";
 * strictEqual(base64(new TextEncoder().encode("cvat")), "Y3ZhdA==");
 * ```
 */
export function base64(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}

async function previewUrl(state: SessionState): Promise<string> {
  const { target, ctx } = state;
  const response = await ctx.http.request("GET", `/${target.kind}s/${target.id}/preview`, {
    accept: [404],
  });
  if (response.status === 404) {
    await response.body?.cancel();
    return "";
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  const type = (response.headers.get("content-type") ?? "").split(";")[0].trim() || "image/jpeg";
  return `data:${type};base64,${base64(bytes)}`;
}

/**
 * Builds the `frames` namespace of a session.
 *
 * @example
 * ```ts
 * // const frames = createFramesApi(state); const frame = await frames.get(0);
 * // const jpeg = await frame.image();
 * ```
 */
export function createFramesApi(state: SessionState): FramesApi {
  const loader = createFrameLoader(state);
  const image = state.ctx.plugins.wrap("FrameData.image", function (this: FrameData) {
    return loader.image(this.number);
  });
  const get = wrapSessionMethod(state, ["frames", "get"], async (frame: number) => {
    loader.check(frame);
    const info = await loader.info(frame);
    const frameData: FrameData = new FrameData(
      info,
      () => announceFailure(state, image, frameData)(),
    );
    await loader.prefetch(frame);
    return frameData;
  });
  const api: FramesApi = {
    async get(frame) {
      const frameData = await get(frame);
      state.bus.emit("frame:loaded", { frame });
      return frameData;
    },
    preview: wrapSessionMethod(state, ["frames", "preview"], () => previewUrl(state)),
    cachedChunks: wrapSessionMethod(state, ["frames", "cachedChunks"], () => loader.cachedChunks()),
  };
  loaders.set(api, loader);
  return api;
}
