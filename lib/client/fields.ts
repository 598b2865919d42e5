/**
 * Table-driven properties of the client classes (Task, Job, Project): each camelCase property
 * reads a snake_case key of the instance's server JSON; writable ones check the value first
 * (ArgumentError, nothing changed) and remember that the key changed, for `save()`.
 *
 * @module
 */

import { ArgumentError } from "../core/errors.ts";
import { show } from "../core/show.ts";

/** Where an instance keeps its server JSON and the keys changed since the last save. */
export const STATE: unique symbol = Symbol("cvat.fields");

/** The field state of an instance. */
export interface FieldState {
  data: Record<string, unknown>;
  changed: Set<string>;
}

/** One property: its JSON key, whether it may be written, how it is read and checked. */
export interface FieldRule {
  key: string;
  /** `"always"`, `"new"` (only before the object exists on the server), or read-only. */
  write?: "always" | "new";
  /** Checks a written value and returns what to store; throws ArgumentError. */
  check?: (value: unknown, property: string) => unknown;
  /** Turns the stored value into the property value. */
  read?: (value: unknown) => unknown;
}

/** A client class: instances are built from server JSON or fields (typed loosely, as in JS). */
// deno-lint-ignore no-explicit-any
export type ClientClass = new (input?: any) => any;

/** Rules by property name. */
export type FieldRules = Record<string, FieldRule>;

/**
 * The field state of an instance.
 *
 * @example
 * ```ts
 * // stateOf(task).data.name
 * ```
 */
export function stateOf(instance: object): FieldState {
  return (instance as { [STATE]: FieldState })[STATE];
}

/**
 * Gives an instance its field state (non-enumerable).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { initFields, stateOf } from "./fields.ts";
 * const thing = {};
 * initFields(thing, { name: "a" });
 * strictEqual(stateOf(thing).data.name, "a");
 * ```
 */
export function initFields(instance: object, data: Record<string, unknown>): FieldState {
  const state: FieldState = { data, changed: new Set() };
  Object.defineProperty(instance, STATE, { value: state, writable: true });
  return state;
}

/**
 * Defines the accessors of `rules` on a prototype. Writing a read-only property, or a `"new"`
 * one once the instance has an id, is an ArgumentError.
 *
 * @example
 * ```ts
 * import { strictEqual, throws } from "node:assert/strict";
 * import { defineFields, initFields } from "./fields.ts";
 * class Thing {
 *   constructor() { initFields(this, { id: 1, bug_tracker: "" }); }
 * }
 * defineFields(Thing.prototype, "Thing", {
 *   id: { key: "id" },
 *   bugTracker: { key: "bug_tracker", write: "always" },
 * });
 * const thing = new Thing() as Thing & { id: number; bugTracker: string };
 * thing.bugTracker = "http://bugs";
 * strictEqual(thing.bugTracker, "http://bugs");
 * throws(() => { thing.id = 2; }, /read-only/);
 * ```
 */
export function defineFields(proto: object, className: string, rules: FieldRules): void {
  for (const [property, rule] of Object.entries(rules)) {
    Object.defineProperty(proto, property, {
      enumerable: true,
      configurable: true,
      get(this: object) {
        const value = stateOf(this).data[rule.key];
        return rule.read ? rule.read(value) : value;
      },
      set(this: object, value: unknown) {
        const state = stateOf(this);
        if (!rule.write) {
          throw new ArgumentError(`${className}.${property} is read-only`);
        }
        if (rule.write === "new" && state.data.id !== undefined) {
          throw new ArgumentError(
            `${className}.${property} cannot be changed once the ${className.toLowerCase()} ` +
              `exists on the server`,
          );
        }
        state.data[rule.key] = rule.check ? rule.check(value, property) : value;
        state.changed.add(rule.key);
      },
    });
  }
}

/**
 * Input fields in snake_case: camelCase names of `rules` become their keys; others stay.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { snakeFields } from "./fields.ts";
 * deepStrictEqual(snakeFields({ segmentSize: 5, name: "t" }, { segmentSize: { key: "segment_size" } }),
 *   { segment_size: 5, name: "t" });
 * ```
 */
export function snakeFields(
  input: Record<string, unknown>,
  rules: FieldRules,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    out[rules[name] && rules[name].key !== name ? rules[name].key : name] = value;
  }
  return out;
}

/** Checks: a non-empty string. */
export function nonEmptyString(value: unknown, property: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new ArgumentError(`${property} must be a non-empty string, got ${show(value)}`);
  }
  return value;
}

/** Checks: a string (empty allowed). */
export function anyString(value: unknown, property: string): string {
  if (typeof value !== "string") {
    throw new ArgumentError(`${property} must be a string, got ${show(value)}`);
  }
  return value;
}

/** Checks: a non-negative integer. */
export function nonNegativeInt(value: unknown, property: string): number {
  if (!Number.isInteger(value) || (value as number) < 0) {
    throw new ArgumentError(`${property} must be a non-negative integer, got ${show(value)}`);
  }
  return value as number;
}

/** Checks: a positive integer. */
export function positiveInt(value: unknown, property: string): number {
  if (!Number.isInteger(value) || (value as number) <= 0) {
    throw new ArgumentError(`${property} must be a positive integer, got ${show(value)}`);
  }
  return value as number;
}

/** Checks: a boolean. */
export function boolean(value: unknown, property: string): boolean {
  if (typeof value !== "boolean") {
    throw new ArgumentError(`${property} must be a boolean, got ${show(value)}`);
  }
  return value;
}

/**
 * Checks: one of `values`.
 *
 * @example
 * ```ts
 * import { throws } from "node:assert/strict";
 * import { oneOf } from "./fields.ts";
 * throws(() => oneOf(["a", "b"])("c", "stage"), /stage must be one of "a", "b", got "c"/);
 * ```
 */
export function oneOf(values: readonly string[]): (value: unknown, property: string) => string {
  return (value, property) => {
    if (typeof value !== "string" || !values.includes(value)) {
      const list = values.map((v) => `"${v}"`).join(", ");
      throw new ArgumentError(`${property} must be one of ${list}, got ${show(value)}`);
    }
    return value;
  };
}
