/** Labels, object builders and an assertion shared by the validateLabeledData tests. */

import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { DataError } from "../../lib/core/errors.ts";
import type { DrfErrors } from "../../lib/core/wire_fail.ts";
import type { WireLabel } from "../../lib/core/wire_types.ts";
import { isWireValidationError, validateLabeledData } from "../../lib/core/wire_validate.ts";

export const LABELS: WireLabel[] = [
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

export type Raw = Record<string, unknown>;

export const rect = (extra: Raw = {}): Raw => ({
  type: "rectangle",
  frame: 0,
  label_id: 1,
  points: [0, 0, 10, 10],
  ...extra,
});
export const trackedShape = (extra: Raw = {}): Raw => ({
  type: "rectangle",
  frame: 0,
  points: [0, 0, 10, 10],
  ...extra,
});
export const track = (extra: Raw = {}): Raw => ({
  frame: 0,
  label_id: 1,
  shapes: [trackedShape()],
  ...extra,
});
export const point = (label: number, extra: Raw = {}): Raw => ({
  type: "points",
  frame: 0,
  label_id: label,
  points: [1, 1],
  ...extra,
});

/** Asserts that validation fails with exactly this message and DRF body. */
export function fails(data: unknown, message: string, errors: DrfErrors): void {
  throws(() => validateLabeledData(data, LABELS), (error: unknown) => {
    ok(error instanceof DataError, `not a DataError: ${error}`);
    strictEqual(error.message, message);
    ok(isWireValidationError(error));
    deepStrictEqual(error.errors, errors);
    return true;
  });
}
