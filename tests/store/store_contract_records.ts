/**
 * Record builders shared by the store contract suites.
 *
 * @module
 */

import type { Store, TaskRecord, UserRecord } from "../../lib/store/types.ts";
import type { WireShape, WireTag, WireTrack } from "../../lib/core/wire_types.ts";

/** A store under test and how to dispose of it. */
export interface StoreUnderTest {
  store: Store;
  cleanup: () => void | Promise<void>;
}

/** Builds a fresh store for one test. */
export type MakeStore = () => Promise<StoreUnderTest>;

/**
 * Registers one contract case for a store.
 *
 * @example
 * ```ts
 * // contractCase("memory", makeStore, "tables: CRUD", async (store) => { ... });
 * ```
 */
export function contractCase(
  name: string,
  makeStore: MakeStore,
  title: string,
  body: (store: Store) => Promise<void>,
): void {
  Deno.test(`${name} store: ${title}`, async () => {
    const { store, cleanup } = await makeStore();
    try {
      await body(store);
    } finally {
      store.close();
      await cleanup();
    }
  });
}

/**
 * Task fields with defaults.
 *
 * @example
 * ```ts
 * // await store.tasks.create(taskFields({ name: "a" }));
 * ```
 */
export function taskFields(overrides: Partial<TaskRecord> = {}): Omit<TaskRecord, "id"> {
  return {
    name: "task",
    projectId: null,
    ownerId: 1,
    assigneeId: null,
    bugTracker: "",
    overlap: null,
    segmentSize: 0,
    status: "annotation",
    subset: "",
    mode: "",
    dimension: "2d",
    organizationId: null,
    guideId: null,
    targetStorage: null,
    sourceStorage: null,
    data: null,
    createdDate: "2024-01-01T00:00:00.000000Z",
    updatedDate: "2024-01-01T00:00:00.000000Z",
    ...overrides,
  };
}

/**
 * User fields with defaults.
 *
 * @example
 * ```ts
 * // await store.users.create(userFields("ann"));
 * ```
 */
export function userFields(username: string, email = `${username}@x.org`): Omit<UserRecord, "id"> {
  return {
    username,
    email,
    firstName: "",
    lastName: "",
    passwordHash: "x",
    groups: ["user"],
    isStaff: false,
    isSuperuser: false,
    isActive: true,
    dateJoined: "2024-01-01T00:00:00.000000Z",
    lastLogin: null,
    tokenKey: null,
  };
}

/**
 * Task data with `frames` frame entries (100k frames make a record of about 5 MB).
 *
 * @example
 * ```ts
 * // taskFields({ data: taskData(100_000) })
 * ```
 */
export function taskData(frames: number): TaskRecord["data"] {
  return {
    id: 1,
    size: frames,
    imageQuality: 70,
    chunkSize: 36,
    startFrame: 0,
    stopFrame: frames - 1,
    frameFilter: "",
    compressedChunkType: "imageset",
    originalChunkType: "imageset",
    frames: Array.from({ length: frames }, (_, i) => ({
      name: `images/folder_${i % 97}/frame_${String(i).padStart(6, "0")}.jpg`,
      width: 1920,
      height: 1080,
    })),
    deletedFrames: [],
    sortingMethod: "lexicographical",
    storageMethod: "cache",
    storage: "local",
  };
}

/**
 * A rectangle shape.
 *
 * @example
 * ```ts
 * // shape(5, 0)
 * ```
 */
export function shape(id: number, frame = 0): WireShape {
  return {
    id,
    type: "rectangle",
    frame,
    label_id: 1,
    group: 0,
    source: "manual",
    occluded: false,
    outside: false,
    z_order: 0,
    rotation: 0,
    points: [id, id + 0.5, id + 10.25, id + 20.75],
    attributes: [],
    elements: [],
  };
}

/**
 * A tag.
 *
 * @example
 * ```ts
 * // tag(1)
 * ```
 */
export function tag(id: number, frame = 0): WireTag {
  return { id, frame, label_id: 2, group: 0, source: "manual", attributes: [] };
}

/**
 * A track with `keyframes` keyframes (3000 make an object over 60 KiB).
 *
 * @example
 * ```ts
 * // track(1, 3000)
 * ```
 */
export function track(id: number, keyframes = 2): WireTrack {
  return {
    id,
    frame: 0,
    label_id: 3,
    group: 0,
    source: "manual",
    attributes: [],
    elements: [],
    shapes: Array.from({ length: keyframes }, (_, frame) => ({
      id: id * 100_000 + frame,
      type: "polygon" as const,
      frame,
      occluded: false,
      outside: false,
      z_order: 0,
      rotation: 0,
      points: [frame, 1.5, frame + 3.25, 7.5, frame + 9.125, 2.5],
      attributes: [],
    })),
  };
}

/**
 * Collects an async iterable.
 *
 * @example
 * ```ts
 * // const rows = await collect(store.tasks.list());
 * ```
 */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/**
 * Ids of records.
 *
 * @example
 * ```ts
 * // ids(await store.tasks.listBy("ownerId", 1))
 * ```
 */
export const ids = (rows: ({ id?: number | null } | null)[]): (number | null)[] =>
  rows.map((row) => row?.id ?? null);
