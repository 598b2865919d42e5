/**
 * Shared fixtures of the collection tests (collection_test.ts, collection_put_test.ts,
 * collection_save*_test.ts): label JSON and builders of wire objects and ObjectStates.
 */
import {
  type Annotations,
  type AnnotationsOptions,
  createAnnotations,
  Label,
  ObjectState,
  type ObjectStateInit,
  type ShapeType,
  type WireAttribute,
  type WireLabel,
  type WireShape,
  type WireTrack,
  type WireTrackedShape,
} from "../../mod.ts";
import { labeledData, wireKeyframe, wireShape, wireTrack, withoutElements } from "./_wire.ts";

/** Attribute ids of "car". */
export const CAR_ATTR = {
  color: 11, // select, immutable, default "red"
  kind: 12, // radio, immutable, default "sedan"
  parked: 13, // checkbox, mutable, default "false"
  speed: 14, // number [0, 200] step 1, mutable, default "0"
  plate: 15, // text, immutable, default ""
  note: 16, // text, mutable, default "none"
} as const;

/** Attribute ids of "person". */
export const PERSON_ATTR = {
  color: 21, // select, immutable, values red/black, default "black" (same name as car's)
  speed: 22, // number [0, 10], mutable, default "1" (same name, narrower range)
  pose: 23, // radio, immutable, default "standing"
} as const;

export const CAR_ID = 1;
export const PERSON_ID = 2;
export const BODY_ID = 3;
/** Sublabel ids of the "body" skeleton, in structure order. */
export const HEAD_ID = 31;
export const HAND_ID = 32;
export const FOOT_ID = 33;

export const CAR_JSON: WireLabel = {
  id: CAR_ID,
  name: "car",
  type: "any",
  attributes: [
    {
      id: 11,
      name: "color",
      mutable: false,
      input_type: "select",
      default_value: "red",
      values: ["red", "blue", "green"],
    },
    {
      id: 12,
      name: "kind",
      mutable: false,
      input_type: "radio",
      default_value: "sedan",
      values: ["sedan", "suv"],
    },
    {
      id: 13,
      name: "parked",
      mutable: true,
      input_type: "checkbox",
      default_value: "false",
      values: ["false"],
    },
    {
      id: 14,
      name: "speed",
      mutable: true,
      input_type: "number",
      default_value: "0",
      values: ["0", "200", "1"],
    },
    { id: 15, name: "plate", mutable: false, input_type: "text", default_value: "", values: [] },
    { id: 16, name: "note", mutable: true, input_type: "text", default_value: "none", values: [] },
  ],
};

export const PERSON_JSON: WireLabel = {
  id: PERSON_ID,
  name: "person",
  type: "any",
  attributes: [
    {
      id: 21,
      name: "color",
      mutable: false,
      input_type: "select",
      default_value: "black",
      values: ["red", "black"],
    },
    {
      id: 22,
      name: "speed",
      mutable: true,
      input_type: "number",
      default_value: "1",
      values: ["0", "10", "1"],
    },
    {
      id: 23,
      name: "pose",
      mutable: false,
      input_type: "radio",
      default_value: "standing",
      values: ["standing", "sitting"],
    },
  ],
};

export const BODY_JSON: WireLabel = {
  id: BODY_ID,
  name: "body",
  type: "skeleton",
  attributes: [],
  sublabels: [
    { id: HEAD_ID, name: "head", type: "points", attributes: [] },
    { id: HAND_ID, name: "hand", type: "points", attributes: [] },
    { id: FOOT_ID, name: "foot", type: "points", attributes: [] },
  ],
  svg: "",
};

export const LABELS_JSON: WireLabel[] = [CAR_JSON, PERSON_JSON, BODY_JSON];

/** Fresh Label instances (the collection matches labels by id). */
export const car = (): Label => new Label(CAR_JSON);
export const person = (): Label => new Label(PERSON_JSON);
export const body = (): Label => new Label(BODY_JSON);

/** A collection over the three labels, frames 0..99 by default. */
export function collection(options: Partial<AnnotationsOptions> = {}): Annotations {
  return createAnnotations({ labels: LABELS_JSON, stopFrame: 99, ...options });
}

