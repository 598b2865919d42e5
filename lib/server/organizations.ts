/**
 * Organizations, memberships, invitations and cloud storages: not supported (sandbox only), but
 * cvat-ui lists organizations and invitations at start-up and cloud storages on some pages, so
 * the lists answer empty pages; single objects do not exist (404) and cannot be created (403).
 *
 * @module
 */

import type { Hono } from "./deps.ts";
import type { Ctx, Env, ServerContext } from "./context.ts";
import { requireUser } from "./access.ts";
import { forbidden, notFound } from "./errors.ts";
import { type ListSpec, pageBody, parseListQuery } from "./lists.ts";

/** The collections that are always empty: CVAT's filter and search fields, what a create answers. */
const COLLECTIONS: Record<string, { fields: string[]; search: string[]; create: string | null }> = {
  "/api/organizations": {
    fields: ["id", "name", "owner", "slug"],
    search: ["name", "owner", "slug"],
    create: "Organizations are not supported by this server.",
  },
  "/api/memberships": {
    fields: ["id", "user", "role", "org_id"],
    search: ["user", "role"],
    create: null,
  },
  "/api/invitations": {
    fields: ["owner", "user_id", "accepted", "created_date"],
    search: ["owner"],
    create: "Organizations are not supported by this server, so there is nobody to invite.",
  },
  "/api/cloudstorages": {
    fields: ["id", "provider_type", "name", "resource", "credentials_type", "owner", "description"],
    search: ["provider_type", "name", "resource", "credentials_type", "owner", "description"],
    create: "Cloud storages are not supported by this server.",
  },
};

/** Routes under an object that cannot exist. */
const OBJECT_ACTIONS: Record<string, string[]> = {
  "/api/invitations": ["accept", "decline", "resend"],
  "/api/cloudstorages": ["content-v2", "status", "actions", "preview"],
};

/** A list spec whose getters never run (there are no items), so that filters are checked. */
function emptySpec(fields: string[], search: string[]): ListSpec<never> {
  const none = () => null;
  return {
    fields: Object.fromEntries(fields.map((name) => [name, none])),
    search: Object.fromEntries(search.map((name) => [name, none])),
  };
}

const emptyList = (spec: ListSpec<never>) => (c: Ctx) => {
  requireUser(c);
  const query = parseListQuery(c, spec);
  return c.json(pageBody(c, 0, [], query));
};

const missing = (c: Ctx): Response => {
  requireUser(c);
  throw notFound();
};

/**
 * Registers the organization, membership, invitation and cloud storage endpoints.
 *
 * @example
 * ```ts
 * // registerOrganizationRoutes(app, ctx)
 * // GET /api/organizations → {"count": 0, "next": null, "previous": null, "results": []}
 * ```
 */
export function registerOrganizationRoutes(app: Hono<Env>, _ctx: ServerContext): void {
  for (const [base, { fields, search, create }] of Object.entries(COLLECTIONS)) {
    app.get(base, emptyList(emptySpec(fields, search)));
    if (create) {
      app.post(base, (c) => {
        requireUser(c);
        throw forbidden(create);
      });
    }
    const item = base === "/api/invitations" ? `${base}/:key` : `${base}/:id`;
    app.on(["GET", "PATCH", "DELETE"], item, missing);
    for (const action of OBJECT_ACTIONS[base] ?? []) {
      app.on(base === "/api/invitations" ? "POST" : "GET", `${item}/${action}`, missing);
    }
  }
}
