import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { ArgumentError, DataError } from "../../lib/core/errors.ts";
import type { DrfErrors } from "../../lib/core/wire_fail.ts";
import type { WireLabel } from "../../lib/core/wire_types.ts";
import { isWireValidationError, validateLabeledData } from "../../lib/core/wire_validate.ts";

const LABELS: WireLabel[] = [
  {
    id: 1,
    name: "car",
    attributes: [
      {
        id: 10,
        name: "model",
        mutable: false,
        input_type: "text",
        default_value: "sedan",
        values: [],
      },
      {
        id: 11,
        name: "speed",
        mutable: true,
        input_type: "number",
        default_value: "0",
        values: ["0", "100", "1"],
      },
    ],
  },
  {
    id: 2,
    name: "person",
    type: "skeleton",
    attributes: [],
    sublabels: [
      {
        id: 3,
        name: "head",
        attributes: [{
          id: 12,
          name: "visible",
          mutable: true,
          input_type: "checkbox",
          default_value: "true",
          values: ["true", "false"],
        }],
      },
      { id: 4, name: "hand", attributes: [] },
    ],
  },
  { id: 5, name: "animal", type: "skeleton", sublabels: [{ id: 6, name: "tail" }] },
];

type Raw = Record<string, unknown>;

const rect = (extra: Raw = {}): Raw => ({
  type: "rectangle",
  frame: 0,
  label_id: 1,
  points: [0, 0, 10, 10],
  ...extra,
});
const trackedShape = (extra: Raw = {}): Raw => ({
  type: "rectangle",
  frame: 0,
  points: [0, 0, 10, 10],
  ...extra,
});
const track = (extra: Raw = {}): Raw => ({
  frame: 0,
  label_id: 1,
  shapes: [trackedShape()],
  ...extra,
});
const point = (label: number, extra: Raw = {}): Raw => ({
  type: "points",
  frame: 0,
  label_id: label,
  points: [1, 1],
  ...extra,
});

/** Asserts that validation fails with exactly this message and DRF body. */
function fails(data: unknown, message: string, errors: DrfErrors): void {
  throws(() => validateLabeledData(data, LABELS), (error: unknown) => {
    ok(error instanceof DataError, `not a DataError: ${error}`);
    strictEqual(error.message, message);
    ok(isWireValidationError(error));
    deepStrictEqual(error.errors, errors);
    return true;
  });
}

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
      occluded: false,
      outside: false,
      z_order: 0,
      rotation: 0,
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
        occluded: false,
        outside: false,
        z_order: 0,
        rotation: 0,
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

Deno.test("validateLabeledData: the body must be an object with lists", () => {
  fails([], "data: expected an object, got []", {
    non_field_errors: ["Invalid data. Expected a dictionary, but got list."],
  });
  fails(null, "data: expected an object, got null", {
    non_field_errors: ["Invalid data. Expected a dictionary, but got NoneType."],
  });
  fails({ shapes: {} }, "shapes: expected a list, got {}", {
    shapes: { non_field_errors: ['Expected a list of items but got type "dict".'] },
  });
  fails({ tags: "x" }, 'tags: expected a list, got "x"', {
    tags: { non_field_errors: ['Expected a list of items but got type "str".'] },
  });
  fails({ tracks: null }, "tracks: expected a list, got null", {
    tracks: ["This field may not be null."],
  });
  fails({ shapes: [rect(), 5] }, "shapes[1]: expected an object, got 5", {
    shapes: [{}, { non_field_errors: ["Invalid data. Expected a dictionary, but got int."] }],
  });
  fails({ version: "a" }, 'version: expected an integer, got "a"', {
    version: ["A valid integer is required."],
  });
});

const INT_MAX = "Ensure this value is less than or equal to 2147483647.";