/** Attribute pairs from an object `{ id: value }`. */
export function attrs(map: Record<number, string> = {}): WireAttribute[] {
  return Object.entries(map).map(([id, value]) => ({ spec_id: Number(id), value }));
}

/** Wire tags and tracks of "car" (label 1) and LabeledData, as built in _wire.ts. */
export { labeledData as data, wireTag as tag, wireTrack as track } from "./_wire.ts";

/** A wire shape of "car". */
export function shape(
  type: ShapeType,
  frame: number,
  points: number[],
  extra: Partial<WireShape> = {},
): WireShape {
  return wireShape(frame, { type, points, ...extra });
}

/** A wire rectangle keyframe. */
export function keyframe(
  frame: number,
  points: number[],
  extra: Partial<WireTrackedShape> = {},
): WireTrackedShape {
  return wireKeyframe(frame, { points, ...extra });
}

const ELEMENT_IDS = [HEAD_ID, HAND_ID, FOOT_ID];

/** A wire skeleton shape whose elements (head, hand, foot) have the given points. */
export function skeletonShape(frame: number, points: number[][], extra: Partial<WireShape> = {}) {
  return shape("skeleton", frame, [], {
    label_id: BODY_ID,
    elements: points.map((p, i) =>
      withoutElements(shape("points", frame, p, { label_id: ELEMENT_IDS[i] }))
    ),
    ...extra,
  });
}

/** A wire skeleton track: one keyframe per frame, elements at the given points per frame. */
export function skeletonTrack(frames: number[], points: number[][][]): WireTrack {
  return wireTrack(frames.map((f) => keyframe(f, [], { type: "skeleton" })), {
    label_id: BODY_ID,
    elements: ELEMENT_IDS.map((id, i) =>
      withoutElements(wireTrack(
        frames.map((f, k) => keyframe(f, points[k][i], { type: "points" })),
        { label_id: id },
      ))
    ),
  });
}

/** An unbound rectangle shape ObjectState for put() with this label. */
export function rectangleState(
  label: Label,
  init: Partial<ObjectStateInit> & { frame: number },
): ObjectState {
  return new ObjectState({ objectType: "shape", shapeType: "rectangle", label, ...init });
}

/** An unbound ObjectState for put(): a car rectangle shape on frame 0 unless overridden. */
export function state(init: Partial<ObjectStateInit> = {}): ObjectState {
  return rectangleState(car(), { frame: 0, points: [10, 10, 50, 50], ...init });
}

/** The one object with this clientID on a frame (throws if absent). */
export function stateOf(annotations: Annotations, frame: number, clientID: number): ObjectState {
  const found = annotations.get(frame, null, { allTracks: true }).find((s) =>
    s.clientID === clientID
  );
  if (!found) throw new Error(`object ${clientID} not found on frame ${frame}`);
  return found;
}

/** The history actions on the undo side, oldest first. */
export function undoActions(annotations: Annotations): string[] {
  return annotations.history.get().undo.map(([action]) => action);
}

/**
 * The collection most save tests start from: a car rectangle shape (clientID 1, id 10, kind
 * "suv", speed "50", plate "XY") and a car track (clientID 2, id 20, colour "blue") with
 * keyframes 0 (id 21, speed "20", [0, 0, 10, 10]) and 10 ([10, 10, 30, 30]).
 */
export function shapeAndTrack(options: Partial<AnnotationsOptions> = {}): Annotations {
  const a = collection(options);
  a.import(labeledData({
    shapes: [shape("rectangle", 0, [10, 10, 50, 50], {
      id: 10,
      attributes: attrs({ 11: "red", 12: "suv", 14: "50", 15: "XY" }),
    })],
    tracks: [wireTrack([
      keyframe(0, [0, 0, 10, 10], { id: 21, attributes: attrs({ 14: "20" }) }),
      keyframe(10, [10, 10, 30, 30]),
    ], { id: 20, attributes: attrs({ 11: "blue" }) })],
  }));
  return a;
}

/** Edits the state of an object on a frame and saves it. */
export async function edit(
  a: Annotations,
  clientID: number,
  frame: number,
  fn: (s: ObjectState) => void,
): Promise<ObjectState> {
  const s = stateOf(a, frame, clientID);
  fn(s);
  return await s.save();
}
