/**
 * Numbers as Python's `"%.6f"` writes them, the way every YOLO flavour writes normalised
 * coordinates: correctly rounded to six decimals, exact ties to even (JavaScript's `toFixed`
 * rounds them up), and `-0.0` as `-0.000000`.
 *
 * @module
 */

/**
 * `value` with six decimals, as Python's `"%.6f" % value`.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { fixed6 } from "./yolo_fixed.ts";
 * equal(fixed6(0.5), "0.500000");
 * equal(fixed6(0.0078125), "0.007812"); // an exact tie: to even
 * equal(fixed6(0.0234375), "0.023438");
 * equal(fixed6(-0.0078125), "-0.007812");
 * equal(fixed6(1 / 3), "0.333333");
 * equal(fixed6(-0), "-0.000000");
 * ```
 */
export function fixed6(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
  const negative = value < 0 || Object.is(value, -0);
  const abs = Math.abs(value);
  // A tie at the sixth decimal is abs = j / 128 with j odd (2·10^6 = 2^7·5^6).
  const scaled = abs * 128;
  if (Number.isInteger(scaled) && scaled % 2 === 1 && abs < 2 ** 40) {
    const low = Math.floor(abs * 1e6); // exact: j · 7812.5 − 0.5
    const even = low % 2 === 0 ? low : low + 1;
    const digits = String(even).padStart(7, "0");
    return `${negative ? "-" : ""}${digits.slice(0, -6)}.${digits.slice(-6)}`;
  }
  return `${negative ? "-" : ""}${abs.toFixed(6)}`;
}
