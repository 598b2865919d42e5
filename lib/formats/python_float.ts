/**
 * Python's `repr()`/`str()` of a float, which Datumaro-written text files contain (MOT `gt.txt`
 * coordinates, LabelMe attribute values): the shortest round-tripping digits (as JavaScript's
 * `String`), but integers keep a `.0`, exponents are used below 1e-4 and from 1e16 on and have
 * at least two digits (`1e-05`, `1e+16`), and the specials are `nan`, `inf`, `-inf`.
 *
 * @module
 */

function fixed(digits: string, exponent: number, sign: string): string {
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
  const fraction = digits.slice(exponent + 1);
  return `${sign}${whole}.${fraction || "0"}`;
}

/**
 * The Python repr of a float.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { pythonFloat } from "./python_float.ts";
 * equal(pythonFloat(10), "10.0");
 * equal(pythonFloat(0.1 + 0.2), "0.30000000000000004");
 * equal(pythonFloat(0.00001), "1e-05");
 * equal(pythonFloat(1e16), "1e+16");
 * equal(pythonFloat(-0), "-0.0");
 * equal(pythonFloat(NaN), "nan");
 * ```
 */
export function pythonFloat(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  const sign = value < 0 || Object.is(value, -0) ? "-" : "";
  const [mantissa, power] = Math.abs(value).toExponential().split("e");
  const exponent = Number(power);
  const digits = mantissa.replace(".", "");
  if (exponent >= -4 && exponent < 16) return fixed(digits, exponent, sign);
  const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const size = String(Math.abs(exponent)).padStart(2, "0");
  return `${sign}${head}e${exponent < 0 ? "-" : "+"}${size}`;
}
