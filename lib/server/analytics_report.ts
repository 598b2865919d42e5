/**
 * The analytics ("performance") report of an object that has none computed: CVAT answers its
 * empty report, whose five statistics are always the job-level metrics (their titles and
 * descriptions say "Job" whatever the target), with empty histograms and zero numbers dated
 * today. No `<target>_id` key: cvat-ui reads its absence as "not computed yet" and offers to
 * request one.
 *
 * @module
 */

/** What a report is about. */
export type ReportTarget = "job" | "task" | "project";

/** One point of a data series. */
export interface DataFrame {
  value: number;
  /** `YYYY-MM-DD`. */
  date: string;
}

/** A binary operation applied to two data series (`annotation_speed` = count / time). */
export interface Transformation {
  name: string;
  binary: { left: string; operator: "+" | "-" | "*" | "/"; right: string } | null;
}

/** One metric of a report, as CVAT serializes it. */
export interface MetricJson {
  name: string;
  title: string;
  description: string;
  granularity: "day" | "week" | "month" | null;
  default_view: "numeric" | "histogram";
  data_series: Record<string, DataFrame[]>;
  transformations: Transformation[];
}

/** A report body (`GET /api/analytics/reports`). */
export interface ReportJson {
  created_date: string;
  target: ReportTarget;
  statistics: MetricJson[];
}

/** A series with one zero dated `today`. */
const zeroSeries = (today: string): DataFrame[] => [{ value: 0, date: today }];

function histograms(): MetricJson[] {
  return [{
    name: "objects",
    title: "Objects",
    description: "Metric shows number of added/changed/deleted objects for the Job.",
    granularity: "day",
    default_view: "histogram",
    data_series: { created: [], updated: [], deleted: [] },
    transformations: [],
  }, {
    name: "annotation_speed",
    title: "Annotation speed (objects per hour)",
    description: "Metric shows annotation speed in the job as number of objects per hour.",
    granularity: "day",
    default_view: "histogram",
    data_series: { object_count: [], working_time: [] },
    transformations: [{
      name: "annotation_speed",
      binary: { left: "object_count", operator: "/", right: "working_time" },
    }],
  }];
}

function numbers(today: string): MetricJson[] {
  const numeric = (name: string, title: string, description: string): MetricJson => ({
    name,
    title,
    description,
    granularity: null,
    default_view: "numeric",
    data_series: {
      [name === "annotation_time" ? "total_annotating_time" : name]: zeroSeries(today),
    },
    transformations: [],
  });
  return [
    numeric(
      "annotation_time",
      "Annotation time (hours)",
      "Metric shows how long the Job is in progress state.",
    ),
    numeric(
      "total_object_count",
      "Total Object Count",
      "Metric shows total object count in the Job.",
    ),
    numeric(
      "average_annotation_speed",
      "Average Annotation Speed (objects per hour)",
      "Metric shows average annotation speed in the Job.",
    ),
  ];
}

/**
 * The five statistics of an empty report, the numeric ones dated `now` (UTC day).
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { emptyStatistics } from "./analytics_report.ts";
 * const stats = emptyStatistics(new Date("2024-05-06T10:00:00Z"));
 * deepStrictEqual(stats.map((s) => s.name), [
 *   "objects", "annotation_speed", "annotation_time", "total_object_count",
 *   "average_annotation_speed",
 * ]);
 * deepStrictEqual(stats[2].data_series, { total_annotating_time: [{ value: 0, date: "2024-05-06" }] });
 * ```
 */
export function emptyStatistics(now: Date): MetricJson[] {
  const today = now.toISOString().slice(0, 10);
  return [...histograms(), ...numbers(today)];
}

/**
 * The empty report of a target, created `now`.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { emptyReport } from "./analytics_report.ts";
 * const report = emptyReport("task", new Date("2024-05-06T10:00:00Z"));
 * strictEqual(report.created_date, "2024-05-06T10:00:00.000000Z");
 * strictEqual("task_id" in report, false);
 * ```
 */
export function emptyReport(target: ReportTarget, now: Date): ReportJson {
  const created = now.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
  return { created_date: created, target, statistics: emptyStatistics(now) };
}
