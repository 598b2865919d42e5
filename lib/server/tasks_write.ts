/**
 * `TaskWrite` bodies (POST and PATCH `/api/tasks`): field checks, user and project ids, and the
 * rule that a new task has exactly one of a label set or a project.
 *
 * @module
 */

import type { ServerContext } from "./context.ts";
import { badRequest } from "./errors.ts";
import { Fields } from "./body_fields.ts";
import { readLabels } from "./labels_parse.ts";
import { checkUserIds, type ProjectChanges } from "./projects_write.ts";

/** What a task body asks for; absent fields are `undefined`. */
export interface TaskChanges extends ProjectChanges {
  projectId?: number | null;
  overlap?: number | null;
  segmentSize?: number;
  subset?: string;
}

/**
 * Reads a `TaskWrite` body and checks its ids; throws one 400 with every field error. On
 * "patch", `overlap` and `segment_size` are read-only (ignored, as DRF ignores read-only fields).
 * On "create", exactly one of a non-empty `labels` and `project_id` must be given.
 *
 * @example
 * ```ts
 * // const changes = await readTaskBody(ctx, body, "create");
 * ```
 */
export async function readTaskBody(
  ctx: ServerContext,
  body: Record<string, unknown>,
  mode: "create" | "patch",
): Promise<TaskChanges> {
  const f = new Fields(body);
  const create = mode === "create";
  const changes: TaskChanges = {
    name: f.text("name", { required: create, max: 256 }) ?? undefined,
    projectId: f.int("project_id", { nullable: true, min: 0 }),
    ownerId: f.int("owner_id", { nullable: true, min: 0 }),
    assigneeId: f.int("assignee_id", { nullable: true, min: 0 }),
    bugTracker: f.text("bug_tracker", { max: 2000, allowBlank: true }) ?? undefined,
    overlap: create ? f.int("overlap", { nullable: true, min: 0 }) : undefined,
    segmentSize: create ? f.int("segment_size", { min: 0 }) ?? undefined : undefined,
    subset: f.text("subset", { max: 64, allowBlank: true }) ?? undefined,
    targetStorage: f.storage("target_storage"),
    sourceStorage: f.storage("source_storage"),
    labels: readLabels(f, mode),
  };
  f.check();
  await checkUserIds(ctx, f, { owner_id: changes.ownerId, assignee_id: changes.assigneeId });
  if (changes.projectId !== undefined && changes.projectId !== null) {
    if (!await ctx.store.projects.get(changes.projectId)) {
      f.fail("project_id", `Invalid pk "${changes.projectId}" - object does not exist.`);
    }
  }
  f.check();
  if (create) {
    const hasLabels = (changes.labels ?? []).length > 0;
    const hasProject = changes.projectId !== undefined && changes.projectId !== null;
    if (hasLabels && hasProject) {
      throw badRequest(["Project must have only one of Label set or project_id"]);
    }
    if (!hasLabels && !hasProject) throw badRequest(["Label set or project_id must be present"]);
  }
  return changes;
}
