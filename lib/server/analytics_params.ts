/**
 * The parameters of an analytics report request: which object (`job_id`, `task_id` or
 * `project_id`, exactly one) and the date range (`start_date`, `end_date`), with CVAT's
 * messages for what is wrong.
 *
 * @module
 */

import { badRequest } from "./errors.ts";
import { MAX_INT } from "./body.ts";
import type { ReportTarget } from "./analytics_report.ts";

/** The report targets in the order CVAT looks at them. */
export const TARGETS: readonly ReportTarget[] = ["job", "task", "project"];

/** The ids a request names, by target (absent when not given). */
export type TargetIds = Partial<Record<ReportTarget, number>>;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function utcMillis(parts: string[]): number | null {
  const [y, mo, d, h = "0", mi = "0", s = "0", frac = ""] = parts;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
  const ms = Number((frac + "000").slice(0, 3));
  const value = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const back = new Date(value);
  const valid = back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 &&
    back.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
  return valid ? value : null;
}

function offsetMillis(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === "Z") return 0;
  const digits = zone.slice(1).replace(":", "");
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || "0");
  return (zone[0] === "-" ? -1 : 1) * minutes * 60_000;
}

/**
 * An ISO 8601 date or date-time as milliseconds since the epoch (no zone means UTC), or null
 * when it cannot be read.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { parseReportDate } from "./analytics_params.ts";
 * strictEqual(parseReportDate("2024-05-06T10:00:00+02:00"), Date.UTC(2024, 4, 6, 8));
 * strictEqual(parseReportDate("2024-02-30"), null);
 * ```
 */
export function parseReportDate(text: string): number | null {
  const value = text.trim();
  const date = DATE.exec(value);
  if (date) return utcMillis(date.slice(1));
  const full = DATE_TIME.exec(value);
  if (!full) return null;
  const local = utcMillis(full.slice(1, 8));
  if (local === null) return null;
  const zone = full[8];
  if (zone && Number(zone.slice(1, 3)) > 23) return null;
  return local - offsetMillis(zone);
}

/**
 * Checks `start_date` and `end_date` (both optional): 400 `["Cannot parse 'start_date'
 * datetime parameter: ..."]` or `["'start_date' must be before than 'end_date'"]`.
 *
 * @example
 * ```ts
 * import { throws } from "node:assert/strict";
 * import { checkReportDates } from "./analytics_params.ts";
 * checkReportDates("2024-05-01", "2024-05-06T00:00:00Z");
 * throws(() => checkReportDates("2024-05-07", "2024-05-06"));
 * throws(() => checkReportDates("yesterday", undefined));
 * ```
 */
export function checkReportDates(start: string | undefined, end: string | undefined): void {
  const read = (name: string, text: string | undefined) => {
    if (!text) return null;
    const value = parseReportDate(text);
    if (value === null) {
      throw badRequest([`Cannot parse '${name}' datetime parameter: ${text.slice(0, 200)}`]);
    }
    return value;
  };
  const from = read("start_date", start);
  const to = read("end_date", end);
  if (from !== null && to !== null && from > to) {
    throw badRequest(["'start_date' must be before than 'end_date'"]);
  }
}

/**
 * The `job_id`, `task_id` and `project_id` a request gives (an empty value counts as absent):
 * integers, else 400 `{"task_id": ["A valid integer is required."]}`.
 *
 * @example
 * ```ts
 * import { deepStrictEqual, throws } from "node:assert/strict";
 * import { readTargetIds } from "./analytics_params.ts";
 * deepStrictEqual(readTargetIds({ task_id: "5", job_id: "" }), { task: 5 });
 * throws(() => readTargetIds({ job_id: "x" }));
 * ```
 */
export function readTargetIds(values: Record<string, unknown>): TargetIds {
  const ids: TargetIds = {};
  const errors: Record<string, string[]> = {};
  for (const target of TARGETS) {
    const name = `${target}_id`;
    const raw = values[name];
    if (raw === undefined || raw === "") continue;
    const text = typeof raw === "number" ? String(raw) : raw;
    if (typeof text !== "string" || !/^\s*\d{1,10}\s*$/.test(text) || Number(text) > MAX_INT) {
      errors[name] = [
        raw === null ? "This field may not be null." : "A valid integer is required.",
      ];
      continue;
    }
    ids[target] = Number(text);
  }
  if (Object.keys(errors).length) throw badRequest(errors);
  return ids;
}

/**
 * The one target a request names: 400 `"No any job, task or project specified"` when none and
 * `"Only one of job_id, task_id or project_id must be specified"` when more (wrapped by
 * `wrap`: a plain list for the report query, `non_field_errors` for a body).
 *
 * @example
 * ```ts
 * import { deepStrictEqual, throws } from "node:assert/strict";
 * import { singleTarget } from "./analytics_params.ts";
 * deepStrictEqual(singleTarget({ job: 3 }), ["job", 3]);
 * throws(() => singleTarget({}));
 * throws(() => singleTarget({ job: 3, task: 1 }));
 * ```
 */
export function singleTarget(
  ids: TargetIds,
  wrap: (messages: string[]) => Record<string, unknown> | string[] = (m) => m,
): [ReportTarget, number] {
  const given = TARGETS.filter((target) => ids[target] !== undefined);
  if (given.length === 0) throw badRequest(wrap(["No any job, task or project specified"]));
  if (given.length > 1) {
    throw badRequest(wrap(["Only one of job_id, task_id or project_id must be specified"]));
  }
  return [given[0], ids[given[0]]!];
}
