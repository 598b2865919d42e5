/**
 * Projects: `GET/POST /api/projects`, `GET/PATCH/DELETE /api/projects/{id}` and
 * `/api/projects/{id}/preview` (notes §2.4; served by `task_media.ts`).
 *
 * @module
 */

import type { Hono } from "./deps.ts";
import { type Ctx, type Env, now, type ServerContext } from "./context.ts";
import { canCreate, canSeeProject, isAdmin, pathId, projectFor, requireUser } from "./access.ts";
import { forbidden } from "./errors.ts";
import { allowMethods, readObject } from "./body.ts";
import { listFromTable, pageBody } from "./lists.ts";
import { projectJson, projectListSpec, queryMentions, usernames } from "./projects_view.ts";
import { readProjectBody, sharedChanges, storageRecord } from "./projects_write.ts";
import { applyLabelPlan, planLabelChange } from "./labels_write.ts";
import { deleteProjectCascade } from "./tasks_cascade.ts";
import { projectPreview } from "./task_media.ts";
import type { ProjectRecord } from "../store/types.ts";

const ID = "/api/projects/:id{[0-9]+}";

async function listProjects(c: Ctx, ctx: ServerContext): Promise<Response> {
  const user = requireUser(c);
  const names = queryMentions(c, ["owner", "assignee"]) ? await usernames(ctx) : new Map();
  const { count, page, query } = await listFromTable(
    c,
    ctx.store.projects,
    projectListSpec(names),
    {
      visible: (p) => canSeeProject(user, p),
      countAll: isAdmin(user),
    },
  );
  const results = [];
  for (const project of page) results.push(await projectJson(c, ctx, project));
  return c.json(pageBody(c, count, results, query));
}

async function createProject(c: Ctx, ctx: ServerContext): Promise<Response> {
  const user = requireUser(c);
  if (!canCreate(user)) throw forbidden();
  const changes = await readProjectBody(ctx, await readObject(c), "create");
  const noOwner = { taskId: null, projectId: 0 };
  const plan = await planLabelChange(ctx, noOwner, changes.labels ?? [], "create");
  const date = now();
  const project = await ctx.store.projects.create({
    name: changes.name!,
    ownerId: user.id,
    assigneeId: changes.assigneeId ?? null,
    bugTracker: changes.bugTracker ?? "",
    status: "annotation",
    organizationId: null,
    guideId: null,
    targetStorage: await storageRecord(ctx, changes.targetStorage, null),
    sourceStorage: await storageRecord(ctx, changes.sourceStorage, null),
    createdDate: date,
    updatedDate: date,
  });
  await applyLabelPlan(ctx, { taskId: null, projectId: project.id }, plan, { touch: false });
  return c.json(await projectJson(c, ctx, project), 201);
}

async function patchProject(c: Ctx, ctx: ServerContext): Promise<Response> {
  const user = requireUser(c);
  const project = await projectFor(ctx, user, pathId(c.req.param("id")));
  const changes = await readProjectBody(ctx, await readObject(c), "patch");
  const ownerChange = changes.ownerId !== undefined && changes.ownerId !== project.ownerId;
  if (ownerChange && !isAdmin(user) && project.ownerId !== user.id) throw forbidden();
  const owner = { taskId: null, projectId: project.id };
  if (changes.labels) {
    await applyLabelPlan(ctx, owner, await planLabelChange(ctx, owner, changes.labels, "patch"));
  }
  const fresh = await ctx.store.projects.get(project.id) ?? project;
  const updated: ProjectRecord = {
    ...fresh,
    ...await sharedChanges(ctx, fresh, changes),
    updatedDate: now(),
  };
  await ctx.store.projects.update(updated);
  return c.json(await projectJson(c, ctx, updated));
}

async function deleteProject(c: Ctx, ctx: ServerContext): Promise<Response> {
  const user = requireUser(c);
  const project = await projectFor(ctx, user, pathId(c.req.param("id")));
  if (!isAdmin(user) && project.ownerId !== user.id) throw forbidden();
  await deleteProjectCascade(ctx, project);
  return c.body(null, 204);
}

/**
 * Registers the project routes.
 *
 * @example
 * ```ts
 * // registerProjectRoutes(app, ctx)
 * ```
 */
export function registerProjectRoutes(app: Hono<Env>, ctx: ServerContext): void {
  app.get("/api/projects", (c) => listProjects(c, ctx));
  app.post("/api/projects", (c) => createProject(c, ctx));
  allowMethods(app, "/api/projects", ["GET", "POST"]);
  app.get(ID, async (c) => {
    const project = await projectFor(ctx, requireUser(c), pathId(c.req.param("id")));
    return c.json(await projectJson(c, ctx, project));
  });
  app.patch(ID, (c) => patchProject(c, ctx));
  app.delete(ID, (c) => deleteProject(c, ctx));
  allowMethods(app, ID, ["GET", "PATCH", "DELETE"]);
  app.get(`${ID}/preview`, (c) => projectPreview(c, ctx));
  allowMethods(app, `${ID}/preview`, ["GET"]);
}
