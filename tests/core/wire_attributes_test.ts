import { deepStrictEqual, ok } from "node:assert/strict";
import {
  attributesToMap,
  attributesToWire,
  fillAttributes,
} from "../../lib/core/wire_attributes.ts";

Deno.test("attributesToMap: the last value of a repeated spec_id wins", () => {
  deepStrictEqual(
    attributesToMap([{ spec_id: 3, value: "a" }, { spec_id: 1, value: "b" }, {
      spec_id: 3,
      value: "c",
    }]),
    { 1: "b", 3: "c" },
  );
  deepStrictEqual(attributesToMap([]), {});
});

Deno.test("attributesToWire: ascending spec ids, numbers not strings", () => {
  deepStrictEqual(attributesToWire({ 12: "x", 2: "" }), [
    { spec_id: 2, value: "" },
    { spec_id: 12, value: "x" },
  ]);
  deepStrictEqual(attributesToWire({}), []);
});

Deno.test("fillAttributes: existing values first, then the missing defaults; copies", () => {
  const list = [{ spec_id: 5, value: "mine" }];
  const defaults = [{ spec_id: 4, value: "d4" }, { spec_id: 5, value: "d5" }, {
    spec_id: 6,
    value: "d6",
  }];
  const filled = fillAttributes(list, defaults);
  deepStrictEqual(filled, [
    { spec_id: 5, value: "mine" },
    { spec_id: 4, value: "d4" },
    { spec_id: 6, value: "d6" },
  ]);
  ok(filled[0] !== list[0] && filled[1] !== defaults[0]);
  deepStrictEqual(list, [{ spec_id: 5, value: "mine" }]);
});