/** [field, value, message tail, DRF text] for top-level shapes. */
const SHAPE_FIELD_CASES: [string, unknown, string, string][] = [
  ["frame", undefined, "this field is required", "This field is required."],
  ["frame", null, "expected an integer, got null", "This field may not be null."],
  [
    "frame",
    -1,
    "expected an integer ≥ 0, got -1",
    "Ensure this value is greater than or equal to 0.",
  ],
  ["frame", 1.5, "expected an integer, got 1.5", "A valid integer is required."],
  ["frame", "3", 'expected an integer, got "3"', "A valid integer is required."],
  ["frame", true, "expected an integer, got true", "A valid integer is required."],
  ["frame", 2 ** 31, "expected an integer ≤ 2147483647, got 2147483648", INT_MAX],
  ["label_id", undefined, "this field is required", "This field is required."],
  [
    "label_id",
    -2,
    "expected an integer ≥ 0, got -2",
    "Ensure this value is greater than or equal to 0.",
  ],
  ["id", "a", 'expected an integer, got "a"', "A valid integer is required."],
  ["id", 2 ** 40, "expected an integer ≤ 2147483647, got 1099511627776", INT_MAX],
  [
    "group",
    -1,
    "expected an integer ≥ 0, got -1",
    "Ensure this value is greater than or equal to 0.",
  ],
  ["group", 2 ** 31, "expected an integer ≤ 2147483647, got 2147483648", INT_MAX],
  [
    "z_order",
    -(2 ** 31) - 1,
    "expected an integer ≥ -2147483648, got -2147483649",
    "Ensure this value is greater than or equal to -2147483648.",
  ],
  ["z_order", null, "expected an integer, got null", "This field may not be null."],
  ["source", 5, "expected a string, got 5", "Not a valid string."],
  ["source", "", 'expected a non-blank string, got ""', "This field may not be blank."],
  ["type", undefined, "this field is required", "This field is required."],
  ["type", null, "expected a shape type, got null", "This field may not be null."],
  [
    "type",
    "box",
    'expected one of rectangle, polygon, polyline, points, ellipse, cuboid, skeleton, mask, got "box"',
    '"box" is not a valid choice.',
  ],
  ["occluded", "yes", 'expected true or false, got "yes"', "Must be a valid boolean."],
  ["outside", 1, "expected true or false, got 1", "Must be a valid boolean."],
  ["rotation", "a", 'expected a number, got "a"', "A valid number is required."],
  ["rotation", true, "expected a number, got true", "A valid number is required."],
  [
    "rotation",
    361,
    "expected a number ≤ 360, got 361",
    "Ensure this value is less than or equal to 360.",
  ],
  [
    "rotation",
    -1,
    "expected a number ≥ 0, got -1",
    "Ensure this value is greater than or equal to 0.",
  ],
  [
    "points",
    "abc",
    'expected a list of numbers, got "abc"',
    'Expected a list of items but got type "str".',
  ],
  ["points", null, "expected a list of numbers, got null", "This field may not be null."],
];

Deno.test("validateLabeledData: every shape field is checked with DRF's texts", () => {
  for (const [field, value, tail, drf] of SHAPE_FIELD_CASES) {
    const shape = rect({ [field]: value });
    if (value === undefined) delete shape[field];
    fails({ shapes: [rect(), shape] }, `shapes[1].${field}: ${tail}`, {
      shapes: [{}, { [field]: [drf] }],
    });
  }
});

Deno.test("validateLabeledData: points must be finite JSON numbers", () => {
  const shapes = [rect(), rect(), rect(), rect({ points: [0, "a", 1, 1] })];
  fails({ shapes }, 'shapes[3].points[1]: expected a number, got "a"', {
    shapes: [{}, {}, {}, { points: { 1: ["Value must be a float or an integer"] } }],
  });
  for (const bad of [true, null, NaN, Infinity, [1]]) {
    throws(
      () => validateLabeledData({ shapes: [rect({ points: [1, 2, bad] })] }, LABELS),
      (e: unknown) => {
        ok(isWireValidationError(e));
        ok(e.message.startsWith("shapes[0].points[2]: expected a number, got "), e.message);
        return true;
      },
    );
  }
});

