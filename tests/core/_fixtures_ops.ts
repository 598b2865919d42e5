/**
 * Shared fixtures of the collection operation tests (merge/split/group/clear, queries, saver,
 * property tests): labels, wire-object builders and ObjectState builders.
 */

import { deepStrictEqual, throws } from "node:assert/strict";
import {
  type Annotations,
  type AnnotationsOptions,
  ArgumentError,
  createAnnotations,
  type Label,
  type LabeledData,
  type ObjectState,
  type ObjectStateInit,
  type WireAttribute,
  type WireShape,
  type WireTrack,
  type WireTrackedShape,
} from "../../mod.ts";
import { rectangleState, stateOf as stateOn } from "./_fixtures.ts";
import {
  labeledData,
  wireKeyframe,
  wireShape,
  wireTag,
  wireTrack,
  withoutElements,
} from "./_wire.ts";

/** Attribute ids of "car": speed (mutable number), parked (checkbox), model (text). */
export const SPEED = 1, PARKED = 2, MODEL = 3;
/** Label ids. */
export const CAR = 1, PERSON = 2, BODY = 10, HEAD = 11, HAND = 12;

export const LABELS = [
  {
    id: CAR,
    name: "car",
    type: "any",
    attributes: [
      {
        id: SPEED,
        name: "speed",
        mutable: true,
        input_type: "number",
        default_value: "0",
        values: ["0", "200", "1"],
      },
      {
        id: PARKED,
        name: "parked",
        mutable: false,
        input_type: "checkbox",
        default_value: "false",
        values: ["false"],
      },
      {
        id: MODEL,
        name: "model",
        mutable: false,
        input_type: "text",
        default_value: "",
        values: [],
      },
    ],
  },
  { id: PERSON, name: "person", type: "any", attributes: [] },
  {
    id: BODY,
    name: "body",
    type: "skeleton",
    attributes: [],
    svg: "",
    sublabels: [
      { id: HEAD, name: "head", type: "points", attributes: [] },
      { id: HAND, name: "hand", type: "points", attributes: [] },
    ],
  },
];

type ShapeExtra = Partial<WireShape>;

/** Wire rectangles (any type via `extra.type`), tags of "car" and LabeledData from parts. */
export { labeledData as data, wireShape as shape, wireTag as tag } from "./_wire.ts";

/** One keyframe: `[frame, outside?, points?, attributes?]`. */
export type KF = [number, boolean?, number[]?, WireAttribute[]?];

/** Wire keyframes from tuples. */
export function keyframes(list: KF[], type: WireShape["type"] = "rectangle"): WireTrackedShape[] {
  return list.map(([frame, outside = false, points, attributes = []]) =>
    wireKeyframe(frame, { type, outside, points: points ?? [frame, 0, frame + 10, 10], attributes })
  );
}

/** A wire track of "car" with the given keyframes. */
export function track(list: KF[], extra: Partial<WireTrack> = {}): WireTrack {
  return wireTrack(keyframes(list), extra);
}

/** A wire skeleton track (elements head and hand) with keyframes on the given frames. */
export function skeletonTrack(frames: number[], extra: Partial<WireTrack> = {}): WireTrack {
  const element = (label_id: number, dx: number): WireTrack => {
    const shapes = keyframes(frames.map((f) => [f, false, [f + dx, 5]]), "points");
    return withoutElements(wireTrack(shapes, { label_id }));
  };
  return wireTrack(keyframes(frames.map((f) => [f, false, []]), "skeleton"), {
    label_id: BODY,
    elements: [element(HEAD, 0), element(HAND, 10)],
    ...extra,
  });
}

/** A wire skeleton shape with head at (x, y) and hand at (x + 10, y). */
export function skeletonShape(frame: number, x: number, y: number, extra: ShapeExtra = {}) {
  const element = (label_id: number, points: number[]): WireShape =>
    wireShape(frame, { type: "points", label_id, points, elements: undefined });
  const result = wireShape(frame, {
    type: "skeleton",
    label_id: BODY,
    points: [],
    elements: [element(HEAD, [x, y]), element(HAND, [x + 10, y])],
    ...extra,
  });
  return result;
}

/** Gives every object (and keyframe and element) a server id, counting from `start`. */
export function withIds(input: LabeledData, start = 100): LabeledData {
  let id = start;
  const out = structuredClone(input);
  const mark = (
    o: { id?: number | null; shapes?: { id?: number | null }[]; elements?: unknown },
  ) => {
    o.id = id++;
    o.shapes?.forEach((s) => s.id = id++);
    (o.elements as typeof o[] | undefined)?.forEach(mark);
  };
  [...out.tags, ...out.shapes, ...out.tracks].forEach(mark);
  return out;
}

/** A collection over LABELS (stopFrame 99 unless given) with `input` imported. */
export function collection(
  input?: LabeledData,
  options: Partial<AnnotationsOptions> = {},
): Annotations {
  const annotations = createAnnotations({ labels: LABELS, stopFrame: 99, ...options });
  if (input) annotations.import(input);
  return annotations;
}

/** The collection's Label by id. */
export function label(annotations: Annotations, id: number): Label {
  const all = annotations.labels.flatMap((l) => [l, ...(l.structure?.sublabels ?? [])]);
  return all.find((l) => l.id === id)!;
}

/** A new ObjectState for put(). */
export function state(
  annotations: Annotations,
  init: Partial<ObjectStateInit> & { frame: number },
): ObjectState {
  return rectangleState(label(annotations, CAR), { points: [0, 0, 10, 10], ...init });
}

/** The state of a clientID on a frame (with allTracks), or throws. */
export function stateOf(annotations: Annotations, clientID: number, frame: number): ObjectState {
  return stateOn(annotations, frame, clientID);
}

/** Keyframe frames of the exported track with that clientID. */
export function keyframeFrames(annotations: Annotations, clientID: number): number[] {
  const t = annotations.export().tracks.find((t) => t.clientID === clientID);
  return t ? t.shapes.map((s) => s.frame) : [];
}

/** The exported track with that clientID. */
export function exportedTrack(annotations: Annotations, clientID: number): WireTrack {
  const t = annotations.export().tracks.find((t) => t.clientID === clientID);
  if (!t) throw new Error(`no track ${clientID}`);
  return t;
}

/** Frames and outside flags of the exported track with that clientID. */
export function framesAndOutside(annotations: Annotations, clientID: number) {
  return exportedTrack(annotations, clientID).shapes.map((s) => [s.frame, s.outside]);
}

/** Runs `fn`, expects an ArgumentError, and checks that export() and history did not change. */
export function rejectsUnchanged(annotations: Annotations, fn: () => unknown, what: string) {
  const before = annotations.export();
  const history = annotations.history.get();
  throws(fn, ArgumentError, what);
  deepStrictEqual(annotations.export(), before, what);
  deepStrictEqual(annotations.history.get(), history, what);
}

/** Shapes on 5, 10, 20, 21; tags on 10, 25; tracks from 0, 12, 5 and 21 (for clear()). */
export function rangeFixture(): LabeledData {
  return labeledData({
    shapes: [wireShape(5), wireShape(10), wireShape(20), wireShape(21)],
    tags: [wireTag(10), wireTag(25)],
    tracks: [
      track([[0], [15], [30]]),
      track([[12], [18]]),
      track([[5], [12]]),
      track([[21], [40]]),
    ],
  });
}
