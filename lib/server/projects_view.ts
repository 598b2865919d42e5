/**
 * The `ProjectRead` shape (notes §2.4) and how project lists search, filter and sort (§3).
 *
 * @module
 */

import { absoluteUrl, type Ctx, type ServerContext } from "./context.ts";
import { basicUser } from "./users_view.ts";
import type { ListSpec } from "./lists.ts";
import type { ProjectRecord } from "../store/types.ts";

/**
 * A project as CVAT's `ProjectRead`, with absolute links.
 *
 * @example
 * ```ts
 * // await projectJson(c, ctx, project) → { url, id, name, owner, ..., tasks: {count, url} }
 * ```
 */
export async function projectJson(
  c: Ctx,
  ctx: ServerContext,
  project: ProjectRecord,
): Promise<Record<string, unknown>> {
  const tasks = await ctx.store.tasks.listBy("projectId", project.id);
  const [owner, assignee] = await ctx.store.users.getMany([
    project.ownerId ?? 0,
    project.assigneeId ?? 0,
  ]);
  const subsets = [...new Set(tasks.map((t) => t.subset).filter((s) => s !== ""))];
  return {
    url: absoluteUrl(c, `/api/projects/${project.id}`),
    id: project.id,
    name: project.name,
    owner: basicUser(c, owner),
    assignee: basicUser(c, assignee),
    guide_id: project.guideId,
    bug_tracker: project.bugTracker,
    task_subsets: subsets,
    created_date: project.createdDate,
    updated_date: project.updatedDate,
    status: project.status,
    dimension: tasks[0]?.dimension ?? null,
    organization: project.organizationId,
    target_storage: project.targetStorage,
    source_storage: project.sourceStorage,
    tasks: {
      count: tasks.length,
      url: absoluteUrl(c, `/api/tasks?project_id=${project.id}`),
    },
    labels: { url: absoluteUrl(c, `/api/labels?project_id=${project.id}`) },
  };
}

/**
 * Whether a list request needs more than the records themselves (a `search`, or one of `names`
 * in `filter`, `sort` or a simple filter): lists load user names and project names only then,
 * so that the default page stays flat as the store grows.
 *
 * @example
 * ```ts
 * // if (queryMentions(c, ["owner", "assignee"])) names = await usernames(ctx);
 * ```
 */
export function queryMentions(c: Ctx, names: readonly string[]): boolean {
  const query = c.req.query();
  if ((query.search ?? "") !== "") return true;
  const text = `${query.filter ?? ""} ${query.sort ?? ""}`;
  return names.some((name) => name in query || text.includes(name));
}

/**
 * Every user's name by id.
 *
 * @example
 * ```ts
 * // (await usernames(ctx)).get(1) → "admin"
 * ```
 */
export async function usernames(ctx: ServerContext): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  for await (const user of ctx.store.users.list()) names.set(user.id, user.username);
  return names;
}

const STATUSES = ["annotation", "validation", "completed"];

/**
 * The project list's fields: search name/owner/assignee/status; filter and sort those plus id
 * and updated_date; simple filters name, owner, assignee, status.
 *
 * @example
 * ```ts
 * // projectListSpec(new Map([[1, "admin"]]))
 * ```
 */
export function projectListSpec(names: ReadonlyMap<number, string>): ListSpec<ProjectRecord> {
  const owner = (p: ProjectRecord) => p.ownerId === null ? null : names.get(p.ownerId) ?? null;
  const assignee = (p: ProjectRecord) =>
    p.assigneeId === null ? null : names.get(p.assigneeId) ?? null;
  const search = {
    name: (p: ProjectRecord) => p.name,
    owner,
    assignee,
    status: (p: ProjectRecord) => p.status,
  };
  return {
    search,
    fields: { ...search, id: (p) => p.id, updated_date: (p) => p.updatedDate },
    simple: {
      name: { get: (p) => p.name, type: "string" },
      owner: { get: owner, type: "string" },
      assignee: { get: assignee, type: "string" },
      status: { get: (p) => p.status, type: "choice", choices: STATUSES },
    },
  };
}