Deno.test("validateLabeledData: attribute values", () => {
  const withAttribute = (attribute: unknown) => ({ shapes: [rect({ attributes: [attribute] })] });
  fails(withAttribute({ value: "a" }), "shapes[0].attributes[0].spec_id: this field is required", {
    shapes: [{ attributes: [{ spec_id: ["This field is required."] }] }],
  });
  fails(
    withAttribute({ spec_id: "10", value: "a" }),
    'shapes[0].attributes[0].spec_id: expected an integer, got "10"',
    {
      shapes: [{ attributes: [{ spec_id: ["A valid integer is required."] }] }],
    },
  );
  fails(withAttribute({ spec_id: 10 }), "shapes[0].attributes[0].value: this field is required", {
    shapes: [{ attributes: [{ value: ["This field is required."] }] }],
  });
  fails(
    withAttribute({ spec_id: 10, value: 5 }),
    "shapes[0].attributes[0].value: expected a string, got 5",
    {
      shapes: [{ attributes: [{ value: ["Not a valid string."] }] }],
    },
  );
  const long = "x".repeat(4097);
  throws(
    () => validateLabeledData(withAttribute({ spec_id: 10, value: long }), LABELS),
    (e: unknown) => {
      ok(isWireValidationError(e));
      ok(
        e.message.startsWith(
          "shapes[0].attributes[0].value: expected at most 4096 characters, got",
        ),
      );
      deepStrictEqual(e.errors, {
        shapes: [{
          attributes: [{ value: ["Ensure this field has no more than 4096 characters."] }],
        }],
      });
      return true;
    },
  );
  const fits = validateLabeledData(withAttribute({ spec_id: 10, value: "é".repeat(4096) }), LABELS);
  strictEqual(fits.shapes[0].attributes[0].value.length, 4096);
  fails(
    { tags: [{ frame: 0, label_id: 1, attributes: {} }] },
    "tags[0].attributes: expected a list, got {}",
    {
      tags: [{
        attributes: { non_field_errors: ['Expected a list of items but got type "dict".'] },
      }],
    },
  );
});

Deno.test("validateLabeledData: tags and nested paths", () => {
  fails({ tags: [{ label_id: 1 }] }, "tags[0].frame: this field is required", {
    tags: [{ frame: ["This field is required."] }],
  });
  const skeleton = rect({
    type: "skeleton",
    label_id: 2,
    elements: [point(3), point(4, { points: [true] })],
  });
  fails({ shapes: [skeleton] }, "shapes[0].elements[1].points[0]: expected a number, got true", {
    shapes: [{ elements: [{}, { points: { 0: ["Value must be a float or an integer"] } }] }],
  });
  const nested = rect({
    type: "skeleton",
    label_id: 2,
    elements: [point(3, { elements: [point(3)] })],
  });
  throws(() => validateLabeledData({ shapes: [nested] }, LABELS), (e: unknown) => {
    ok(isWireValidationError(e));
    ok(
      e.message.startsWith("shapes[0].elements[0].elements: an element cannot have elements, got"),
    );
    deepStrictEqual(e.errors, {
      shapes: [{ elements: [{ elements: ["Nested elements are not allowed."] }] }],
    });
    return true;
  });
});

Deno.test("validateLabeledData: tracks need a non-empty list of valid shapes", () => {
  const noShapes = track();
  delete noShapes.shapes;
  fails({ tracks: [noShapes] }, "tracks[0].shapes: this field is required", {
    tracks: [{ shapes: ["This field is required."] }],
  });
  fails(
    { tracks: [track({ shapes: [] })] },
    "tracks[0].shapes: expected a non-empty list, got []",
    {
      tracks: [{ shapes: { non_field_errors: ["This list may not be empty."] } }],
    },
  );
  fails(
    { tracks: [track({ shapes: [trackedShape(), trackedShape({ frame: -5 })] })] },
    "tracks[0].shapes[1].frame: expected an integer ≥ 0, got -5",
    {
      tracks: [{ shapes: [{}, { frame: ["Ensure this value is greater than or equal to 0."] }] }],
    },
  );
  const element = track({ label_id: 3, shapes: [trackedShape({ type: "points", points: ["1"] })] });
  fails(
    { tracks: [track({ label_id: 2, elements: [element] })] },
    'tracks[0].elements[0].shapes[0].points[0]: expected a number, got "1"',
    {
      tracks: [{
        elements: [{ shapes: [{ points: { 0: ["Value must be a float or an integer"] } }] }],
      }],
    },
  );
  fails(
    { tracks: [track({ label_id: 2, elements: [track({ label_id: 3, shapes: [] })] })] },
    "tracks[0].elements[0].shapes: expected a non-empty list, got []",
    {
      tracks: [{ elements: [{ shapes: { non_field_errors: ["This list may not be empty."] } }] }],
    },
  );
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
