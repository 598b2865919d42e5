/**
 * The `jobs` of a backup's `task.json` and the segments a restore makes of them, as CVAT's
 * `TaskImporter` does: the segment size is the first job's length and the overlap what the
 * first two jobs share (CVAT's rules then cut the frames again), or, with `custom_segments`,
 * each job takes its listed `files` in turn. Each job keeps its `status` (CVAT keeps nothing
 * else of a job). Pure.
 *
 * @module
 */

import { badRequest } from "./errors.ts";
import { segmentRanges } from "./segments.ts";
import type { JobRecord } from "../store/types.ts";

/** A job status as `task.json` carries it. */
export type BackupJobStatus = "annotation" | "validation" | "completed";

const STATUSES: readonly string[] = ["annotation", "validation", "completed"];

/** The jobs a restore creates: task settings, frame ranges, and each job's status. */
export interface RestoreSegments {
  segmentSize: number;
  overlap: number;
  ranges: [number, number][];
  statuses: BackupJobStatus[];
}

interface BackupJob {
  start: number;
  stop: number;
  status: BackupJobStatus;
  files: string[] | null;
}

/** What `readBackupJobs` found. */
export interface BackupJobs {
  /** With custom segments: every job's files in order (the frame order); else null. */
  files: string[] | null;
  /** The segments over `size` frames (400 when the jobs do not fit). */
  segments(size: number): RestoreSegments;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function readJob(raw: unknown, i: number, custom: boolean): BackupJob | null {
  const fail = (message: string) => badRequest({ jobs: { [i]: [message] } });
  if (!isObject(raw)) throw fail("Expected an object");
  const type = raw.type ?? "annotation";
  if (type === "ground_truth") throw fail("Ground truth jobs are not supported by this server");
  if (type !== "annotation") throw fail(`Unexpected job type ${String(type)}`);
  const start = raw.start_frame;
  const stop = raw.stop_frame;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(stop)) {
    throw fail("start_frame and stop_frame must be integers");
  }
  if ((start as number) < 0 || (stop as number) < (start as number)) {
    throw fail("Expected 0 <= start_frame <= stop_frame");
  }
  const status = raw.status ?? "annotation";
  if (!STATUSES.includes(status as string)) throw fail(`"${String(status)}" is not a valid status`);
  let files: string[] | null = null;
  if (custom) {
    const list = raw.files;
    if (!Array.isArray(list) || !list.every((f) => typeof f === "string")) {
      throw fail("files must be a list of file names");
    }
    if (list.length !== (stop as number) - (start as number) + 1) {
      throw badRequest([`segment ${i}: segment files do not match segment size`]);
    }
    files = list;
  }
  return { start: start as number, stop: stop as number, status: status as BackupJobStatus, files };
}

function cvatSegments(jobs: BackupJob[], size: number): RestoreSegments {
  const segmentSize = jobs[0].stop - jobs[0].start + 1;
  const overlap = jobs.length === 1 ? 0 : jobs[0].stop - jobs[1].start + 1;
  if (overlap < 0) throw badRequest({ jobs: ["The jobs leave frames out of every segment"] });
  const plan = segmentRanges({ size, segmentSize, overlap, mode: "annotation" });
  return { ...plan, statuses: jobs.map((job) => job.status) };
}

function customSegments(jobs: BackupJob[], size: number): RestoreSegments {
  const ranges: [number, number][] = [];
  let at = 0;
  for (const job of jobs) {
    const length = job.stop - job.start + 1;
    ranges.push([at, at + length - 1]);
    at += length;
  }
  if (at !== size) throw badRequest({ jobs: ["The jobs' files do not match the task's frames"] });
  return { segmentSize: 0, overlap: 0, ranges, statuses: jobs.map((job) => job.status) };
}

/**
 * Reads `task.json`'s `jobs` (400 for a malformed entry, a ground truth job, or none at all).
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { readBackupJobs } from "./backup_jobs.ts";
 * const jobs = readBackupJobs([
 *   { start_frame: 0, stop_frame: 4, status: "completed" },
 *   { start_frame: 3, stop_frame: 7, status: "annotation" },
 * ], false);
 * deepStrictEqual(jobs.segments(8).ranges, [[0, 4], [3, 7]]);
 * ```
 */
export function readBackupJobs(raw: unknown, custom: boolean): BackupJobs {
  if (!Array.isArray(raw) || raw.length === 0) {
    throw badRequest({ jobs: ["Expected a non-empty list of jobs"] });
  }
  const jobs = raw.map((job, i) => readJob(job, i, custom)!);
  return {
    files: custom ? jobs.flatMap((job) => job.files!) : null,
    segments: (size) => custom ? customSegments(jobs, size) : cvatSegments(jobs, size),
  };
}

/**
 * The stage and state that show a job status again (cvat-lite derives the status from them;
 * CVAT keeps the status alone).
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { stageOfStatus } from "./backup_jobs.ts";
 * deepStrictEqual(stageOfStatus("completed"), { stage: "acceptance", state: "completed" });
 * ```
 */
export function stageOfStatus(status: BackupJobStatus): Pick<JobRecord, "stage" | "state"> {
  if (status === "completed") return { stage: "acceptance", state: "completed" };
  return { stage: status, state: "new" };
}
