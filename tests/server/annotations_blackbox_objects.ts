/**
 * Wire objects for the black-box annotation tests, built fully specified (every field and every
 * attribute of its class sent), so that what GET answers must equal what was sent up to the
 * normalisation the spec names: ids assigned, `elements: []` on top-level shapes and tracks,
 * lists ordered by frame.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { rect } from "./annotations_blackbox_objects.ts";
 * const ids = { car: 1, person: 2, head: 3, hand: 4, weather: 5, spec: {} };
 * strictEqual(rect(ids, 3, 10).frame, 3);
 * ```
 *
 * @module
 */

import type { Ids, Json } from "./annotations_blackbox_fixture.ts";

const CAR_IMMUTABLE = ["model", "color", "damaged", "doors", "plate"];
const CAR_MUTABLE = ["state", "light", "occupied", "speed", "note"];

/** Values for car attributes by name (missing names take a non-default value). */
export type Values = Record<string, string>;

const SAMPLE: Values = {
  model: "suv",
  color: "blue",
  damaged: "true",
  doors: "2",
  plate: "AB-123",
  state: "moving",
  light: "on",
  occupied: "false",
  speed: "55",
  note: "a note",
};

function carAttributes(ids: Ids, names: string[], values: Values = {}) {
  return names.map((name) => ({
    spec_id: ids.spec[`car.${name}`],
    value: values[name] ?? SAMPLE[name],
  }));
}

/**
 * A car rectangle at `frame` with every car attribute set.
 *
 * @example
 * ```ts
 * // rect(w.ids, 3, 10, { speed: "70" })
 * ```
 */
export function rect(ids: Ids, frame: number, x: number, values: Values = {}): Json {
  return {
    type: "rectangle",
    frame,
    label_id: ids.car,
    group: 0,
    source: "manual",
    occluded: false,
    outside: false,
    z_order: 1,
    rotation: 15.5,
    points: [x, x + 1.25, x + 30, x + 40.5],
    attributes: carAttributes(ids, [...CAR_IMMUTABLE, ...CAR_MUTABLE], values),
  };
}

/**
 * A car polygon (group 2, source "auto") at `frame`.
 *
 * @example
 * ```ts
 * // polygon(w.ids, 2)
 * ```
 */
export function polygon(ids: Ids, frame: number): Json {
  return {
    ...rect(ids, frame, 0),
    type: "polygon",
    group: 2,
    source: "auto",
    occluded: true,
    rotation: 0,
    z_order: -3,
    points: [1, 1, 20.5, 1, 20.5, 30, 1, 30],
  };
}

function point(ids: Ids, sub: "head" | "hand", frame: number, x: number): Json {
  return {
    type: "points",
    frame,
    label_id: ids[sub],
    group: 0,
    source: "manual",
    occluded: false,
    outside: sub === "hand" && x > 100,
    z_order: 0,
    rotation: 0,
    points: [x, x + 2],
    attributes: sub === "head" ? [{ spec_id: ids.spec["head.visible"], value: "false" }] : [],
  };
}

/**
 * A person skeleton at `frame` with its two elements.
 *
 * @example
 * ```ts
 * // skeleton(w.ids, 4, 50)
 * ```
 */
export function skeleton(ids: Ids, frame: number, x: number): Json {
  return {
    type: "skeleton",
    frame,
    label_id: ids.person,
    group: 0,
    source: "manual",
    occluded: false,
    outside: false,
    z_order: 0,
    rotation: 0,
    points: [],
    attributes: [],
    elements: [point(ids, "head", frame, x), point(ids, "hand", frame, x + 5)],
  };
}

/**
 * A weather tag at `frame`.
 *
 * @example
 * ```ts
 * // tag(w.ids, 0, "rain")
 * ```
 */
export function tag(ids: Ids, frame: number, sky = "rain"): Json {
  return {
    frame,
    label_id: ids.weather,
    group: 0,
    source: "manual",
    attributes: [{ spec_id: ids.spec["weather.sky"], value: sky }],
  };
}

/** A keyframe: `[frame, x]` or `[frame, x, outside]`. */
export type Key = [number, number] | [number, number, boolean];

/**
 * A car rectangle track with the given keyframes (immutable attributes on the track, mutable
 * ones on every keyframe).
 *
 * @example
 * ```ts
 * // carTrack(w.ids, [[1, 0], [5, 40], [7, 40, true]])
 * ```
 */
export function carTrack(ids: Ids, keys: Key[], values: Values = {}): Json {
  return {
    frame: keys[0][0],
    label_id: ids.car,
    group: 1,
    source: "manual",
    attributes: carAttributes(ids, CAR_IMMUTABLE, values),
    shapes: keys.map(([frame, x, outside]) => ({
      type: "rectangle",
      frame,
      occluded: false,
      outside: outside ?? false,
      z_order: 0,
      rotation: 0,
      points: [x, 0, x + 10, 10],
      attributes: carAttributes(ids, CAR_MUTABLE, { ...values, speed: String(x) }),
    })),
  };
}

function elementTrack(ids: Ids, sub: "head" | "hand", keys: Key[]): Json {
  return {
    frame: keys[0][0],
    label_id: ids[sub],
    group: 0,
    source: "manual",
    attributes: [],
    shapes: keys.map(([frame, x, outside]) => ({
      type: "points",
      frame,
      occluded: false,
      outside: outside ?? false,
      z_order: 0,
      rotation: 0,
      points: [x, x + 1],
      attributes: sub === "head" ? [{ spec_id: ids.spec["head.visible"], value: "true" }] : [],
    })),
  };
}

/**
 * A person skeleton track: the skeleton's own keyframes (empty points) and one element track
 * per sublabel with the same keyframes.
 *
 * @example
 * ```ts
 * // skeletonTrack(w.ids, [[2, 10], [6, 30]])
 * ```
 */
export function skeletonTrack(ids: Ids, keys: Key[]): Json {
  return {
    frame: keys[0][0],
    label_id: ids.person,
    group: 0,
    source: "manual",
    attributes: [],
    shapes: keys.map(([frame, _x, outside]) => ({
      type: "skeleton",
      frame,
      occluded: false,
      outside: outside ?? false,
      z_order: 0,
      rotation: 0,
      points: [],
      attributes: [],
    })),
    elements: [elementTrack(ids, "head", keys), elementTrack(ids, "hand", keys)],
  };
}
