import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { ArgumentError, DataError } from "../../lib/core/errors.ts";
import type { WireLabel } from "../../lib/core/wire_types.ts";
import { isWireValidationError, validateLabeledData } from "../../lib/core/wire_validate.ts";
import {
  fails,
  LABELS,
  point,
  type Raw,
  rect,
  track,
  trackedShape,
} from "./_wire_validate_fixtures.ts";
import { DEFAULT_FLAGS } from "./_wire.ts";

Deno.test("validateLabeledData: fills defaults and keeps only known fields", () => {
  const data = {
    version: 3,
    extra: "dropped",
    tags: [{ frame: 2, label_id: 1, clientID: 7, color: "#fff" }],
    shapes: [rect({ clientID: 1, lock: true })],
    tracks: [track({ hidden: true, shapes: [trackedShape({ keyframe: true })] })],
  };
  deepStrictEqual(validateLabeledData(data, LABELS), {
    version: 3,
    tags: [{ id: null, frame: 2, label_id: 1, group: null, source: "manual", attributes: [] }],
    shapes: [{
      id: null,
      type: "rectangle",
      frame: 0,
      label_id: 1,
      group: null,
      source: "manual",
      ...DEFAULT_FLAGS,
      points: [0, 0, 10, 10],
      attributes: [],
      elements: [],
    }],
    tracks: [{
      id: null,
      frame: 0,
      label_id: 1,
      group: null,
      source: "manual",
      attributes: [],
      shapes: [{
        id: null,
        type: "rectangle",
        frame: 0,
        ...DEFAULT_FLAGS,
        points: [0, 0, 10, 10],
        attributes: [],
      }],
      elements: [],
    }],
  });
});

Deno.test("validateLabeledData: an empty body gives empty lists and no version", () => {
  deepStrictEqual(validateLabeledData({}, LABELS), { tags: [], shapes: [], tracks: [] });
});

Deno.test("validateLabeledData: keeps given values", () => {
  const shape = rect({
    id: 9,
    group: 4,
    source: "auto",
    occluded: true,
    outside: true,
    z_order: -3,
    rotation: 359.5,
    attributes: [{ spec_id: 10, value: "" }, { spec_id: 11, value: "42" }],
  });
  const clean = validateLabeledData({ shapes: [shape] }, LABELS).shapes[0];
  deepStrictEqual(
    [clean.id, clean.group, clean.source, clean.occluded, clean.outside, clean.z_order],
    [9, 4, "auto", true, true, -3],
  );
  strictEqual(clean.rotation, 359.5);
  deepStrictEqual(clean.attributes, [{ spec_id: 10, value: "" }, { spec_id: 11, value: "42" }]);
});

Deno.test("validateLabeledData: the input is not mutated and nothing is shared", () => {
  const data = {
    shapes: [rect({ attributes: [{ spec_id: 10, value: "x" }] })],
    tracks: [track()],
  };
  const copy = structuredClone(data);
  const clean = validateLabeledData(data, LABELS);
  deepStrictEqual(data, copy);
  ok((clean.shapes[0] as unknown) !== data.shapes[0]);
  ok(clean.shapes[0].points !== data.shapes[0].points);
  ok(clean.shapes[0].attributes[0] !== (data.shapes[0].attributes as unknown[])[0]);
  ok(clean.tracks[0].shapes[0].points !== (data.tracks[0].shapes as Raw[])[0].points);
});

Deno.test("validateLabeledData: geometry is not checked", () => {
  const shapes = [
    rect({ points: [0, 0, 10] }),
    rect({ points: [-50, -50, 1e9, 2.5] }),
    rect({ type: "polygon", points: [] }),
    rect({ points: undefined }),
  ];
  const clean = validateLabeledData({ shapes }, LABELS);
  deepStrictEqual(clean.shapes.map((s) => s.points.length), [3, 4, 0, 0]);
});

Deno.test("validateLabeledData: skeleton elements, sublabels and their classes", () => {
  const skeleton = rect({
    type: "skeleton",
    label_id: 2,
    points: [],
    elements: [point(3), point(4)],
  });
  const clean = validateLabeledData({ shapes: [skeleton, point(3)] }, LABELS);
  strictEqual(clean.shapes[0].elements!.length, 2);
  ok(!("elements" in clean.shapes[0].elements![0]));
  deepStrictEqual(clean.shapes[1].elements, []);
  const skeletonTrack = track({
    label_id: 2,
    shapes: [trackedShape({ type: "skeleton", points: [] })],
    elements: [
      track({
        label_id: 3,
        shapes: [trackedShape({ attributes: [{ spec_id: 12, value: "false" }] })],
      }),
    ],
  });
  const tracks = validateLabeledData({ tracks: [skeletonTrack] }, LABELS).tracks;
  ok(!("elements" in tracks[0].elements![0]));
  deepStrictEqual(tracks[0].elements![0].shapes[0].attributes, [{ spec_id: 12, value: "false" }]);
  deepStrictEqual(
    validateLabeledData({ shapes: [{ ...point(3), elements: [] }] }, LABELS).shapes[0].elements,
    [],
  );
});

