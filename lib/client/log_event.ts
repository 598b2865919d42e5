/**
 * Log events as cvat-core makes them (notes §9): a scope (an `EventScope` value), a creation time
 * and a JSON payload, checked when they are made, so that a buffered event is one the server
 * accepts; `dumpLogEvent` gives the `POST /api/events` form, with the known fields hoisted out of
 * the payload. `foldLogEvent` holds cvat-core's compression rules.
 *
 * @module
 */

import { ArgumentError } from "../core/errors.ts";
import { EventScope } from "../core/enums.ts";

/** A buffered log event. */
export interface LogEvent {
  scope: EventScope;
  /** Creation time, epoch milliseconds. */
  time: number;
  /** The details (a JSON copy), with the hoisted fields still in. */
  payload: Record<string, unknown>;
}

/** A log event as `POST /api/events` takes it. */
export interface DumpedEvent {
  scope: string;
  /** ISO 8601. */
  timestamp: string;
  obj_name?: string;
  obj_id?: number;
  obj_val?: string;
  count?: number;
  duration?: number;
  project_id?: number;
  task_id?: number;
  job_id?: number;
  user_id?: number;
  /** The rest of the details as a JSON object string. */
  payload: string;
}

const SCOPES = new Set<string>(Object.values(EventScope));
/** Scopes whose details need an integer `count` ≥ 1. */
const COUNTED = new Set<string>([
  "delete:object",
  "merge:objects",
  "copy:object",
  "action:undo",
  "action:redo",
  "change:frame",
]);
const INTEGER_FIELDS = [
  "obj_id",
  "count",
  "duration",
  "project_id",
  "task_id",
  "job_id",
  "user_id",
];
const STRING_FIELDS = ["obj_name", "obj_val"];
const HOISTED = ["obj_name", "obj_id", "obj_val", "count", "duration", "project_id", "task_id"]
  .concat(["job_id", "user_id"]);
const EXCEPTION_FIELDS: [string, "string" | "number"][] = [
  ["message", "string"],
  ["filename", "string"],
  ["line", "number"],
  ["column", "number"],
  ["stack", "string"],
];
/** The server's longest string field. */
const MAX_TEXT = 65536;
const MAX_INT = 2147483647;

function show(value: unknown): string {
  try {
    return typeof value === "string" ? JSON.stringify(value) : String(value);
  } catch {
    return typeof value;
  }
}

function checkFields(scope: string, payload: Record<string, unknown>): void {
  const bad = (field: string, what: string) =>
    new ArgumentError(
      `The field "${field}" of a "${scope}" log must be ${what}, got ${show(payload[field])}`,
    );
  if (COUNTED.has(scope)) {
    const count = payload.count;
    if (!Number.isInteger(count) || (count as number) < 1) throw bad("count", "an integer ≥ 1");
  }
  if (scope === "send:exception") {
    for (const [field, type] of EXCEPTION_FIELDS) {
      const value = payload[field];
      const ok = type === "string" ? typeof value === "string" : typeof value === "number";
      if (!ok) throw bad(field, `a ${type}`);
    }
  }
  for (const field of INTEGER_FIELDS) {
    const value = payload[field];
    if (value === undefined || value === null) continue;
    const min = field === "duration" ? 0 : -MAX_INT - 1;
    if (!Number.isInteger(value) || (value as number) < min || (value as number) > MAX_INT) {
      throw bad(field, "a 32-bit integer");
    }
  }
  for (const field of STRING_FIELDS) {
    const value = payload[field];
    if (value === undefined || value === null || typeof value === "number") continue;
    if (typeof value !== "string") throw bad(field, "a string");
    if (value.length > MAX_TEXT) throw bad(field, `at most ${MAX_TEXT} characters long`);
  }
}

/**
 * Makes a log event from a scope and its details, checked as cvat-core and the server check
 * them: an `ArgumentError` for an unknown scope, details that are not a JSON object, a missing
 * `count` (counted scopes), a missing exception field (`send:exception`), a hoisted field of the
 * wrong type, or details too large for the server.
 *
 * @example
 * ```ts
 * import { strictEqual, throws } from "node:assert/strict";
 * import { makeLogEvent } from "./log_event.ts";
 * strictEqual(makeLogEvent("load:job", { job_id: 7 }).payload.job_id, 7);
 * throws(() => makeLogEvent("action:undo", {}), /"count"/);
 * throws(() => makeLogEvent("load:jobs", {}), /Unknown log scope "load:jobs"/);
 * ```
 */
