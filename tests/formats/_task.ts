/**
 * A small task with every label kind and annotations using every element CVAT XML knows,
 * shared by the formats tests.
 *
 * @module
 */

import type { LabeledData, WireLabel, WireShape } from "../../lib/core/wire_types.ts";
import type { FormatTask } from "../../lib/formats/types.ts";

export const LABELS: WireLabel[] = [
  {
    id: 1,
    name: "car",
    color: "#ff0000",
    type: "any",
    attributes: [
      { id: 11, name: "model", mutable: false, input_type: "text", default_value: "", values: [] },
      {
        id: 12,
        name: "parked",
        mutable: true,
        input_type: "checkbox",
        default_value: "false",
        values: ["false"],
      },
      {
        id: 13,
        name: "speed",
        mutable: true,
        input_type: "number",
        default_value: "0",
        values: ["0", "100", "1"],
      },
    ],
  },
  { id: 2, name: "road", color: "#00ff00", type: "any", attributes: [] },
  {
    id: 3,
    name: "person",
    color: "#0000ff",
    type: "skeleton",
    attributes: [],
    svg: '<circle data-type="element node" data-node-id="1" data-label-id="4"></circle>' +
      '<circle data-type="element node" data-node-id="2" data-label-id="5"></circle>' +
      '<line data-type="edge" data-node-from="1" data-node-to="2"></line>',
    sublabels: [
      { id: 4, name: "head", color: "#111111", type: "points", attributes: [], parent_id: 3 },
      { id: 5, name: "foot", color: "#222222", type: "points", attributes: [], parent_id: 3 },
    ],
  },
  {
    id: 6,
    name: "weather",
    color: "#333333",
    type: "tag",
    attributes: [
      {
        id: 61,
        name: "kind",
        mutable: false,
        input_type: "select",
        default_value: "sun",
        values: ["sun", "rain"],
      },
    ],
  },
];

export function imageTask(size = 4, extra: Partial<FormatTask> = {}): FormatTask {
  return {
    id: 7,
    name: "demo",
    mode: "annotation",
    labels: LABELS,
    size,
    startFrame: 0,
    stopFrame: size - 1,
    frameFilter: "",
    frames: Array.from(
      { length: size },
      (_, i) => ({ name: `img${i}.jpg`, width: 100, height: 80 }),
    ),
    meta: {
      createdDate: "2024-07-01T10:00:00.000000Z",
      updatedDate: "2024-07-02T11:00:00.000000Z",
      owner: { username: "admin", email: "admin@example.com" },
      assignee: null,
      overlap: 0,
      segmentSize: size,
      segments: [{ id: 1, start: 0, stop: size - 1, url: "http://localhost/api/jobs/1" }],
    },
    ...extra,
  };
}

export function videoTask(size = 10, extra: Partial<FormatTask> = {}): FormatTask {
  return imageTask(size, {
    mode: "interpolation",
    frames: Array.from({ length: size }, (_, i) => ({
      name: `frame_${String(i).padStart(6, "0")}`,
      width: 640,
      height: 480,
    })),
    ...extra,
  });
}

export function shape(
  type: WireShape["type"],
  frame: number,
  points: number[],
  more: Partial<WireShape> = {},
): WireShape {
  return {
    type,
    frame,
    label_id: 1,
    group: 0,
    source: "manual",
    occluded: false,
    outside: false,
    z_order: 0,
    rotation: 0,
    points,
    attributes: [],
    elements: [],
    ...more,
  };
}

export function element(
  labelId: number,
  frame: number,
  points: number[],
  more: Partial<WireShape> = {},
): WireShape {
  const out = shape("points", frame, points, { label_id: labelId, ...more });
  delete out.elements;
  return out;
}

/** Every shape type on frames 0-1, a box track over frames 1-3, a skeleton track, tags. */
export function allKinds(): LabeledData {
  return {
    version: 0,
    tags: [{
      frame: 0,
      label_id: 6,
      group: 0,
      source: "manual",
      attributes: [{ spec_id: 61, value: "rain" }],
    }],
    shapes: [
      shape("rectangle", 0, [10, 10, 50, 40], {
        rotation: 15,
        z_order: 2,
        group: 1,
        occluded: true,
        attributes: [{ spec_id: 11, value: "a & b" }, { spec_id: 12, value: "true" }, {
          spec_id: 13,
          value: "42",
        }],
      }),
      shape("polygon", 0, [1, 1, 20, 1, 20, 20], { label_id: 2, z_order: 1, group: 1 }),
      shape("polyline", 0, [0, 0, 5.125, 5.5], { label_id: 2, source: "auto" }),
      shape("points", 1, [3, 4, 5, 6], { label_id: 2 }),
      shape("ellipse", 1, [50, 40, 60, 35], { label_id: 2, rotation: 30 }),
      shape("cuboid", 1, Array.from({ length: 16 }, (_, i) => i + 0.5), { label_id: 2 }),
      shape("mask", 1, [0, 2, 1, 3, 10, 20, 12, 21], { label_id: 2, source: "semi-auto" }),
      shape("skeleton", 1, [], {
        label_id: 3,
        elements: [element(4, 1, [30, 30]), element(5, 1, [30, 60], { outside: true })],
      }),
    ],
    tracks: [
      {
        frame: 1,
        label_id: 1,
        group: 0,
        source: "manual",
        attributes: [{ spec_id: 11, value: "vw" }],
        shapes: [
          {
            type: "rectangle",
            frame: 1,
            occluded: false,
            outside: false,
            z_order: 0,
            rotation: 0,
            points: [0, 0, 10, 10],
            attributes: [{ spec_id: 12, value: "false" }, { spec_id: 13, value: "1" }],
          },
          {
            type: "rectangle",
            frame: 3,
            occluded: true,
            outside: false,
            z_order: 0,
            rotation: 0,
            points: [20, 0, 30, 10],
            attributes: [{ spec_id: 13, value: "3" }],
          },
        ],
        elements: [],
      },
      {
        frame: 0,
        label_id: 3,
        group: 0,
        source: "manual",
        attributes: [],
        shapes: [
          {
            type: "skeleton",
            frame: 0,
            occluded: false,
            outside: false,
            z_order: 0,
            rotation: 0,
            points: [],
            attributes: [],
          },
        ],
        elements: [4, 5].map((id) => ({
          frame: 0,
          label_id: id,
          group: 0,
          source: "manual",
          attributes: [],
          shapes: [
            {
              type: "points" as const,
              frame: 0,
              occluded: false,
              outside: false,
              z_order: 0,
              rotation: 0,
              points: [id, id],
              attributes: [],
            },
            {
              type: "points" as const,
              frame: 2,
              occluded: false,
              outside: id === 5,
              z_order: 0,
              rotation: 0,
              points: [id + 10, id],
              attributes: [],
            },
          ],
        })),
      },
    ],
  };
}
