/**
 * Validation of `POST /api/events` bodies with DRF's field rules and messages (CVAT's
 * `EventSerializer` and `ClientEventsSerializer`): strings (numbers become strings, blanks are
 * refused, whitespace is trimmed), integers (integral numbers or digit strings, within 32 bits),
 * ISO date-times, and nested error bodies (`{"events": [{}, {"timestamp": ["..."]}]}`).
 *
 * @module
 */

import { MAX_INT, typeName } from "./body.ts";

/** A validated event: its fields, with `timestamp` in epoch milliseconds. */
export type EventFields = Record<string, unknown> & { scope: string; timestamp: number };

/** A validated body: `{events, previous_event, timestamp}` (`timestamp` in epoch ms). */
export interface ClientEvents {
  events: EventFields[];
  previous_event: EventFields | null;
  timestamp: number;
}

type Kind = "string" | "integer" | "datetime";
type FieldErrors = Record<string, unknown>;

/** CVAT's event fields in declaration order: kind, required, nullable. */
const EVENT_FIELDS: [string, Kind, boolean, boolean][] = [
  ["scope", "string", true, false],
  ["obj_name", "string", false, true],
  ["obj_id", "integer", false, true],
  ["obj_val", "string", false, true],
  ["source", "string", false, true],
  ["timestamp", "datetime", true, false],
  ["count", "integer", false, true],
  ["duration", "integer", false, false],
  ["project_id", "integer", false, true],
  ["task_id", "integer", false, true],
  ["job_id", "integer", false, true],
  ["user_id", "integer", false, true],
  ["user_name", "string", false, true],
  ["user_email", "string", false, true],
  ["org_id", "integer", false, true],
  ["org_slug", "string", false, true],
  ["payload", "string", false, true],
];

/** The longest string field accepted (a stored event must stay small). */
export const MAX_EVENT_STRING = 65536;
const DATETIME_FORMAT_ERROR = "Datetime has wrong format. Use one of these formats instead: " +
  "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].";

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

type Checked = { value: unknown } | { error: string };

function checkString(value: unknown): Checked {
  if (typeof value !== "string" && typeof value !== "number") {
    return { error: "Not a valid string." };
  }
  const text = String(value).trim();
  if (text === "") return { error: "This field may not be blank." };
  if (text.length > MAX_EVENT_STRING) {
    return { error: `Ensure this field has no more than ${MAX_EVENT_STRING} characters.` };
  }
  return { value: text };
}

function checkInteger(value: unknown): Checked {
  const text = typeof value === "number" || typeof value === "string" ? String(value) : "";
  if (text.length > 1000) return { error: "String value too large." };
  const digits = text.trim().replace(/\.0*$/, "");
  if (!/^[-+]?\d+$/.test(digits)) return { error: "A valid integer is required." };
  const number = Number(digits);
  if (number > MAX_INT) return { error: `Ensure this value is less than or equal to ${MAX_INT}.` };
  if (number < -MAX_INT - 1) {
    return { error: `Ensure this value is greater than or equal to ${-MAX_INT - 1}.` };
  }
  return { value: number };
}

const DATETIME = new RegExp(
  "^(\\d{4})-(\\d{2})-(\\d{2})[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?" +
    "\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?$",
  "i",
);

/**
 * Epoch milliseconds of an ISO-8601 date-time (no zone means UTC), or null.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { parseDateTime } from "./events_validate.ts";
 * strictEqual(parseDateTime("2024-03-21T20:50:05.694Z"), Date.UTC(2024, 2, 21, 20, 50, 5, 694));
 * strictEqual(parseDateTime("2024-02-30T00:00:00Z"), null);
 * ```
 */
