/**
 * Reading the lines of a YOLO label file: blank lines skipped, fields split on whitespace,
 * numbers parsed strictly (a `DataError` names the file, the line and the field).
 *
 * @module
 */

import { DataError } from "../core/errors.ts";

/** One non-blank line of a label file. */
export interface YoloLine {
  /** The fields, split on whitespace. */
  fields: string[];
  /** "<file>, line <n>" for error messages. */
  what: string;
}

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The non-blank lines of a label file's text.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { yoloLines } from "./yolo_line.ts";
 * const lines = yoloLines("0 1 2\r\n\n 1  3\n", "a.txt");
 * deepEqual(lines.map((l) => [l.fields, l.what]), [[["0", "1", "2"], "a.txt, line 1"],
 *   [["1", "3"], "a.txt, line 3"]]);
 * ```
 */
export function yoloLines(text: string, file: string): YoloLine[] {
  const out: YoloLine[] = [];
  text.split("\n").forEach((line, i) => {
    const fields = line.trim().split(/\s+/).filter((field) => field !== "");
    if (fields.length) out.push({ fields, what: `${file}, line ${i + 1}` });
  });
  return out;
}

/**
 * A field as an integer.
 *
 * @throws {DataError} When it is not one.
 * @example
 * ```ts
 * import { equal, throws } from "node:assert/strict";
 * import { intField } from "./yolo_line.ts";
 * equal(intField("12", "a", "class"), 12);
 * throws(() => intField("1.5", "a", "class"), { name: "DataError" });
 * ```
 */
export function intField(value: string, what: string, field: string): number {
  if (!INT.test(value)) throw new DataError(`${what}: ${field} "${value}" is not an integer`);
  return Number(value);
}

/**
 * A field as a finite number.
 *
 * @throws {DataError} When it is not one.
 * @example
 * ```ts
 * import { equal, throws } from "node:assert/strict";
 * import { floatField } from "./yolo_line.ts";
 * equal(floatField("1e-1", "a", "x"), 0.1);
 * throws(() => floatField("nan", "a", "x"), { name: "DataError" });
 * ```
 */
export function floatField(value: string, what: string, field: string): number {
  if (!FLOAT.test(value)) throw new DataError(`${what}: ${field} "${value}" is not a number`);
  return Number(value);
}

/**
 * Normalised `x y x y ...` fields as pixel coordinates.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { pixelPoints } from "./yolo_line.ts";
 * deepEqual(pixelPoints(["0.5", "0.25"], { width: 10, height: 8 }, "a"), [5, 2]);
 * ```
 */
export function pixelPoints(
  fields: readonly string[],
  size: { width: number; height: number },
  what: string,
): number[] {
  return fields.map((field, i) =>
    floatField(field, what, `point ${i >> 1} ${i % 2 ? "y" : "x"}`) *
    (i % 2 ? size.height : size.width)
  );
}

/**
 * The rectangle `[x1, y1, x2, y2]` of normalised `cx cy w h` fields.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { boxFromCenter } from "./yolo_line.ts";
 * deepEqual(boxFromCenter(["0.5", "0.5", "0.2", "0.5"], { width: 10, height: 8 }, "a"),
 *   [4, 2, 6, 6]);
 * ```
 */
export function boxFromCenter(
  fields: readonly string[],
  size: { width: number; height: number },
  what: string,
): number[] {
  const [cx, cy, w, h] = ["center x", "center y", "width", "height"]
    .map((name, i) => floatField(fields[i], what, `bbox ${name}`));
  const x = (cx - w / 2) * size.width;
  const y = (cy - h / 2) * size.height;
  return [x, y, x + w * size.width, y + h * size.height];
}
