import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
import {
  failField,
  failValue,
  FieldFail,
  isRawObject,
  MISSING,
  nestFail,
  pythonType,
} from "../../lib/core/wire_fail.ts";

Deno.test("FieldFail: readable paths and values", () => {
  strictEqual(
    new FieldFail(["shapes", 3, "points", 1], [], "expected a number", "a").message(),
    'shapes[3].points[1]: expected a number, got "a"',
  );
  strictEqual(
    new FieldFail(["frame"], [], "this field is required", MISSING).message(),
    "frame: this field is required",
  );
  strictEqual(
    new FieldFail([], [], "expected an object", NaN).message(),
    "data: expected an object, got NaN",
  );
  const long = new FieldFail(["v"], [], "too long", "x".repeat(100)).message();
  strictEqual(long, `v: too long, got "${"x".repeat(56)}...`);
});

Deno.test("nestFail: list positions wrap the path and the DRF body", () => {
  const inner = new FieldFail(["frame"], { frame: ["bad"] }, "p", 1);
  const fail = nestFail(nestFail(inner, "elements", 2), "shapes", 0);
  deepStrictEqual(fail.path, ["shapes", 0, "elements", 2, "frame"]);
  deepStrictEqual(fail.body, { shapes: [{ elements: [{}, {}, { frame: ["bad"] }] }] });
});

Deno.test("failField and failValue throw DRF-shaped failures", () => {
  throws(() => failField("x", "Bad.", "p", 1), (e: unknown) => {
    deepStrictEqual((e as FieldFail).body, { x: ["Bad."] });
    return e instanceof FieldFail;
  });
  for (
    const [value, drf] of [[undefined, "This field is required."], [
      null,
      "This field may not be null.",
    ], [1, "Other."]]
  ) {
    throws(() => failValue("x", value, "Other.", "p"), (e: unknown) => {
      deepStrictEqual((e as FieldFail).body, { x: [drf] });
      return true;
    });
  }
});

Deno.test("pythonType and isRawObject", () => {
  deepStrictEqual([null, [], "s", true, 1, 1.5, {}].map(pythonType), [
    "NoneType",
    "list",
    "str",
    "bool",
    "int",
    "float",
    "dict",
  ]);
  deepStrictEqual([{}, [], null, "a"].map(isRawObject), [true, false, false, false]);
});