export function parseDateTime(value: unknown): number | null {
  const match = typeof value === "string" ? DATETIME.exec(value.trim()) : null;
  if (!match) return null;
  const [y, mo, d, h, mi, s] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const ms = Number(((match[7] ?? "") + "000").slice(0, 3));
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
  date.setUTCFullYear(y);
  const valid = y >= 1 && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
  if (!valid || h > 23 || mi > 59 || s > 59) return null;
  const zone = match[8]?.toUpperCase();
  if (!zone || zone === "Z") return date.getTime();
  const [zh, zm] = [Number(zone.slice(1, 3)), zone.length > 3 ? Number(zone.slice(-2)) : 0];
  if (zh > 23 || zm > 59) return null;
  const offset = (zh * 60 + zm) * 60000;
  return date.getTime() - (zone[0] === "-" ? -offset : offset);
}

function checkField(kind: Kind, value: unknown): Checked {
  if (kind === "string") return checkString(value);
  if (kind === "integer") return checkInteger(value);
  const time = parseDateTime(value);
  return time === null ? { error: DATETIME_FORMAT_ERROR } : { value: time };
}

/** One event object: its validated fields, or DRF's field errors. */
function validateEvent(raw: unknown): { value: EventFields } | { errors: FieldErrors } {
  if (!isObject(raw)) {
    return {
      errors: {
        non_field_errors: [`Invalid data. Expected a dictionary, but got ${typeName(raw)}.`],
      },
    };
  }
  const value: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const [name, kind, required, nullable] of EVENT_FIELDS) {
    if (!(name in raw) || raw[name] === undefined) {
      if (required) errors[name] = ["This field is required."];
      else if (name === "duration") value.duration = 0;
      continue;
    }
    const given = raw[name];
    if (given === null) {
      if (nullable) value[name] = null;
      else errors[name] = ["This field may not be null."];
      continue;
    }
    const checked = checkField(kind, given);
    if ("error" in checked) errors[name] = [checked.error];
    else value[name] = checked.value;
  }
  return Object.keys(errors).length ? { errors } : { value: value as EventFields };
}

function validateEventList(raw: unknown): { value: EventFields[] } | { errors: unknown } {
  if (raw === undefined) return { value: [] };
  if (raw === null) return { errors: ["This field may not be null."] };
  if (!Array.isArray(raw)) {
    return {
      errors: {
        non_field_errors: [`Expected a list of items but got type "${typeName(raw)}".`],
      },
    };
  }
  const results = raw.map(validateEvent);
  if (results.every((r) => "value" in r)) {
    return { value: results.map((r) => (r as { value: EventFields }).value) };
  }
  return { errors: results.map((r) => ("errors" in r ? r.errors : {})) };
}

/**
 * Validates a `POST /api/events` body: `{events: [Event], previous_event?: Event | null,
 * timestamp}` (what cvat-core's `logger.save()` sends). Scopes and payloads are checked by the
 * route, after these field rules, as CVAT does.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { validateClientEvents } from "./events_validate.ts";
 * const result = validateClientEvents({ events: [{ scope: "load:job" }], timestamp: "2024-01-01T00:00:00Z" });
 * ok("errors" in result); // {"events": [{"timestamp": ["This field is required."]}]}
 * ```
 */
export function validateClientEvents(
  body: unknown,
): { value: ClientEvents } | { errors: FieldErrors } {
  if (!isObject(body)) {
    return {
      errors: {
        non_field_errors: [`Invalid data. Expected a dictionary, but got ${typeName(body)}.`],
      },
    };
  }
  const errors: FieldErrors = {};
  const events = validateEventList(body.events);
  if ("errors" in events) errors.events = events.errors;
  let previous: EventFields | null = null;
  if (body.previous_event !== undefined && body.previous_event !== null) {
    const checked = validateEvent(body.previous_event);
    if ("errors" in checked) errors.previous_event = checked.errors;
    else previous = checked.value;
  }
  const timestamp = body.timestamp === undefined || body.timestamp === null
    ? null
    : parseDateTime(body.timestamp);
  if (body.timestamp === undefined) errors.timestamp = ["This field is required."];
  else if (body.timestamp === null) errors.timestamp = ["This field may not be null."];
  else if (timestamp === null) errors.timestamp = [DATETIME_FORMAT_ERROR];
  if (Object.keys(errors).length || timestamp === null || "errors" in events) return { errors };
  return { value: { events: events.value, previous_event: previous, timestamp } };
}
