/**
 * Checking an import's result with the core's validation ({@linkcode validateLabeledData})
 * batch by batch, so that a million imported shapes are not held twice at once.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import { validateLabeledData } from "../core/wire_validate.ts";
import type { LabeledData, WireLabel } from "../core/wire_types.ts";

const BATCH = 10_000;

/**
 * Validates `data` against the labels in place, replacing each object by its clean copy.
 *
 * @throws {DataError} Naming the object (`shapes[12345]: ...`).
 * @example
 * ```ts
 * import { equal, throws } from "node:assert/strict";
 * import { validateImport } from "./import_validate.ts";
 * const labels = [{ id: 1, name: "car", attributes: [] }];
 * const tag = { frame: 0, label_id: 1, group: 0, source: "file", attributes: [] };
 * equal(validateImport({ tags: [tag], shapes: [], tracks: [] }, labels).tags.length, 1);
 * throws(() => validateImport({ tags: [{ ...tag, label_id: 9 }], shapes: [], tracks: [] },
 *   labels), { name: "DataError" });
 * ```
 */
export function validateImport(data: LabeledData, labels: readonly WireLabel[]): LabeledData {
  for (const key of ["tags", "shapes", "tracks"] as const) {
    const list = data[key] as unknown[];
    for (let start = 0; start < list.length; start += BATCH) {
      const batch = list.slice(start, start + BATCH);
      let clean: unknown[];
      try {
        clean = validateLabeledData({ [key]: batch }, labels)[key];
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new DataError(`${key}[${start}..]: ${message}`, { cause: error });
      }
      for (let i = 0; i < clean.length; i++) list[start + i] = clean[i];
    }
  }
  return data;
}
