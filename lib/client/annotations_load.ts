/**
 * The lazily loaded annotations of a session: on first use `GET .../annotations` (keeping the
 * `version` and, when the server sends one, the `ETag`) and the frame meta, then a core
 * collection (`createAnnotations`) that imports them. Concurrent first uses share one load; a
 * failed load is retried on the next use. The collection's changes are announced on the
 * session's bus.
 *
 * @module
 */

import type { FrameMeta, SessionState } from "./session.ts";
import { type Annotations, type CollectionChange, createAnnotations } from "../core/collection.ts";
import type { LabeledData } from "../core/wire_types.ts";
import type { EventBus } from "./session_events.ts";

/** A loaded collection with what its saver needs. */
export interface LoadedAnnotations {
  core: Annotations;
  /** The server's `version` of the annotations, threaded through every write. */
  version: number;
  /** The server's `ETag` (our server: `"<revision>"`), or null when it sends none. */
  etag: string | null;
  /** Set by a full `clear()`: the next save replaces everything with one PUT. */
  flush: boolean;
  /** Idempotency keys of writes whose outcome is unknown (network errors), by request. */
  retryKeys: Map<string, string>;
}

/** The loader of one session. */
export interface AnnotationsLoader {
  /** The loaded collection, loading it first if needed. */
  get(): Promise<LoadedAnnotations>;
  /** The collection if it is loaded (or being reloaded: the previous one), else null. */
  current(): LoadedAnnotations | null;
  /** Drops the collection and loads it again from the server. */
  reload(): Promise<LoadedAnnotations>;
}

/**
 * A frame's size from the frame meta: `frames[frame - startFrame]` (a video's meta has one
 * entry for every frame).
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { frameSizeOf } from "./annotations_load.ts";
 * const size = frameSizeOf({ frames: [{ width: 4, height: 3, name: "a" }] }, 10);
 * deepStrictEqual(size(12), { width: 4, height: 3 });
 * ```
 */
export function frameSizeOf(
  meta: Pick<FrameMeta, "frames">,
  startFrame: number,
): (frame: number) => { width: number; height: number } | undefined {
  return (frame) => {
    const entry = meta.frames.length === 1 ? meta.frames[0] : meta.frames[frame - startFrame];
    return entry ? { width: entry.width, height: entry.height } : undefined;
  };
}

/** Announces one recorded operation: the objects it touched and the history change. */
function announce(bus: EventBus, core: () => Annotations | null, change: CollectionChange): void {
  const { action, frame } = change;
  for (
    const [type, ids] of [
      ["objects:created", change.created],
      ["objects:updated", change.updated],
      ["objects:deleted", change.deleted],
    ] as const
  ) {
    if (ids.length) bus.emit(type, { clientIDs: ids, frame, action });
  }
  const clientIDs = [...change.created, ...change.updated, ...change.deleted];
  bus.emit("history:changed", {
    reason: "record",
    action,
    frame,
    clientIDs,
    history: core()?.history.get(),
  });
}

async function load(state: SessionState, isCurrent: (core: Annotations) => boolean) {
  const { ctx, target } = state;
  const [response, meta] = await Promise.all([
    ctx.http.request("GET", `/${target.kind}s/${target.id}/annotations`),
    state.meta(),
  ]);
  const etag = response.headers.get("etag");
  const data = await response.json() as LabeledData & { version?: number };
  let core: Annotations | null = null;
  core = createAnnotations({
    labels: target.labels(),
    startFrame: target.startFrame,
    stopFrame: target.stopFrame,
    frameSize: frameSizeOf(meta, target.startFrame),
    deletedFrames: meta.deleted_frames ?? [],
    onChange: (change) => {
      // States of a collection that was reloaded since act on a copy nobody sees.
      if (core && isCurrent(core)) announce(state.bus, () => core, change);
    },
  });
  core.import(data);
  const loaded: LoadedAnnotations = {
    core,
    version: typeof data.version === "number" ? data.version : 0,
    etag,
    flush: false,
    retryKeys: new Map(),
  };
  return loaded;
}

/**
 * Creates the loader of a session's annotations.
 *
 * @example
 * ```ts
 * // const loader = createLoader(state); const { core } = await loader.get();
 * ```
 */
export function createLoader(state: SessionState): AnnotationsLoader {
  let loaded: LoadedAnnotations | null = null;
  let loading: Promise<LoadedAnnotations> | null = null;
  const start = () => {
    const promise = load(state, (core) => loaded?.core === core);
    loading = promise;
    promise.then(
      (result) => {
        if (loading === promise) [loaded, loading] = [result, null];
      },
      () => {
        if (loading === promise) loading = null;
      },
    );
    return promise;
  };
  return {
    get() {
      if (loading) return loading;
      return loaded ? Promise.resolve(loaded) : start();
    },
    current: () => loaded,
    reload: start,
  };
}