export function makeLogEvent(scope: unknown, details: unknown = {}): LogEvent {
  if (typeof scope !== "string" || !SCOPES.has(scope)) {
    throw new ArgumentError(
      `Unknown log scope ${show(scope)}; expected an EventScope value such as "load:job"`,
    );
  }
  if (typeof details !== "object" || details === null || Array.isArray(details)) {
    throw new ArgumentError(
      `The details of a "${scope}" log must be an object, got ${show(details)}`,
    );
  }
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(JSON.stringify(details));
  } catch (error) {
    throw new ArgumentError(`The details of a "${scope}" log must be JSON: ${show(error)}`);
  }
  checkFields(scope, payload);
  const event: LogEvent = { scope: scope as EventScope, time: Date.now(), payload };
  if (dumpLogEvent(event).payload.length > MAX_TEXT) {
    throw new ArgumentError(
      `The details of a "${scope}" log are too large (over ${MAX_TEXT} characters of JSON)`,
    );
  }
  return event;
}

/**
 * The `POST /api/events` form of an event: `scope`, `timestamp`, the known fields hoisted out of
 * the payload (empty and null ones left out) and the rest of the payload as a JSON string.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { dumpLogEvent } from "./log_event.ts";
 * deepStrictEqual(dumpLogEvent({ scope: "load:job", time: 0, payload: { job_id: 7, obj_name: "", x: 1 } }),
 *   { scope: "load:job", timestamp: "1970-01-01T00:00:00.000Z", job_id: 7, payload: '{"x":1}' });
 * ```
 */
export function dumpLogEvent(event: LogEvent): DumpedEvent {
  const rest = { ...event.payload };
  const out: Record<string, unknown> = {
    scope: event.scope,
    timestamp: new Date(event.time).toISOString(),
  };
  for (const field of HOISTED) {
    if (!(field in rest)) continue;
    const value = rest[field];
    delete rest[field];
    if (value !== null && value !== undefined && value !== "") out[field] = value;
  }
  out.payload = JSON.stringify(rest);
  return out as unknown as DumpedEvent;
}

type Fold = (last: LogEvent, payload: Record<string, unknown>, isNewest: boolean) => boolean;
type Merge = (last: LogEvent, payload: Record<string, unknown>) => Record<string, unknown>;

const FOLDS: Record<string, [Fold, Merge]> = {
  "zoom:image": [(_l, _p, isNewest) => isNewest, (last, p) => ({ ...last.payload, ...p })],
  "send:exception": [
    (last, p, isNewest) =>
      isNewest && p.stack === last.payload.stack && p.message === last.payload.message,
    (last) => ({
      ...last.payload,
      count: (Number.isInteger(last.payload.count) ? last.payload.count as number : 1) + 1,
      lastTimestamp: new Date().toISOString(),
    }),
  ],
  "change:attribute": [
    (last, p) => p.object_id === last.payload.object_id && p.id === last.payload.id,
    (last, p) => ({ ...last.payload, ...p }),
  ],
  "change:frame": [
    (last, p) => p.job_id === last.payload.job_id && p.step === last.payload.step,
    (last, p) => ({ ...last.payload, to: p.to, count: (last.payload.count as number) + 1 }),
  ],
};

/**
 * cvat-core's compression: folds `event` into `last` (the previous buffered event of its scope)
 * when the rules allow, and answers whether it did. `zoom:image` folds into a newest zoom;
 * `send:exception` counts a repeat of the newest exception (same message and stack);
 * `change:attribute` merges changes of one attribute of one object; `change:frame` merges steps
 * of one job with one `step` (`to` updated, `count` + 1).
 *
 * @example
 * ```ts
 * import { ok, strictEqual } from "node:assert/strict";
 * import { foldLogEvent, makeLogEvent } from "./log_event.ts";
 * const first = makeLogEvent("change:frame", { job_id: 1, step: 1, from: 0, to: 1, count: 1 });
 * const next = makeLogEvent("change:frame", { job_id: 1, step: 1, from: 1, to: 2, count: 1 });
 * ok(foldLogEvent(first, next, true));
 * strictEqual(first.payload.to, 2);
 * strictEqual(first.payload.count, 2);
 * ```
 */
export function foldLogEvent(last: LogEvent, event: LogEvent, isNewest: boolean): boolean {
  const rule = FOLDS[event.scope];
  if (!rule || last.scope !== event.scope || !rule[0](last, event.payload, isNewest)) return false;
  last.payload = rule[1](last, event.payload);
  return true;
}

/**
 * Whether logging `scope` keeps a `change:frame` chain going (only `change:frame` does).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { keepsFrameChain } from "./log_event.ts";
 * ok(keepsFrameChain("change:frame") && !keepsFrameChain("load:job"));
 * ```
 */
export function keepsFrameChain(scope: string): boolean {
  return scope === "change:frame";
}
