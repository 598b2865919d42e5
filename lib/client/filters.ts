/**
 * The filters of `cvat.tasks.get`, `jobs.get`, `projects.get` and `users.get`: each key is
 * checked against the query's allowed keys and their types (as cvat-core does, with our own
 * messages), keys that must stand alone are checked, and a JSON-logic `filter` (object or JSON
 * string) becomes the `filter` query parameter as a JSON string.
 *
 * @module
 */

import { ArgumentError } from "../core/errors.ts";
import { show } from "../core/show.ts";

/** The type a filter key's value must have. */
export type FilterKind = "integer" | "string" | "boolean" | "logic";

/** What a query accepts: its name (for messages), its keys and the keys that stand alone. */
export interface FilterSpec {
  /** The API path, e.g. `"tasks.get"`. */
  name: string;
  keys: Record<string, FilterKind>;
  /** Keys that cannot be combined with any other key except those in `companions`. */
  exclusive?: string[];
  /** Keys that may go with an exclusive key (e.g. `page`). */
  companions?: string[];
}

const KIND_TEXT: Record<FilterKind, string> = {
  integer: "an integer",
  string: "a string",
  boolean: "a boolean",
  logic: "a JSON-logic object or its JSON string",
};

function isLogic(value: unknown): boolean {
  if (typeof value === "string") {
    try {
      const parsed = JSON.parse(value);
      return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed);
    } catch {
      return false;
    }
  }
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function fits(kind: FilterKind, value: unknown): boolean {
  if (kind === "integer") return Number.isInteger(value);
  if (kind === "string") return typeof value === "string";
  if (kind === "boolean") return typeof value === "boolean";
  return isLogic(value);
}

/**
 * Checks a filter against a spec and returns it as a plain record; throws `ArgumentError` naming
 * the key on an unknown key, a value of the wrong type, or an exclusive key used with others.
 * `undefined` is an empty filter.
 *
 * @example
 * ```ts
 * import { throws } from "node:assert/strict";
 * import { checkFilter } from "./filters.ts";
 * const spec = { name: "tasks.get", keys: { id: "integer" as const, page: "integer" as const } };
 * checkFilter({ id: 1 }, spec);
 * throws(() => checkFilter({ foo: 1 }, spec), /Unknown filter key "foo" for tasks.get/);
 * ```
 */
export function checkFilter(filter: unknown, spec: FilterSpec): Record<string, unknown> {
  if (filter === undefined) return {};
  if (filter === null || typeof filter !== "object" || Array.isArray(filter)) {
    throw new ArgumentError(`The filter of ${spec.name} must be an object, got ${show(filter)}`);
  }
  const record = filter as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    const kind = spec.keys[key];
    if (kind === undefined) {
      throw new ArgumentError(`Unknown filter key "${key}" for ${spec.name}`);
    }
    if (!fits(kind, value)) {
      throw new ArgumentError(
        `Filter key "${key}" of ${spec.name} must be ${KIND_TEXT[kind]}, got ${show(value)}`,
      );
    }
  }
  const keys = Object.keys(record).filter((key) => !(spec.companions ?? []).includes(key));
  for (const key of spec.exclusive ?? []) {
    if (key in record && keys.length > 1) {
      const others = keys.filter((k) => k !== key).map((k) => `"${k}"`).join(", ");
      throw new ArgumentError(
        `Filter key "${key}" of ${spec.name} cannot be combined with ${others}`,
      );
    }
  }
  return { ...record };
}

/**
 * A JSON-logic filter as the `filter` query parameter (a JSON string), or undefined.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { logicParam } from "./filters.ts";
 * strictEqual(logicParam({ "==": [{ var: "id" }, 1] }), '{"==":[{"var":"id"},1]}');
 * strictEqual(logicParam('{"==":[1,1]}'), '{"==":[1,1]}');
 * ```
 */
export function logicParam(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * ANDs JSON-logic conditions (object or string) into one filter string; undefined for none.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { andLogic } from "./filters.ts";
 * strictEqual(andLogic([undefined, { "==": [{ var: "project_id" }, 2] }]),
 *   '{"and":[{"==":[{"var":"project_id"},2]}]}');
 * ```
 */
export function andLogic(parts: unknown[]): string | undefined {
  const conditions = parts.filter((part) => part !== undefined)
    .map((part) => typeof part === "string" ? JSON.parse(part) : part);
  return conditions.length === 0 ? undefined : JSON.stringify({ and: conditions });
}

/** The filter spec of `tasks.get`. */
export const TASKS_FILTER: FilterSpec = {
  name: "tasks.get",
  keys: {
    page: "integer",
    projectId: "integer",
    id: "integer",
    sort: "string",
    search: "string",
    filter: "logic",
    ordering: "string",
  },
  exclusive: ["id"],
  companions: ["page"],
};

/** The filter spec of `jobs.get` (`jobID` stands alone, except with `page` and `sort`). */
export const JOBS_FILTER: FilterSpec = {
  name: "jobs.get",
  keys: {
    page: "integer",
    filter: "logic",
    sort: "string",
    search: "string",
    jobID: "integer",
    taskID: "integer",
    type: "string",
  },
  exclusive: ["jobID"],
  companions: ["page", "sort"],
};

/** The filter spec of `projects.get`. */
export const PROJECTS_FILTER: FilterSpec = {
  name: "projects.get",
  keys: { id: "integer", page: "integer", search: "string", sort: "string", filter: "logic" },
  exclusive: ["id"],
  companions: ["page"],
};

/** The filter spec of `users.get`. */
export const USERS_FILTER: FilterSpec = {
  name: "users.get",
  keys: {
    id: "integer",
    is_active: "boolean",
    self: "boolean",
    search: "string",
    limit: "integer",
  },
};
