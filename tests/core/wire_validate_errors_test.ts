import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { isWireValidationError, validateLabeledData } from "../../lib/core/wire_validate.ts";
import { fails, LABELS, point, rect, track, trackedShape } from "./_wire_validate_fixtures.ts";

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

Deno.test("validateLabeledData: tracks need a list of valid shapes (empty allowed, as CVAT)", () => {
  const noShapes = track();
  delete noShapes.shapes;
  fails({ tracks: [noShapes] }, "tracks[0].shapes: this field is required", {
    tracks: [{ shapes: ["This field is required."] }],
  });
  deepStrictEqual(
    validateLabeledData({ tracks: [track({ shapes: [] })] }, LABELS).tracks[0].shapes,
    [],
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
});
