/** Assertions on floating-point results shared by the interpolation tests. */
import { ok, strictEqual } from "node:assert/strict";

/** How far a computed number may be from the expected one. */
export const TOLERANCE = 1e-9;

/** Asserts that `actual` is within TOLERANCE of `expected`. */
export function assertClose(actual: number, expected: number, label = "value"): void {
  ok(Math.abs(actual - expected) <= TOLERANCE, `${label}: expected ${expected}, got ${actual}`);
}

/** Asserts the same length and every number within TOLERANCE of the expected one. */
export function assertCloseArray(actual: readonly number[], expected: readonly number[]): void {
  const message = `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
  strictEqual(actual.length, expected.length, message);
  actual.forEach((value, index) => assertClose(value, expected[index], `[${index}] of ${message}`));
}
