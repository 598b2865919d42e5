/**
 * Builders of wire objects (the server's format) shared by the fixture modules and the wire
 * tests: by default a manual, ungrouped rectangle of label 1 on `[0, 0, 10, 10]`, every field
 * overridable through `extra`.
 */
import type {
  LabeledData,
  WireShape,
  WireTag,
  WireTrack,
  WireTrackedShape,
} from "../../lib/core/wire_types.ts";

/** The flags of a wire shape or keyframe at their defaults (what validation fills in). */
export const DEFAULT_FLAGS: Pick<WireShape, "occluded" | "outside" | "z_order" | "rotation"> = {
  occluded: false,
  outside: false,
  z_order: 0,
  rotation: 0,
};

/** A wire tag. */
export function wireTag(frame: number, extra: Partial<WireTag> = {}): WireTag {
  return { frame, label_id: 1, group: 0, source: "manual", attributes: [], ...extra };
}

/** A wire shape (with an empty `elements` list). */
export function wireShape(frame: number, extra: Partial<WireShape> = {}): WireShape {
  return {
    type: "rectangle",
    frame,
    label_id: 1,
    group: 0,
    source: "manual",
    ...DEFAULT_FLAGS,
    points: [0, 0, 10, 10],
    attributes: [],
    elements: [],
    ...extra,
  };
}

/** A wire keyframe of a track. */
export function wireKeyframe(
  frame: number,
  extra: Partial<WireTrackedShape> = {},
): WireTrackedShape {
  return {
    type: "rectangle",
    frame,
    ...DEFAULT_FLAGS,
    points: [0, 0, 10, 10],
    attributes: [],
    ...extra,
  };
}

/** A wire track that starts on its first keyframe (with an empty `elements` list). */
export function wireTrack(shapes: WireTrackedShape[], extra: Partial<WireTrack> = {}): WireTrack {
  return {
    frame: shapes[0]?.frame ?? 0,
    label_id: 1,
    group: 0,
    source: "manual",
    attributes: [],
    shapes,
    elements: [],
    ...extra,
  };
}

/** The same wire shape or track without its `elements` field (as skeleton elements are sent). */
export function withoutElements<T extends { elements?: unknown }>(object: T): T {
  delete object.elements;
  return object;
}

/** LabeledData with empty lists but for the given parts. */
export function labeledData(parts: Partial<LabeledData> = {}): LabeledData {
  return { tags: [], shapes: [], tracks: [], ...parts };
}
