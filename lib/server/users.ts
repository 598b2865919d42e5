/**
 * Users: `GET /api/users/self`, `GET /api/users` (admins see everyone, others only themselves),
 * and `GET`/`PATCH`/`DELETE /api/users/{id}` (self or admin: 404 for a missing user, then 403).
 * Staff callers, and anyone reading themselves, get the full `User`; others get `BasicUser`.
 *
 * @module
 */

import type { Hono } from "./deps.ts";
import type { Ctx, Env, ServerContext } from "./context.ts";
import { forbidden, HttpError, methodNotAllowed, notFound } from "./errors.ts";
import { isAdmin, pathId, requireUser } from "./access.ts";
import { basicUser, fullUser } from "./users_view.ts";
import type { UserRecord } from "../store/types.ts";
import { applyList, listFromTable, type ListSpec, pageBody, parseListQuery } from "./lists.ts";
import { patchedUser } from "./users_update.ts";
import { readObject } from "./auth_body.ts";
import { withUsersLock } from "./users_unique.ts";
import { dropToken, endSessions } from "./auth_tokens.ts";
import { basicCache } from "./auth_credentials.ts";

/** Whether a caller gets the full `User` serializer (staff, or reading themselves). */
function seesFull(caller: UserRecord, target: UserRecord, safe: boolean): boolean {
  return caller.isStaff || isAdmin(caller) || (safe && caller.id === target.id);
}

/** The user a detail route names, if the caller may touch it; else 404 / 403. */
async function targetUser(c: Ctx, ctx: ServerContext): Promise<[UserRecord, UserRecord]> {
  const caller = requireUser(c);
  const id = pathId(c.req.param("id"));
  const target = await ctx.store.users.get(id);
  if (!target) throw notFound();
  if (!isAdmin(caller) && caller.id !== target.id) throw forbidden();
  return [caller, target];
}

/** Users' `search`, `filter`/`sort` and simple filter fields (reference §3). */
const USER_LIST: ListSpec<UserRecord> = {
  search: {
    username: (u) => u.username,
    first_name: (u) => u.firstName,
    last_name: (u) => u.lastName,
  },
  fields: {
    username: (u) => u.username,
    first_name: (u) => u.firstName,
    last_name: (u) => u.lastName,
    id: (u) => u.id,
    is_active: (u) => u.isActive,
  },
  simple: {
    username: { get: (u) => u.username, type: "string" },
    first_name: { get: (u) => u.firstName, type: "string" },
    last_name: { get: (u) => u.lastName, type: "string" },
    is_active: { get: (u) => u.isActive, type: "bool" },
  },
};

/** The users a caller may list: everyone for an admin, else just the caller. */
async function visibleUsers(c: Ctx, ctx: ServerContext, caller: UserRecord) {
  if (isAdmin(caller)) {
    return await listFromTable(c, ctx.store.users, USER_LIST, {
      visible: () => true,
      countAll: true,
    });
  }
  const query = parseListQuery(c, USER_LIST);
  return { ...applyList([caller], query, USER_LIST), query };
}

/** `GET /api/users`: staff callers get full `User`s, others `BasicUser`s. */
async function listRoute(c: Ctx, ctx: ServerContext): Promise<Response> {
  const caller = requireUser(c);
  const { count, page, query } = await visibleUsers(c, ctx, caller);
  const full = caller.isStaff || isAdmin(caller);
  const results = page.map((u) => full ? fullUser(c, u) : basicUser(c, u)!);
  return c.json(pageBody(c, count, results, query));
}

async function patchRoute(c: Ctx, ctx: ServerContext): Promise<Response> {
  const [caller, target] = await targetUser(c, ctx);
  const body = await readObject(c);
  const staff = caller.isStaff || isAdmin(caller);
  const updated = await withUsersLock(ctx, async () => {
    const current = await ctx.store.users.get(target.id);
    if (!current) throw notFound();
    const next = await patchedUser(ctx, staff, current, body);
    await ctx.store.users.update(next);
    return next;
  });
  if (!updated.isActive) basicCache(ctx).dropUser(updated.id);
  return c.json(staff ? fullUser(c, updated) : basicUser(c, updated));
}

async function deleteRoute(c: Ctx, ctx: ServerContext): Promise<Response> {
  const [, target] = await targetUser(c, ctx);
  await dropToken(ctx, target);
  basicCache(ctx).dropUser(target.id);
  await endSessions(ctx, target.id);
  await ctx.store.users.delete(target.id);
  return c.body(null, 204);
}

function notAllowed(allow: string) {
  return (c: Ctx) => {
    requireUser(c);
    throw new HttpError(405, methodNotAllowed(c.req.method).body, { Allow: allow });
  };
}

/**
 * Registers the `/api/users` routes.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { createApp } from "../../server.ts";
 * const res = await createApp().request("/api/users/self");
 * strictEqual(res.status, 401);
 * ```
 */
export function registerUserRoutes(app: Hono<Env>, ctx: ServerContext): void {
  app.get("/api/users/self", (c) => {
    const user = requireUser(c);
    return c.json(fullUser(c, user));
  });
  app.all("/api/users/self", notAllowed("GET, HEAD, OPTIONS"));
  app.get("/api/users", (c) => listRoute(c, ctx));
  app.all("/api/users", notAllowed("GET, HEAD, OPTIONS"));
  app.get("/api/users/:id", async (c) => {
    const [caller, target] = await targetUser(c, ctx);
    return c.json(seesFull(caller, target, true) ? fullUser(c, target) : basicUser(c, target));
  });
  app.patch("/api/users/:id", (c) => patchRoute(c, ctx));
  app.delete("/api/users/:id", (c) => deleteRoute(c, ctx));
  app.all("/api/users/:id", notAllowed("GET, PATCH, DELETE, HEAD, OPTIONS"));
}
