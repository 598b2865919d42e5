/**
 * A session's `annotations` namespace (STUB: to be implemented).
 *
 * @module
 */

import type { SessionState } from "./session.ts";
import type { ObjectState } from "../core/object_state.ts";
import type { Statistics } from "../core/statistics.ts";
import type { LabeledData } from "../core/wire_types.ts";
import type { ClearOptions } from "../core/collection_edit.ts";

/** The public `annotations` namespace of a Task or Job. */
export interface AnnotationsApi {
  get(frame: number, filter?: unknown, options?: { allTracks?: boolean }): Promise<ObjectState[]>;
  put(states: ObjectState[]): Promise<number[]>;
  merge(states: ObjectState[]): Promise<number>;
  split(state: ObjectState, frame: number): Promise<number[]>;
  group(states: ObjectState[], reset?: boolean): Promise<number>;
  clear(options?: ClearOptions & { reload?: boolean }): Promise<void>;
  statistics(): Promise<Statistics>;
  search(filter: unknown, from: number, to: number): Promise<number | null>;
  searchEmpty(from: number, to: number): Promise<number | null>;
  select(
    frame: number,
    x: number,
    y: number,
  ): Promise<{ state: ObjectState; distance: number } | null>;
  import(data: LabeledData): Promise<void>;
  export(): Promise<LabeledData>;
  hasUnsavedChanges(): Promise<boolean>;
  save(onUpdate?: (message: string) => void): Promise<void>;
  dump(format?: string): Promise<ReadableStream<Uint8Array>>;
  upload(file: Blob | Uint8Array, format?: string): Promise<void>;
}

/**
 * Builds the `annotations` namespace of a session and wires `state.collection`.
 *
 * @example
 * ```ts
 * // const annotations = createAnnotationsApi(state); await annotations.get(0);
 * ```
 */
export function createAnnotationsApi(state: SessionState): AnnotationsApi {
  const missing = () =>
    Promise.reject(new Error(`annotations are not implemented (${state.target.kind})`));
  return {
    get: missing,
    put: missing,
    merge: missing,
    split: missing,
    group: missing,
    clear: missing,
    statistics: missing,
    search: missing,
    searchEmpty: missing,
    select: missing,
    import: missing,
    export: missing,
    hasUnsavedChanges: missing,
    save: missing,
    dump: missing,
    upload: missing,
  };
}
