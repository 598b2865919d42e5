/**
 * Labels: `GET /api/labels` (by `job_id`, `task_id` or `project_id`, or everything visible) and
 * `GET/PATCH/DELETE /api/labels/{id}` (notes §2.6, §5).
 *
 * @module
 */

import type { Hono } from "./deps.ts";
import type { Ctx, Env, ServerContext } from "./context.ts";
import { jobFor, pathId, projectFor, requireUser, taskFor } from "./access.ts";
import { badRequest } from "./errors.ts";
import { allowMethods, readObject } from "./body.ts";
import { applyList, listFromTable, type ListSpec, pageBody, parseListQuery } from "./lists.ts";
import { groupLabels, labelJson, taskLabelOwner } from "./labels_view.ts";
import { labelFor, labelVisible, visibleOwners } from "./labels_access.ts";
import { parseLabelBody } from "./labels_parse.ts";
import { applyLabelPlan, type LabelOwner, ownerLabels, planLabelChange } from "./labels_write.ts";
import type { LabelRecord, UserRecord } from "../store/types.ts";

const ID = "/api/labels/:id{[0-9]+}";
const PARENTS = ["job_id", "task_id", "project_id"] as const;

function labelListSpec(parents: ReadonlyMap<number, string>): ListSpec<LabelRecord> {
  const parent = (l: LabelRecord) => l.parentId === null ? null : parents.get(l.parentId) ?? null;
  const search = { name: (l: LabelRecord) => l.name, parent };
  return {
    search,
    fields: {
      ...search,
      id: (l) => l.id,
      type: (l) => l.type,
      color: (l) => l.color,
      parent_id: (l) => l.parentId,
    },
    simple: {
      name: { get: (l) => l.name, type: "string" },
      parent: { get: parent, type: "string" },
      type: { get: (l) => l.type, type: "string" },
      color: { get: (l) => l.color, type: "string" },
      parent_id: { get: (l) => l.parentId, type: "int" },
    },
    defaultSort: "id",
  };
}

/** Lists show sublabels only when asked about parents; otherwise top-level labels only. */
function wantsSublabels(c: Ctx): boolean {
  const query = c.req.query();
  return "parent" in query || "parent_id" in query || (query.filter ?? "").includes("parent");
}

/** The owner named by `job_id`, `task_id` or `project_id` (404/403 checked), or null. */
async function scopedOwner(c: Ctx, ctx: ServerContext, user: UserRecord) {
  const query = c.req.query();
  const given = PARENTS.filter((name) => query[name] !== undefined && query[name] !== "");
  if (given.length > 1) {
    throw badRequest(["job_id, task_id and project_id parameters cannot be used together"]);
  }
  if (given.length === 0) return null;
  const name = given[0];
  if (!/^\d{1,10}$/.test(query[name].trim()) || Number(query[name]) > 2147483647) {
    throw badRequest({ [name]: ["A valid integer is required."] });
  }
  const id = Number(query[name]);
  if (name === "project_id") {
    return { taskId: null, projectId: (await projectFor(ctx, user, id)).id };
  }
  const task = name === "task_id"
    ? (await taskFor(ctx, user, id)).task
    : (await jobFor(ctx, user, id)).task;
  return taskLabelOwner(task);
}

async function page(
  c: Ctx,
  ctx: ServerContext,
  labels: readonly LabelRecord[],
  count: number,
  query: ReturnType<typeof parseListQuery>,
  all?: readonly LabelRecord[],
): Promise<Response> {
  const children = all ? groupLabels(all).children : null;
  const results = [];
  for (const label of labels) {
    const subs = children?.get(label.id) ?? await ctx.store.labels.listBy("parentId", label.id);
    results.push(labelJson(label, label.parentId === null ? subs : []));
  }
  return c.json(pageBody(c, count, results, query));
}

async function listLabels(c: Ctx, ctx: ServerContext): Promise<Response> {
  const user = requireUser(c);
  const owner = await scopedOwner(c, ctx, user);
  const withSubs = wantsSublabels(c);
  if (owner) {
    const all = await ownerLabels(ctx, owner);
    const spec = labelListSpec(new Map(all.map((l) => [l.id, l.name])));
    const query = parseListQuery(c, spec);
    const items = withSubs ? all : all.filter((l) => l.parentId === null);
    const { count, page: found } = applyList(items, query, spec);
    return await page(c, ctx, found, count, query, all);
  }
  const parents = new Map<number, string>();
  if (withSubs) { for await (const l of ctx.store.labels.list()) parents.set(l.id, l.name); }
  const owners = await visibleOwners(ctx, user);
  const { count, page: found, query } = await listFromTable(
    c,
    ctx.store.labels,
    labelListSpec(parents),
    {
      visible: (l) => (withSubs || l.parentId === null) && labelVisible(owners, l),
      countAll: owners.all && withSubs,
    },
  );
  return await page(c, ctx, found, count, query);
}

async function changeLabel(c: Ctx, ctx: ServerContext, remove: boolean): Promise<Response> {
  const user = requireUser(c);
  const label = await labelFor(ctx, user, pathId(c.req.param("id")), { write: true });
  const how = remove ? "deleted" : "modified";
  if (label.parentId !== null) {
    throw badRequest([
      `Sublabels cannot be ${how} this way. ` +
      "Please send a PATCH request with the updated parent label data instead.",
    ]);
  }
  const owner: LabelOwner = { taskId: label.taskId, projectId: label.projectId };
  if (remove) {
    await applyLabelPlan(
      ctx,
      owner,
      await planLabelChange(ctx, owner, [{ id: label.id, deleted: true }], "patch"),
    );
    return c.body(null, 204);
  }
  const body = await readObject(c);
  if (body.deleted !== undefined && typeof body.deleted !== "boolean") {
    throw badRequest({ deleted: ["Must be a valid boolean."] });
  }
  if (body.deleted === true) {
    throw badRequest(["Labels cannot be deleted with PATCH. Use a DELETE request instead."]);
  }
  const input = { ...parseLabelBody(body), id: label.id };
  const plan = await planLabelChange(ctx, owner, [input], "patch", () => []);
  await applyLabelPlan(ctx, owner, plan);
  const fresh = await ctx.store.labels.get(label.id) ?? label;
  return c.json(labelJson(fresh, await ctx.store.labels.listBy("parentId", label.id)));
}

/**
 * Registers the label routes.
 *
 * @example
 * ```ts
 * // registerLabelRoutes(app, ctx)
 * ```
 */
export function registerLabelRoutes(app: Hono<Env>, ctx: ServerContext): void {
  app.get("/api/labels", (c) => listLabels(c, ctx));
  allowMethods(app, "/api/labels", ["GET"]);
  app.get(ID, async (c) => {
    const label = await labelFor(ctx, requireUser(c), pathId(c.req.param("id")));
    const subs = label.parentId === null ? await ctx.store.labels.listBy("parentId", label.id) : [];
    return c.json(labelJson(label, subs));
  });
  app.patch(ID, (c) => changeLabel(c, ctx, false));
  app.delete(ID, (c) => changeLabel(c, ctx, true));
  allowMethods(app, ID, ["GET", "PATCH", "DELETE"]);
}
