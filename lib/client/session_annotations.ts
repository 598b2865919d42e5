/**
 * A session's `annotations` namespace: the core collection's methods (loaded lazily on first
 * use, see `annotations_load.ts`), `save(onUpdate?)` (`saver.ts`), `dump` and `upload`
 * (`annotations_io.ts`). Every method is async and goes through the plugins as
 * `"<Task|Job>.annotations.<name>"` with `this` = the Task or Job.
 *
 * Events: the collection announces `objects:created/updated/deleted` and `history:changed`
 * for every recorded operation (put, merge, split, group, an ObjectState's `save()`/`delete()`);
 * `clear()` announces `objects:deleted` and `history:changed`, `import()` `objects:created`, a
 * successful `save()` `annotations:saved`.
 *
 * @module
 */

import type { SessionState } from "./session.ts";
import { ObjectState } from "../core/object_state.ts";
import type { Statistics } from "../core/statistics.ts";
import type { LabeledData } from "../core/wire_types.ts";
import type { ClearOptions } from "../core/collection_edit.ts";
import type { Annotations } from "../core/collection.ts";
import { ArgumentError } from "../core/errors.ts";
import { show } from "../core/show.ts";
import { createLoader, type LoadedAnnotations } from "./annotations_load.ts";
import { saveAnnotations } from "./saver.ts";
import { dumpAnnotations, uploadAnnotations } from "./annotations_io.ts";
import { wrapSessionMethod } from "./session_wrap.ts";

/** The public `annotations` namespace of a Task or Job. */
export interface AnnotationsApi {
  /**
   * The objects on `frame` (tracks, shapes, tags) that pass `filter` (one JSON-logic object);
   * `allTracks` includes tracks that are outside there.
   */
  get(frame: number, filter?: unknown, options?: { allTracks?: boolean }): Promise<ObjectState[]>;
  /** Adds new objects (all or nothing); answers their clientIDs in input order. */
  put(states: ObjectState[]): Promise<number[]>;
  /** Merges shapes and tracks of one label into one track; answers its clientID. */
  merge(states: ObjectState[]): Promise<number>;
  /** Splits a track at `frame` into two; answers their clientIDs. */
  split(state: ObjectState, frame: number): Promise<number[]>;
  /** Puts the objects in one new group (or none with `reset`); answers the group id. */
  group(states: ObjectState[], reset?: boolean): Promise<number>;
  /**
   * Removes every object, or those in a frame range; `{ reload: true }` drops the local
   * changes and loads the annotations from the server again.
   */
  clear(options?: ClearOptions & { reload?: boolean }): Promise<void>;
  /** Counts per label and in total (cvat-core's shape). */
  statistics(): Promise<Statistics>;
  /** The first frame from `from` to `to` (backwards when `from > to`) with an object that passes. */
  search(filter: unknown, from: number, to: number): Promise<number | null>;
  /** The first frame from `from` to `to` with no object. */
  searchEmpty(from: number, to: number): Promise<number | null>;
  /** The visible shape on `frame` nearest to (x, y), with its distance, or null. */
  select(
    frame: number,
    x: number,
    y: number,
  ): Promise<{ state: ObjectState; distance: number } | null>;
  /** Adds objects from server JSON (LabeledData) without recording history. */
  import(data: LabeledData): Promise<void>;
  /** The objects as server JSON, each with its `clientID` (and `id` once saved). */
  export(): Promise<LabeledData>;
  /** Whether something changed since the last load or save. */
  hasUnsavedChanges(): Promise<boolean>;
  /**
   * Sends the changes to the server (update, then delete, then create; one PUT after a full
   * clear); `onUpdate` gets cvat-core's progress messages.
   */
  save(onUpdate?: (message: string) => void): Promise<void>;
  /** The annotations as a dataset file in `format` (default "CVAT for images 1.1"). */
  dump(format?: string): Promise<ReadableStream<Uint8Array>>;
  /** Replaces the annotations with a dataset file's (default format "CVAT 1.1"). */
  upload(file: Blob | Uint8Array, format?: string): Promise<void>;
}

/** The clientIDs of every top-level object. */
function clientIDs(core: Annotations): Set<number> {
  const data = core.export();
  return new Set([...data.tags, ...data.shapes, ...data.tracks].map((o) => o.clientID!));
}

function checkClearOptions(options: unknown): (ClearOptions & { reload?: boolean }) | undefined {
  if (options === undefined || options === null) return undefined;
  if (typeof options !== "object" || Array.isArray(options)) {
    throw new ArgumentError(`clear() options must be an object, got ${show(options)}`);
  }
  const { reload } = options as { reload?: unknown };
  if (reload !== undefined && typeof reload !== "boolean") {
    throw new ArgumentError(`clear() option reload must be a boolean, got ${show(reload)}`);
  }
  return options as ClearOptions & { reload?: boolean };
}

