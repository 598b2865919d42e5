/**
 * `ProjectWrite` bodies (POST and PATCH `/api/projects`), and the checks projects and tasks
 * share: user ids that must exist, storages that get ids.
 *
 * @module
 */

import type { ServerContext } from "./context.ts";
import { Fields, type StorageInput } from "./body_fields.ts";
import { type LabelInput, readLabels } from "./labels_parse.ts";
import type { ProjectRecord, StorageRecord } from "../store/types.ts";

/** What a project body asks for; absent fields are `undefined`. */
export interface ProjectChanges {
  name?: string;
  ownerId?: number | null;
  assigneeId?: number | null;
  bugTracker?: string;
  targetStorage?: StorageInput | null;
  sourceStorage?: StorageInput | null;
  labels?: LabelInput[];
}

/**
 * Checks that the user ids a body names exist; records DRF's
 * `Invalid pk "N" - object does not exist.` in `fields` otherwise.
 *
 * @example
 * ```ts
 * // await checkUserIds(ctx, fields, { assignee_id: 5 }); fields.check();
 * ```
 */
export async function checkUserIds(
  ctx: ServerContext,
  fields: Fields,
  ids: Record<string, number | null | undefined>,
): Promise<void> {
  for (const [name, id] of Object.entries(ids)) {
    if (id === undefined || id === null) continue;
    if (!await ctx.store.users.get(id)) {
      fields.fail(name, `Invalid pk "${id}" - object does not exist.`);
    }
  }
}

/**
 * A written storage as stored (with a new id), `fallback` when none was written, or null.
 *
 * @example
 * ```ts
 * // await storageRecord(ctx, { location: "local", cloud_storage_id: null }, null)
 * //   → { id: 1, location: "local", cloud_storage_id: null }
 * ```
 */
export async function storageRecord(
  ctx: ServerContext,
  input: StorageInput | null | undefined,
  fallback: StorageRecord | null,
): Promise<StorageRecord | null> {
  if (input === undefined) return fallback;
  if (input === null) return null;
  return { id: await ctx.store.nextId("storage"), ...input };
}

/** The fields projects and tasks share, as a PATCH leaves them. */
type SharedFields = Pick<
  ProjectRecord,
  "name" | "ownerId" | "assigneeId" | "bugTracker" | "targetStorage" | "sourceStorage"
>;

/**
 * The fields a PATCH of a project or task changes that both have (storages written get new
 * ids), over the record's current values.
 *
 * @example
 * ```ts
 * // const updated = { ...fresh, ...await sharedChanges(ctx, fresh, changes), updatedDate: now() };
 * ```
 */
export async function sharedChanges(
  ctx: ServerContext,
  fresh: SharedFields,
  changes: ProjectChanges,
): Promise<SharedFields> {
  return {
    name: changes.name ?? fresh.name,
    ownerId: changes.ownerId === undefined ? fresh.ownerId : changes.ownerId,
    assigneeId: changes.assigneeId === undefined ? fresh.assigneeId : changes.assigneeId,
    bugTracker: changes.bugTracker ?? fresh.bugTracker,
    targetStorage: await storageRecord(ctx, changes.targetStorage, fresh.targetStorage),
    sourceStorage: await storageRecord(ctx, changes.sourceStorage, fresh.sourceStorage),
  };
}

/**
 * Reads a `ProjectWrite` body ("create": `name` required) and checks its user ids; throws one
 * 400 with every field error.
 *
 * @example
 * ```ts
 * // const changes = await readProjectBody(ctx, body, "create");
 * ```
 */
export async function readProjectBody(
  ctx: ServerContext,
  body: Record<string, unknown>,
  mode: "create" | "patch",
): Promise<ProjectChanges> {
  const f = new Fields(body);
  const changes: ProjectChanges = {
    name: f.text("name", { required: mode === "create", max: 256 }) ?? undefined,
    ownerId: f.int("owner_id", { nullable: true, min: 0 }),
    assigneeId: f.int("assignee_id", { nullable: true, min: 0 }),
    bugTracker: f.text("bug_tracker", { max: 2000, allowBlank: true }) ?? undefined,
    targetStorage: f.storage("target_storage"),
    sourceStorage: f.storage("source_storage"),
    labels: readLabels(f, mode),
  };
  // Checked for its type only: the subsets a project shows are derived from its tasks.
  f.list("task_subsets");
  f.check();
  await checkUserIds(ctx, f, { owner_id: changes.ownerId, assignee_id: changes.assigneeId });
  f.check();
  return changes;
}
