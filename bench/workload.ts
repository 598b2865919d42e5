/**
 * Deterministic benchmark workloads in the server's wire format (LabeledData), shared by
 * `deno bench` and by the out-of-repo harness that runs the real cvat-core on the same data
 * (bench/README.md). Everything comes from one mulberry32 stream per workload, and only integer
 * or exactly-rounded arithmetic is used, so Deno and Node produce byte-identical JSON.
 *
 * Algorithm (one PRNG stream, `int(n) = Math.floor(rng() * n)`, `pick(a) = a[int(a.length)]`):
 * 1. Shapes `i = 0..shapes-1` (server ids 1..shapes), rectangles:
 *    `frame = int(F)`, `car = rng() < 0.6`, `w = 16 + int(240)`, `h = 16 + int(240)`,
 *    `x = int(W - w)`, `y = int(H - h)`, `occluded = rng() < 0.1`, `z_order = int(4)`,
 *    immutable value `pick(values)`, mutable value (car: `String(int(201))`, person: `pick(values)`).
 *    Attributes `[immutable, mutable]`; points `[x, y, x + w, y + h]`.
 * 2. Rectangle tracks, then polygon tracks (track ids go on from 1, keyframe ids from 1):
 *    `step = stepMin + int(stepSpread)`, `start = int(F - (K - 1) * step)`, `car = rng() < 0.6`,
 *    immutable value, mutable value, `z_order = int(4)`, `lastOutside = rng() < lastOutsideP`, then the
 *    geometry: rectangle `w, h, x, y` as for shapes; polygon `n = 4 + int(5)`, `r = 30 + int(90)`,
 *    `cx = r + int(W - 2r)`, `cy = r + int(H - 2r)` and `n` radii factors `0.6 + 0.4 * rng()`.
 *    Keyframe `k = 0..K-1` at `start + k * step`: for `k > 0` first `dx = int(41) - 20`,
 *    `dy = int(41) - 20` (clamped so the box stays in the frame), then `occluded = rng() < 0.1`,
 *    then for `k > 0` the mutable value changes when `rng() < 0.2` (a new value drawn as above);
 *    `outside = lastOutside && k === K - 1`. Polygon vertex j: direction `DIRS[floor(j * 8 / n)]`,
 *    `Math.round(c + d * r * factor_j)`.
 *
 * @module
 */

import type { LabeledData, WireLabel, WireShape, WireTrack } from "../lib/core/wire_types.ts";

/** Frame size of every workload. */
export const FRAME_WIDTH = 1920;
/** Frame size of every workload. */
export const FRAME_HEIGHT = 1080;

/** The two labels, each with one immutable and one mutable attribute. */
export function workloadLabels(): WireLabel[] {
  return [
    {
      id: 1,
      name: "car",
      color: "#fa3253",
      type: "any",
      attributes: [
        {
          id: 1,
          name: "model",
          mutable: false,
          input_type: "select",
          default_value: "sedan",
          values: ["sedan", "suv", "truck", "bus"],
        },
        {
          id: 2,
          name: "speed",
          mutable: true,
          input_type: "number",
          default_value: "0",
          values: ["0", "200", "1"],
        },
      ],
    },
    {
      id: 2,
      name: "person",
      color: "#3d3df5",
      type: "any",
      attributes: [
        {
          id: 3,
          name: "gender",
          mutable: false,
          input_type: "radio",
          default_value: "unknown",
          values: ["unknown", "female", "male"],
        },
        {
          id: 4,
          name: "pose",
          mutable: true,
          input_type: "select",
          default_value: "standing",
          values: ["standing", "walking", "sitting"],
        },
      ],
    },
  ];
}

/**
 * A filter that matches nothing in these workloads ("pose" is never "lying"), so a search runs
 * over the whole range.
 */
export const NO_MATCH_FILTER = {
  and: [
    { "==": [{ var: "label" }, "person"] },
    { "==": [{ var: "attr.person.pose" }, "lying"] },
  ],
};

/** mulberry32: a 32-bit seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Parameters of `generateWorkload`. */
export interface WorkloadOptions {
  seed: number;
  frames: number;
  shapes: number;
  rectangleTracks: number;
  polygonTracks: number;
  keyframes: number;
  stepMin: number;
  stepSpread: number;
  lastOutsideP: number;
}

