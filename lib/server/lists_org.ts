/**
 * The organization context of a request (reference §3, "Organization context"): `org=<slug>`,
 * `org_id=<id>` or the `X-Organization` header. cvat-lite has no organizations, so every object
 * is a sandbox object (`organization: null`): an empty `org=` (sandbox only) narrows nothing, and
 * any named organization does not exist.
 *
 * @module
 */

import type { Ctx } from "./context.ts";
import { badRequest, notFound } from "./errors.ts";
import { lastParam } from "./lists_params.ts";

/** What the request asked for. */
export interface OrganizationContext {
  /** `org=` (or an empty `X-Organization`): sandbox objects only. Without it: no narrowing. */
  sandbox: boolean;
}

/**
 * Checks `org`, `org_id` and `X-Organization`: 400 (a plain list body) when `org_id` comes with
 * `org` or the header, or when `org` and the header differ; 404 `{"detail": "<x> organization
 * does not exist."}` for any named organization.
 *
 * @example
 * ```ts
 * // checkOrganization(c) → { sandbox: true } for GET /api/tasks?org=
 * // GET /api/tasks?org=acme → 404 {"detail": "acme organization does not exist."}
 * ```
 */
export function checkOrganization(c: Ctx): OrganizationContext {
  const url = new URL(c.req.url);
  const slug = lastParam(url, "org");
  const id = lastParam(url, "org_id");
  const header = c.req.header("X-Organization");
  if (id !== undefined && (slug !== undefined || header !== undefined)) {
    throw badRequest([
      'You cannot specify "org_id" query parameter with "org" query parameter or ' +
      '"X-Organization" HTTP header at the same time.',
    ]);
  }
  if (slug !== undefined && header !== undefined && slug !== header) {
    throw badRequest([
      'You cannot specify "org" query parameter and "X-Organization" HTTP header with ' +
      "different values.",
    ]);
  }
  const name = slug ?? header;
  if (name) throw notFound(`${name} organization does not exist.`);
  if (id) throw notFound(`${id} organization does not exist.`);
  return { sandbox: name !== undefined };
}
