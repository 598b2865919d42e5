/**
 * Annotation imports in the background (CVAT's `import:<task|job>-<id>-annotations-by-<user>`
 * requests): the formats library reads the file against the task, the result is checked by
 * the same rules as a `PUT .../annotations` body and then replaces the target's annotations
 * (nothing is written when reading or checking fails). Progress and the outcome go to a
 * `RequestRecord` (kept a day at most).
 *
 * @module
 */

import type { ServerContext } from "./context.ts";
import { currentBackground, startBackground } from "./background.ts";
import { touchDates } from "./annotations.ts";
import { jobTarget } from "./annotations_job.ts";
import { splitByJob } from "./annotations_split.ts";
import { taskTarget } from "./annotations_task.ts";
import { checkBody, wireLabels } from "./annotations_wire.ts";
import { formatTaskOf, type Subject } from "./export_subject.ts";
import { importAnnotations } from "../formats/mod.ts";
import type { ImportSource } from "../formats/types.ts";
import type { LabeledData } from "../core/wire_types.ts";
import type { RequestRecord } from "../store/types.ts";

/** How long an import's record is kept. */
export const IMPORT_RECORD_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * CVAT's import request id.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { importRequestId } from "./import_requests.ts";
 * strictEqual(importRequestId("task", 5, "ann"), "import:task-5-annotations-by-ann");
 * ```
 */
export function importRequestId(kind: "task" | "job", id: number, username: string): string {
  return `import:${kind}-${id}-annotations-by-${username}`;
}

/** One import. */
export interface ImportSpec {
  id: string;
  subject: Subject;
  format: string;
  userId: number;
  source: ImportSource;
  filename?: string;
  /** The request's origin (job URLs in the task description). */
  origin: string;
  /** Runs once the import has ended (e.g. deletes the uploaded file). */
  cleanup?: () => Promise<void>;
}

/**
 * The import's record; one left queued or running by a process that is gone is forgotten.
 *
 * @example
 * ```ts
 * // const record = await currentImport(ctx, "import:task-5-annotations-by-ann");
 * ```
 */
export function currentImport(ctx: ServerContext, id: string): Promise<RequestRecord | null> {
  return currentBackground(ctx, id, "import:annotations");
}

/** Reads, checks and writes; nothing is written unless the whole file reads and checks. */
async function importInto(ctx: ServerContext, spec: ImportSpec): Promise<void> {
  const subject = spec.subject;
  const task = subject.task!;
  const formatTask = await formatTaskOf(ctx, subject, spec.origin);
  const read = await importAnnotations(spec.format, spec.source, {
    task: formatTask,
    filename: spec.filename,
  });
  let data: LabeledData = checkBody(read, await wireLabels(ctx, task));
  const job = subject.job;
  if (job) {
    const range = { id: job.id, start: job.startFrame, stop: job.stopFrame };
    data = splitByJob(data, [range], { dimension: task.dimension }).get(job.id)!;
    await jobTarget(ctx, job, task).put(data);
  } else {
    await taskTarget(ctx, task).put(data);
  }
  await touchDates(ctx, `${subject.kind}:${subject.id}`, data, true);
}

/**
 * Queues an import and starts it without waiting; null when one runs under the id already.
 * Resolves to the queued record and a promise that settles when the import has ended (it never
 * rejects).
 *
 * @example
 * ```ts
 * // const started = await startImport(ctx, spec); // null → 409 "Import job already exists"
 * ```
 */
export function startImport(
  ctx: ServerContext,
  spec: ImportSpec,
): Promise<{ record: RequestRecord; done: Promise<void> } | null> {
  return startBackground(ctx, {
    id: spec.id,
    operation: "import:annotations",
    target: { type: spec.subject.kind as "task" | "job", id: spec.subject.id },
    userId: spec.userId,
    format: spec.format,
    ttlMs: IMPORT_RECORD_TTL_MS,
    message: "Importing annotations",
    run: () => importInto(ctx, spec),
    cleanup: spec.cleanup,
  });
}