/** A generated workload: labels (server JSON), frame count and size, and the annotations. */
export interface Workload {
  labels: WireLabel[];
  frames: number;
  width: number;
  height: number;
  data: LabeledData;
}

const DIRS: readonly (readonly [number, number])[] = [
  [1, 0],
  [0.7, 0.7],
  [0, 1],
  [-0.7, 0.7],
  [-1, 0],
  [-0.7, -0.7],
  [0, -1],
  [0.7, -0.7],
];

const CAR_MODELS = ["sedan", "suv", "truck", "bus"];
const GENDERS = ["unknown", "female", "male"];
const POSES = ["standing", "walking", "sitting"];

/** Builds a workload from explicit parameters (see the module doc for the exact algorithm). */
export function generateWorkload(o: WorkloadOptions): Workload {
  const rng = mulberry32(o.seed);
  const int = (n: number): number => Math.floor(rng() * n);
  const pick = (a: readonly string[]): string => a[int(a.length)];
  const W = FRAME_WIDTH, H = FRAME_HEIGHT, F = o.frames;
  const mutableValue = (car: boolean): string => car ? String(int(201)) : pick(POSES);

  const shapes: WireShape[] = [];
  for (let i = 0; i < o.shapes; i++) {
    const frame = int(F);
    const car = rng() < 0.6;
    const w = 16 + int(240);
    const h = 16 + int(240);
    const x = int(W - w);
    const y = int(H - h);
    const occluded = rng() < 0.1;
    const zOrder = int(4);
    const immutable = pick(car ? CAR_MODELS : GENDERS);
    const mutable = mutableValue(car);
    shapes.push({
      id: i + 1,
      type: "rectangle",
      frame,
      label_id: car ? 1 : 2,
      group: 0,
      source: "manual",
      occluded,
      outside: false,
      z_order: zOrder,
      rotation: 0,
      points: [x, y, x + w, y + h],
      attributes: [
        { spec_id: car ? 1 : 3, value: immutable },
        { spec_id: car ? 2 : 4, value: mutable },
      ],
      elements: [],
    });
  }

  const tracks: WireTrack[] = [];
  let keyframeID = 0;
  const K = o.keyframes;
  const total = o.rectangleTracks + o.polygonTracks;
  for (let t = 0; t < total; t++) {
    const polygon = t >= o.rectangleTracks;
    const step = o.stepMin + int(o.stepSpread);
    const start = int(F - (K - 1) * step);
    const car = rng() < 0.6;
    const immutable = pick(car ? CAR_MODELS : GENDERS);
    let mutable = mutableValue(car);
    const zOrder = int(4);
    const lastOutside = rng() < o.lastOutsideP;

    let w = 0, h = 0, x = 0, y = 0, n = 0, r = 0, cx = 0, cy = 0;
    const factors: number[] = [];
    if (polygon) {
      n = 4 + int(5);
      r = 30 + int(90);
      cx = r + int(W - 2 * r);
      cy = r + int(H - 2 * r);
      for (let j = 0; j < n; j++) factors.push(0.6 + 0.4 * rng());
    } else {
      w = 16 + int(240);
      h = 16 + int(240);
      x = int(W - w);
      y = int(H - h);
    }

    const track: WireTrack = {
      id: t + 1,
      frame: start,
      label_id: car ? 1 : 2,
      group: 0,
      source: "manual",
      attributes: [{ spec_id: car ? 1 : 3, value: immutable }],
      shapes: [],
      elements: [],
    };
    for (let k = 0; k < K; k++) {
      if (k > 0) {
        const dx = int(41) - 20;
        const dy = int(41) - 20;
        if (polygon) {
          cx = Math.min(Math.max(cx + dx, r), W - r);
          cy = Math.min(Math.max(cy + dy, r), H - r);
        } else {
          x = Math.min(Math.max(x + dx, 0), W - w);
          y = Math.min(Math.max(y + dy, 0), H - h);
        }
      }
      const occluded = rng() < 0.1;
      if (k > 0 && rng() < 0.2) mutable = mutableValue(car);
      let points: number[];
      if (polygon) {
        points = [];
        for (let j = 0; j < n; j++) {
          const d = DIRS[Math.floor((j * 8) / n)];
          points.push(
            Math.round(cx + d[0] * r * factors[j]),
            Math.round(cy + d[1] * r * factors[j]),
          );
        }
      } else {
        points = [x, y, x + w, y + h];
      }
      track.shapes.push({
        id: ++keyframeID,
        type: polygon ? "polygon" : "rectangle",
        frame: start + k * step,
        occluded,
        outside: lastOutside && k === K - 1,
        z_order: zOrder,
        rotation: 0,
        points,
        attributes: [{ spec_id: car ? 2 : 4, value: mutable }],
      });
    }
    tracks.push(track);
  }

  return {
    labels: workloadLabels(),
    frames: F,
    width: W,
    height: H,
    data: { version: 0, tags: [], shapes, tracks },
  };
}

