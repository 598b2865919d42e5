/**
 * Builders of core records (ObjectRecord, Keyframe, Position) shared by the tests of the pure
 * record operations (merge, split, statistics, track interpolation), and the skeleton label
 * they use.
 */
import type { WireLabel } from "../../lib/core/wire_types.ts";
import type { Keyframe, ObjectRecord, Position } from "../../lib/core/model.ts";

/** The "body" skeleton label (id 10) with sublabels head (11) and hand (12). */
export const BODY_JSON: WireLabel = {
  id: 10,
  name: "body",
  type: "skeleton",
  attributes: [],
  sublabels: [
    { id: 11, name: "head", type: "points", attributes: [] },
    { id: 12, name: "hand", type: "points", attributes: [] },
  ],
};

/** Fields of a record that was saved and edited, so that a test sees which ones are reset. */
export const USED: Partial<ObjectRecord> = {
  serverID: 500,
  group: 3,
  source: "auto",
  lock: true,
  hidden: true,
  pinned: true,
  descriptions: ["note"],
};

/** The fields of a record; only `objectType` is required. */
export type RecordFields = Partial<ObjectRecord> & Pick<ObjectRecord, "objectType">;

/**
 * Record builders with their own clientID counter (from 1). `record` gives a new manual, visible
 * rectangle of label 1 on frame 0 with `defaults` and then `fields` over it; `track` a track
 * record that starts on its first keyframe.
 */
export function recordBuilders(defaults: Partial<ObjectRecord> = {}) {
  let nextID = 1;
  const record = (fields: RecordFields): ObjectRecord => ({
    clientID: nextID++,
    serverID: null,
    parentID: null,
    shapeType: "rectangle",
    labelId: 1,
    frame: 0,
    group: 0,
    source: "manual",
    attributes: {},
    position: null,
    keyframes: null,
    elements: [],
    lock: false,
    hidden: false,
    pinned: false,
    color: "#ff0000",
    descriptions: [],
    ...structuredClone(defaults),
    ...fields,
  });
  const track = (keyframes: Keyframe[], fields: Partial<ObjectRecord> = {}): ObjectRecord =>
    record({ objectType: "track", frame: keyframes[0].frame, keyframes, ...fields });
  return { record, track };
}

/** A visible, unoccluded, unrotated position at z-order 0. */
export function position(points: number[], fields: Partial<Position> = {}): Position {
  return { points, rotation: 0, occluded: false, outside: false, zOrder: 0, ...fields };
}

/** A visible rectangle keyframe whose box `[x, 0, x + 10, 10]` starts at x, with no server id. */
export function rectKeyframe(frame: number, x: number, fields: Partial<Keyframe> = {}): Keyframe {
  return { frame, ...position([x, 0, x + 10, 10]), attributes: {}, serverID: null, ...fields };
}

/** The keyframes of a track record as `[frame, outside]` pairs. */
export function frames(result: ObjectRecord): [number, boolean][] {
  return result.keyframes!.map((k) => [k.frame, k.outside]);
}

/** A `nextClientID` that counts from 1001, and the list of the ids it issued. */
export function clientIDs(): { nextClientID: () => number; issued: number[] } {
  const issued: number[] = [];
  let id = 1000;
  return {
    nextClientID: () => {
      issued.push(++id);
      return id;
    },
    issued,
  };
}