Deno.test("validateLabeledData: integers up to 2^31-1 pass", () => {
  const max = 2 ** 31 - 1;
  const clean = validateLabeledData({
    shapes: [rect({ id: max, frame: max, z_order: -(2 ** 31) })],
  }, LABELS);
  deepStrictEqual([clean.shapes[0].id, clean.shapes[0].frame], [max, max]);
});

Deno.test("validateLabeledData: label_id must be one of the labels, with CVAT's text", () => {
  const message = "label_id `99` is invalid";
  fails({ tags: [{ frame: 0, label_id: 99 }] }, message, [message]);
  fails({ shapes: [rect(), rect({ label_id: 99 })] }, message, [message]);
  fails({ tracks: [track({ label_id: 99 })] }, message, [message]);
  validateLabeledData({ shapes: [point(3)], tracks: [track({ label_id: 4 })] }, LABELS);
});

Deno.test("validateLabeledData: an element's label must be a sublabel of its parent's", () => {
  const other = rect({ type: "skeleton", label_id: 2, elements: [point(3), point(6)] });
  fails({ shapes: [other] }, "label_id `6` is invalid", ["label_id `6` is invalid"]);
  const top = rect({ type: "skeleton", label_id: 2, elements: [point(1)] });
  fails({ shapes: [top] }, "label_id `1` is invalid", ["label_id `1` is invalid"]);
  const trackElement = track({ label_id: 5, elements: [track({ label_id: 4 })] });
  fails({ tracks: [trackElement] }, "label_id `4` is invalid", ["label_id `4` is invalid"]);
});

Deno.test("validateLabeledData: spec_id must belong to the label and the object class", () => {
  const attrs = (...ids: number[]) => ids.map((id) => ({ spec_id: id, value: "1" }));
  validateLabeledData({
    tags: [{ frame: 0, label_id: 1, attributes: attrs(10, 11) }],
    shapes: [rect({ attributes: attrs(10, 11) })],
    tracks: [track({ attributes: attrs(10), shapes: [trackedShape({ attributes: attrs(11) })] })],
  }, LABELS);
  fails({ shapes: [rect({ attributes: attrs(10, 12) })] }, "spec_id `12` is invalid", [
    "spec_id `12` is invalid",
  ]);
  fails({ tags: [{ frame: 0, label_id: 1, attributes: attrs(99) }] }, "spec_id `99` is invalid", [
    "spec_id `99` is invalid",
  ]);
  fails({ tracks: [track({ attributes: attrs(11) })] }, "spec_id `11` is invalid", [
    "spec_id `11` is invalid",
  ]);
  fails(
    { tracks: [track({ shapes: [trackedShape({ attributes: attrs(10) })] })] },
    "spec_id `10` is invalid",
    ["spec_id `10` is invalid"],
  );
  const element = track({ label_id: 3, attributes: attrs(12) });
  fails({ tracks: [track({ label_id: 2, elements: [element] })] }, "spec_id `12` is invalid", [
    "spec_id `12` is invalid",
  ]);
});

Deno.test("validateLabeledData: field errors win over label errors; the first label error is reported", () => {
  fails(
    { shapes: [rect({ label_id: 99 }), rect({ frame: "x" })] },
    'shapes[1].frame: expected an integer, got "x"',
    {
      shapes: [{}, { frame: ["A valid integer is required."] }],
    },
  );
  const data = { tags: [{ frame: 0, label_id: 77 }], shapes: [rect({ label_id: 88 })] };
  fails(data, "label_id `77` is invalid", ["label_id `77` is invalid"]);
});

Deno.test("validateLabeledData: errors are DataErrors; bad labels are an ArgumentError", () => {
  throws(() => validateLabeledData({ tags: 1 }, LABELS), (e: unknown) => {
    ok(e instanceof DataError && e.name === "DataError");
    return true;
  });
  ok(!isWireValidationError(new DataError("plain")));
  throws(() => validateLabeledData({}, null as unknown as WireLabel[]), ArgumentError);
  throws(
    () => validateLabeledData({ tags: [{ frame: 0, label_id: 1 }] }, []),
    (e: unknown) => e instanceof DataError && e.message === "label_id `1` is invalid",
  );
});