/**
 * DESIGN's reference workload: 500 frames, 2000 rectangle shapes, 300 rectangle tracks and 50
 * polygon tracks with 10 keyframes each (5–10 frames apart; half of them end with an outside
 * keyframe), seed 42.
 */
export function referenceWorkload(): Workload {
  return generateWorkload({
    seed: 42,
    frames: 500,
    shapes: 2000,
    rectangleTracks: 300,
    polygonTracks: 50,
    keyframes: 10,
    stepMin: 5,
    stepSpread: 6,
    lastOutsideP: 0.5,
  });
}

/**
 * A large job of `n` objects (default 100k) over `ceil(n / 20)` frames: 5% tracks (a tenth of
 * them polygons), each with 5 keyframes 11–15 frames apart whose last is outside (~44–60 frames
 * alive), and the rest rectangle shapes. Seed 42.
 */
export function largeWorkload(n = 100_000): Workload {
  const tracks = Math.round(n * 0.05);
  const polygonTracks = Math.floor(tracks / 10);
  return generateWorkload({
    seed: 42,
    frames: Math.max(61, Math.ceil(n / 20)),
    shapes: n - tracks,
    rectangleTracks: tracks - polygonTracks,
    polygonTracks,
    keyframes: 5,
    stepMin: 11,
    stepSpread: 5,
    lastOutsideP: 1,
  });
}

/** One shape to put: plain data both harnesses turn into an ObjectState. */
export interface PutShape {
  frame: number;
  labelId: number;
  points: number[];
  occluded: boolean;
  zOrder: number;
  /** Attribute id → value (both attributes of the label). */
  attributes: Record<number, string>;
}

/** `count` rectangle shapes to put (seed 43), on frames of a `frames`-frame job. */
export function putShapes(count = 1000, frames = 500): PutShape[] {
  const rng = mulberry32(43);
  const int = (n: number): number => Math.floor(rng() * n);
  const pick = (a: readonly string[]): string => a[int(a.length)];
  const out: PutShape[] = [];
  for (let i = 0; i < count; i++) {
    const frame = int(frames);
    const car = rng() < 0.6;
    const w = 16 + int(240);
    const h = 16 + int(240);
    const x = int(FRAME_WIDTH - w);
    const y = int(FRAME_HEIGHT - h);
    const occluded = rng() < 0.1;
    const zOrder = int(4);
    const immutable = pick(car ? CAR_MODELS : GENDERS);
    const mutable = car ? String(int(201)) : pick(POSES);
    out.push({
      frame,
      labelId: car ? 1 : 2,
      points: [x, y, x + w, y + h],
      occluded,
      zOrder,
      attributes: car ? { 1: immutable, 2: mutable } : { 3: immutable, 4: mutable },
    });
  }
  return out;
}

/** One edit for the undo/redo benchmark: move the shape with server id `shapeID` on `frame`. */
export interface ShapeEdit {
  shapeID: number;
  frame: number;
  points: number[];
}

/**
 * `count` edits (default 100) that each move one imported shape (every 20th: server ids 1, 21,
 * 41, ...) 5 px right and down (up and left when that would leave the frame); a harness applies each with one `save()` so history holds `count`
 * 'Changed points' entries, then times `count` undo(1) and `count` redo(1).
 */
export function shapeEdits(data: LabeledData, count = 100): ShapeEdit[] {
  const out: ShapeEdit[] = [];
  for (let i = 0; i < count; i++) {
    const s = data.shapes[(i * 20) % data.shapes.length];
    const room = s.points[2] + 5 <= FRAME_WIDTH && s.points[3] + 5 <= FRAME_HEIGHT;
    const shift = room ? 5 : -5;
    out.push({ shapeID: s.id as number, frame: s.frame, points: s.points.map((v) => v + shift) });
  }
  return out;
}
