/**
 * A session's `frames` namespace and `FrameData` (STUB).
 *
 * @module
 */

import type { SessionState } from "./session.ts";

/** One frame: its number, size and name, and its image on demand. */
export class FrameData {
  /** The task frame number. */
  readonly number: number;
  readonly width: number;
  readonly height: number;
  /** The file name (with its relative path). */
  readonly name: string;
  readonly #load: () => Promise<Blob>;

  /**
   * @param fields Number, size and name.
   * @param load Reads the image (from the chunk cache).
   */
  constructor(
    fields: { number: number; width: number; height: number; name: string },
    load: () => Promise<Blob>,
  ) {
    this.number = fields.number;
    this.width = fields.width;
    this.height = fields.height;
    this.name = fields.name;
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
  get(frame: number): Promise<FrameData>;
  preview(): Promise<string>;
}

/**
 * Builds the `frames` namespace of a session.
 *
 * @example
 * ```ts
 * // const frames = createFramesApi(state); const frame = await frames.get(0);
 * ```
 */
export function createFramesApi(state: SessionState): FramesApi {
  const missing = () =>
    Promise.reject(new Error(`frames are not implemented (${state.target.kind})`));
  return { get: missing, preview: missing };
}
