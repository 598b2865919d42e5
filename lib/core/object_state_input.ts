/**
 * Reading what an `ObjectState` is given (constructor fields and setter values): the checks that
 * throw at once, as cvat-core's do, and the seed's field aliases.
 *
 * @example
 * ```ts
 * import { deepStrictEqual, throws } from "node:assert/strict";
 * import { checkPoints } from "./object_state_input.ts";
 * deepStrictEqual(checkPoints([1, 2]), [1, 2]);
 * throws(() => checkPoints(["1"]));
 * ```
 *
 * @module
 */

import { show } from "./show.ts";
import { ArgumentError } from "./errors.ts";
import type { ObjectStateInit } from "./object_state_parts.ts";

/** A copy of a points list, or an ArgumentError naming the value. */
export function checkPoints(value: unknown): number[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== "number")) {
    throw new ArgumentError(`Points must be an array of numbers, got ${show(value)}`);
  }
  return value.slice();
}

/** An attributes map (`{ [specId]: value }`), or an ArgumentError naming the value. */
export function checkAttributes(value: unknown): Record<number, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ArgumentError(`Attributes must be an object, got ${show(value)}`);
  }
  return value as Record<number, string>;
}

/** A copy of a descriptions list, or an ArgumentError naming the value. */
export function checkDescriptions(value: unknown): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    throw new ArgumentError(
      `Descriptions must be an array of strings, got ${show(value)}`,
    );
  }
  return value.slice();
}

/** A field given under its cvat-core name or the seed's alias (both: they must agree). */
export function aliased<T>(
  init: ObjectStateInit,
  name: keyof ObjectStateInit,
  alias: string,
): T | null {
  const given = init[name] ?? undefined;
  const other = (init as unknown as Record<string, unknown>)[alias] ?? undefined;
  if (
    given !== undefined && other !== undefined && JSON.stringify(given) !== JSON.stringify(other)
  ) {
    throw new ArgumentError(`${name} ${show(given)} and ${alias} ${show(other)} disagree`);
  }
  return (given ?? other ?? null) as T | null;
}

/** The group of an init value: a number or `{ id, color }`, or null. */
export function groupOf(value: ObjectStateInit["group"]): { id: number; color: string } | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return { id: value, color: value ? "" : "#E0E0E0" };
  return { id: value.id, color: value.color };
}

/**
 * A skeleton's points cut into its elements' (by their lengths, in element order); a list of
 * another length is an ArgumentError.
 */
export function splitSkeletonPoints(points: number[], lengths: number[]): number[][] {
  const total = lengths.reduce((n, length) => n + length, 0);
  if (points.length !== total) {
    throw new ArgumentError(
      `Skeleton points must have ${total} numbers (its elements' points), got ${points.length}`,
    );
  }
  let offset = 0;
  return lengths.map((length) => points.slice(offset, offset += length));
}