/** `clear(options)` of a loaded collection; returns whether it was a full clear. */
function clearLoaded(state: SessionState, loaded: LoadedAnnotations, options?: ClearOptions) {
  const { core } = loaded;
  const before = clientIDs(core);
  const { reload: _, ...rest } = (options ?? {}) as ClearOptions & { reload?: boolean };
  if (Object.keys(rest).length) {
    core.clear(rest); // a range (the core checks the keys and values)
  } else {
    core.clear();
    loaded.flush = true;
  }
  const after = clientIDs(core);
  const gone = [...before].filter((id) => !after.has(id));
  if (gone.length) state.bus.emit("objects:deleted", { clientIDs: gone });
  state.bus.emit("history:changed", {
    reason: "clear",
    clientIDs: gone,
    history: core.history.get(),
  });
}

function checkOnUpdate(onUpdate: unknown): (message: string) => void {
  if (onUpdate === undefined || onUpdate === null) return () => {};
  if (typeof onUpdate !== "function") {
    throw new ArgumentError(`onUpdate must be a function, got ${show(onUpdate)}`);
  }
  return onUpdate as (message: string) => void;
}

/** The I/O methods: save, dump, upload. */
function ioMethods(state: SessionState, loader: ReturnType<typeof createLoader>) {
  const { target, ctx } = state;
  const path = `/${target.kind}s/${target.id}/annotations`;
  let saving: Promise<unknown> = Promise.resolve();
  return {
    save(onUpdate?: (message: string) => void): Promise<void> {
      const report = checkOnUpdate(onUpdate);
      // Saves run one after the other: each sends what the previous left unsent.
      const run = saving.then(async () => {
        const loaded = loader.current();
        if (!loaded) return;
        await saveAnnotations({ http: ctx.http, path, onUpdate: report }, loaded);
        state.bus.emit("annotations:saved", {});
      });
      saving = run.catch(() => undefined);
      return run;
    },
    dump: (format = "CVAT for images 1.1") => dumpAnnotations({ http: ctx.http, path }, format),
    async upload(file: Blob | Uint8Array, format = "CVAT 1.1"): Promise<void> {
      await uploadAnnotations({ http: ctx.http, path }, file, format);
      if (loader.current()) await loader.reload();
    },
  };
}

type StateMethod = (this: ObjectState, ...args: unknown[]) => Promise<unknown>;

/**
 * Gives the states a session hands out its client's plugin hooks on `save` and `delete`
 * (`"ObjectState.save"`, `"ObjectState.delete"`, `this` = the state): ObjectState is one class
 * shared by every client, so the hooked methods are set on each state as it is handed out.
 */
function hookStates(state: SessionState): (states: ObjectState[]) => ObjectState[] {
  const proto = ObjectState.prototype as unknown as Record<string, StateMethod>;
  const hooked: Record<string, unknown> = {};
  for (const name of ["save", "delete"]) {
    const original = proto[name];
    hooked[name] = state.ctx.plugins.wrap(
      `ObjectState.${name}`,
      function (this: ObjectState, ...args: unknown[]) {
        return original.apply(this, args);
      },
    );
  }
  return (states) => {
    for (const objectState of states) {
      for (const [name, value] of Object.entries(hooked)) {
        Object.defineProperty(objectState, name, { value, configurable: true, writable: true });
      }
    }
    return states;
  };
}

/** The methods before wrapping. */
function methods(state: SessionState, loader: ReturnType<typeof createLoader>): AnnotationsApi {
  const core = async () => (await loader.get()).core;
  const hook = hookStates(state);
  return {
    get: async (frame, filter, options) => hook((await core()).get(frame, filter, options)),
    put: async (states) => (await core()).put(states),
    merge: async (states) => (await core()).merge(states),
    split: async (objectState, frame) => (await core()).split(objectState, frame),
    group: async (states, reset) => (await core()).group(states, reset),
    async clear(options) {
      const checked = checkClearOptions(options);
      if (checked?.reload) {
        await loader.reload();
        return;
      }
      clearLoaded(state, await loader.get(), checked);
    },
    statistics: async () => (await core()).statistics(),
    search: async (filter, from, to) => (await core()).search(filter, from, to),
    searchEmpty: async (from, to) => (await core()).searchEmpty(from, to),
    async select(frame, x, y) {
      const hit = (await core()).select(frame, x, y);
      if (hit) hook([hit.state]);
      return hit;
    },
    async import(data) {
      const collection = await core();
      const before = clientIDs(collection);
      collection.import(data);
      const added = [...clientIDs(collection)].filter((id) => !before.has(id));
      if (added.length) state.bus.emit("objects:created", { clientIDs: added });
    },
    export: async () => (await core()).export(),
    hasUnsavedChanges: () => Promise.resolve(loader.current()?.core.hasUnsavedChanges() ?? false),
    ...ioMethods(state, loader),
  };
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
  const loader = createLoader(state);
  state.collection = async () => (await loader.get()).core;
  const api = methods(state, loader) as unknown as Record<string, (...args: unknown[]) => unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(api)) {
    out[name] = wrapSessionMethod(state, ["annotations", name], fn);
  }
  return Object.freeze(out) as unknown as AnnotationsApi;
}
