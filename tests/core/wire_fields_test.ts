import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
import { FieldFail } from "../../lib/core/wire_fail.ts";
import {
  readBool,
  readInt,
  readList,
  readNumber,
  readPoints,
  readString,
} from "../../lib/core/wire_fields.ts";

function failure(run: () => unknown): FieldFail {
  try {
    run();
  } catch (error) {
    if (error instanceof FieldFail) return error;
    throw error;
  }
  throw new Error("no failure");
}

Deno.test("readInt: fallback, null, bounds", () => {
  strictEqual(readInt({}, "z", { fallback: 0 }), 0);
  strictEqual(readInt({ g: null }, "g", { nullable: true, fallback: null }), null);
  strictEqual(readInt({ v: -(2 ** 31) }, "v", {}), -(2 ** 31));
  deepStrictEqual(failure(() => readInt({ v: 2 ** 31 }, "v", {})).body, {
    v: ["Ensure this value is less than or equal to 2147483647."],
  });
  deepStrictEqual(failure(() => readInt({ v: null }, "v", { fallback: 0 })).body, {
    v: ["This field may not be null."],
  });
});

Deno.test("readBool, readNumber, readString, readPoints: JSON types only", () => {
  strictEqual(readBool({ b: true }, "b", false), true);
  deepStrictEqual(failure(() => readBool({ b: "true" }, "b", false)).body, {
    b: ["Must be a valid boolean."],
  });
  strictEqual(readNumber({}, "r", 0, 0, 360), 0);
  deepStrictEqual(failure(() => readNumber({ r: NaN }, "r", 0, 0, 360)).body, {
    r: ["A valid number is required."],
  });
  strictEqual(readString({ s: "  " }, "s", { allowBlank: true }), "  ");
  deepStrictEqual(failure(() => readString({}, "s", {})).body, { s: ["This field is required."] });
  strictEqual(readString({ s: "😀".repeat(3) }, "s", { maxLength: 3 }), "😀😀😀");
  deepStrictEqual(failure(() => readString({ s: "abcd" }, "s", { maxLength: 3 })).body, {
    s: ["Ensure this field has no more than 3 characters."],
  });
  const points = [1, 2];
  const copy = readPoints({ points });
  deepStrictEqual(copy, points);
  strictEqual(copy === points, false);
});

Deno.test("readList: required, non-empty, item positions", () => {
  const item = (raw: Record<string, unknown>) => readInt(raw, "n", {});
  deepStrictEqual(readList({}, "xs", item, null, 0, {}), []);
  deepStrictEqual(failure(() => readList({}, "xs", item, null, 0, { required: true })).body, {
    xs: ["This field is required."],
  });
  deepStrictEqual(
    failure(() => readList({ xs: [] }, "xs", item, null, 0, { nonEmpty: true })).body,
    {
      xs: { non_field_errors: ["This list may not be empty."] },
    },
  );
  const fail = failure(() => readList({ xs: [{ n: 1 }, { n: "a" }] }, "xs", item, null, 0, {}));
  deepStrictEqual(fail.path, ["xs", 1, "n"]);
  deepStrictEqual(fail.body, { xs: [{}, { n: ["A valid integer is required."] }] });
  throws(() =>
    readList(
      { xs: [{}] },
      "xs",
      () => {
        throw new TypeError("boom");
      },
      null,
      0,
      {},
    ), TypeError);
});
