/**
 * Python's `str()`/`repr()` of the values Datumaro-based exporters write as text (VOC
 * attributes, MOT `gt.txt` coordinates, LabelMe attribute values): floats as `repr` (shortest
 * round-trip digits as JavaScript's `String`, always a decimal point or an exponent, exponent
 * when the decimal exponent is below -4 or at least 16, with at least two digits: `1e-05`,
 * `1e+16`; `nan`, `inf`, `-inf`), booleans as `True`/`False`. (YOLO's `%.6f` is yolo_fixed.ts.)
 *
 * @module
 */

/**
 * A number as Python's `str(float(x))` writes it.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { pyFloat } from "./py_repr.ts";
 * equal(pyFloat(10), "10.0");
 * equal(pyFloat(0.1 + 0.2), "0.30000000000000004");
 * equal(pyFloat(1e16), "1e+16");
 * equal(pyFloat(0.00001), "1e-05");
 * equal(pyFloat(-0), "-0.0");
 * equal(pyFloat(-2.5e-7), "-2.5e-07");
 * equal(pyFloat(NaN), "nan");
 * ```
 */
export function pyFloat(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const [mantissa, exp] = value.toExponential().split("e");
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? "-" : "+";
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  const digits = mantissa.replace("-", "").replace(".", "");
  const negative = value < 0 ? "-" : "";
  if (exponent < 0) return `${negative}0.${"0".repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
  const fraction = digits.slice(exponent + 1) || "0";
  return `${negative}${whole}.${fraction}`;
}

/**
 * A typed attribute value as Python's `str()` writes it (`number` values are floats).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { pyStr } from "./py_repr.ts";
 * equal(pyStr(true), "True");
 * equal(pyStr(42), "42.0");
 * equal(pyStr("x"), "x");
 * ```
 */
export function pyStr(value: string | number | boolean): string {
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return pyFloat(value);
  return value;
}

/**
 * Python's `int(value)` for an attribute value, or `fallback` where Python raises.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { pyInt } from "./py_repr.ts";
 * equal(pyInt(true, 0), 1);
 * equal(pyInt(2.7, 0), 2);
 * equal(pyInt(" 3 ", 0), 3);
 * equal(pyInt("1.0", 0), 0);
 * ```
 */
export function pyInt(value: unknown, fallback: number): number {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") return Number.isFinite(value) ? Math.trunc(value) : fallback;
  if (typeof value === "string" && /^\s*[+-]?\d+\s*$/.test(value)) return Number(value);
  return fallback;
}
