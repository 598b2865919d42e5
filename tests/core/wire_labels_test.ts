import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { indexLabels } from "../../lib/core/wire_labels.ts";

const spec = (id: number | undefined, mutable: boolean, value: unknown) => ({
  id,
  name: `a${id}`,
  mutable,
  input_type: "text",
  default_value: value as string,
  values: ["first"],
});

Deno.test("indexLabels: labels and sublabels by id, with attribute classes and defaults", () => {
  const index = indexLabels([
    { id: 1, name: "car", attributes: [spec(10, false, "x"), spec(11, true, "y")] },
    {
      id: 2,
      name: "person",
      type: "skeleton",
      sublabels: [{ id: 3, name: "head", attributes: [spec(12, true, undefined)] }],
    },
    { name: "no id", sublabels: [{ id: 9, name: "orphan" }] },
  ]);
  deepStrictEqual([...index.keys()], [1, 2, 3, 9]);
  const car = index.get(1)!;
  deepStrictEqual([...car.specs], [[10, false], [11, true]]);
  deepStrictEqual(car.allDefaults, [{ spec_id: 10, value: "x" }, { spec_id: 11, value: "y" }]);
  deepStrictEqual(car.immutableDefaults, [{ spec_id: 10, value: "x" }]);
  deepStrictEqual(car.mutableDefaults, [{ spec_id: 11, value: "y" }]);
  strictEqual(car.parentId, null);
  strictEqual(index.get(3)!.parentId, 2);
  deepStrictEqual(index.get(3)!.mutableDefaults, [{ spec_id: 12, value: "first" }]);
  strictEqual(index.get(9)!.parentId, null);
});

Deno.test("indexLabels: parent_id from the server wins; attributes without id are skipped", () => {
  const index = indexLabels([
    { id: 4, name: "tail", parent_id: 7, attributes: [spec(undefined, true, "z")] },
  ]);
  strictEqual(index.get(4)!.parentId, 7);
  strictEqual(index.get(4)!.specs.size, 0);
});
