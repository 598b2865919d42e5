/**
 * The `JobRead` shape (notes §2.6) and the derived job status.
 *
 * @module
 */

import { absoluteUrl, type Ctx, type ServerContext } from "./context.ts";
import { canSeeTask } from "./access.ts";
import { basicUser } from "./users_view.ts";
import type { JobRecord, ProjectRecord, TaskRecord, UserRecord } from "../store/types.ts";

/** What a job's JSON is built from. */
export interface JobParts {
  job: JobRecord;
  task: TaskRecord;
  project: ProjectRecord | null;
  assignee: UserRecord | null;
  issueCount: number;
  /** The task's storages are shown only to users who may see the task. */
  showStorage: boolean;
}

/**
 * A job's status, derived from stage and state: stage annotation → "annotation", acceptance with
 * state completed → "completed", anything else → "validation".
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { jobStatus } from "./jobs_view.ts";
 * strictEqual(jobStatus("acceptance", "completed"), "completed");
 * strictEqual(jobStatus("validation", "completed"), "validation");
 * ```
 */
export function jobStatus(
  stage: JobRecord["stage"],
  state: JobRecord["state"],
): "annotation" | "validation" | "completed" {
  if (stage === "annotation") return "annotation";
  return stage === "acceptance" && state === "completed" ? "completed" : "validation";
}

/**
 * A job as CVAT's `JobRead`, with absolute links.
 *
 * @example
 * ```ts
 * // jobJson(c, parts) → { url, id, task_id, ..., issues: { count, url }, labels: { url }, ... }
 * ```
 */
export function jobJson(c: Ctx, parts: JobParts): Record<string, unknown> {
  const { job, task, project } = parts;
  return {
    url: absoluteUrl(c, `/api/jobs/${job.id}`),
    id: job.id,
    task_id: task.id,
    project_id: task.projectId,
    assignee: basicUser(c, parts.assignee),
    guide_id: task.guideId ?? project?.guideId ?? null,
    dimension: task.dimension,
    bug_tracker: task.bugTracker || (project ? project.bugTracker : null),
    status: jobStatus(job.stage, job.state),
    stage: job.stage,
    state: job.state,
    mode: task.mode,
    frame_count: job.frameCount,
    start_frame: job.startFrame,
    stop_frame: job.stopFrame,
    data_chunk_size: task.data?.chunkSize ?? null,
    data_compressed_chunk_type: task.data?.compressedChunkType ?? null,
    created_date: job.createdDate,
    updated_date: job.updatedDate,
    issues: { count: parts.issueCount, url: absoluteUrl(c, `/api/issues?job_id=${job.id}`) },
    labels: { url: absoluteUrl(c, `/api/labels?job_id=${job.id}`) },
    type: job.type,
    organization: task.organizationId,
    target_storage: parts.showStorage ? task.targetStorage : null,
    source_storage: parts.showStorage ? task.sourceStorage : null,
  };
}

/**
 * Loads what a job's JSON needs (assignee, issue count) and builds it for the given viewer.
 *
 * @example
 * ```ts
 * // await jobView(c, ctx, user, { job, task, project }) → JobRead
 * ```
 */
export async function jobView(
  c: Ctx,
  ctx: ServerContext,
  viewer: UserRecord,
  found: { job: JobRecord; task: TaskRecord; project: ProjectRecord | null },
): Promise<Record<string, unknown>> {
  const { job, task, project } = found;
  const [assignee, issues] = await Promise.all([
    job.assigneeId === null ? null : ctx.store.users.get(job.assigneeId),
    ctx.store.issues.listBy("jobId", job.id),
  ]);
  return jobJson(c, {
    job,
    task,
    project,
    assignee,
    issueCount: issues.length,
    showStorage: canSeeTask(viewer, task, project),
  });
}
