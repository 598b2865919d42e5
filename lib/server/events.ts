/**
 * `POST /api/events`: client telemetry as cvat-core's `logger.save()` sends it
 * (`{events: [event.dump()...], previous_event, timestamp}`). Each event's scope must be one the
 * client may send; timestamps are corrected for the client's clock skew; the user's identity is
 * filled in; each event is stored (`store.events`) and the normalised body is echoed with 201.
 *
 * @module
 */

import type { Hono } from "./deps.ts";
import { type Ctx, type Env, now, type ServerContext } from "./context.ts";
import { requireUser } from "./access.ts";
import { badRequest } from "./errors.ts";
import { readJson } from "./body.ts";
import { type EventFields, validateClientEvents } from "./events_validate.ts";
import type { UserRecord } from "../store/types.ts";

/** The scopes a client may send (CVAT 2.15's `ClientEventsSerializer`). */
export const CLIENT_EVENT_SCOPES: ReadonlySet<string> = new Set([
  "load:cvat",
  "load:job",
  "save:job",
  "restore:job",
  "upload:annotations",
  "send:exception",
  "send:task_info",
  "draw:object",
  "paste:object",
  "copy:object",
  "propagate:object",
  "drag:object",
  "resize:object",
  "delete:object",
  "lock:object",
  "merge:objects",
  "split:objects",
  "group:objects",
  "slice:object",
  "join:objects",
  "change:attribute",
  "change:label",
  "change:frame",
  "zoom:image",
  "fit:image",
  "rotate:image",
  "action:undo",
  "action:redo",
  "debug:info",
  "run:annotations_action",
  "click:element",
]);

/** A date as DRF renders it: UTC, milliseconds (left out when zero), `Z`. */
function drfDate(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

/** The payload of an event as a JSON object string; 400 when it is not JSON. */
function payloadOf(event: EventFields): string {
  const payload = event.payload ?? "{}";
  try {
    return JSON.stringify(JSON.parse(String(payload)));
  } catch {
    throw badRequest({ payload: ["JSON payload is not valid in passed event"] });
  }
}

function normalise(event: EventFields, correction: number, user: UserRecord) {
  if (!CLIENT_EVENT_SCOPES.has(event.scope)) {
    throw badRequest({ scope: [`Event scope **${event.scope}** is not allowed from client`] });
  }
  return {
    ...event,
    timestamp: drfDate(event.timestamp + correction),
    source: "client",
    org_id: null,
    org_slug: null,
    user_id: user.id,
    user_name: user.username,
    user_email: user.email,
    payload: payloadOf(event),
  };
}

async function postEvents(c: Ctx, ctx: ServerContext): Promise<Response> {
  const user = requireUser(c);
  const checked = validateClientEvents(await readJson(c));
  if ("errors" in checked) throw badRequest(checked.errors);
  const { events, previous_event: previous, timestamp } = checked.value;
  const correction = Date.now() - timestamp;
  const normalised = events.map((event) => normalise(event, correction, user));
  const received = now();
  for (const event of normalised) {
    await ctx.store.events.create({ userId: user.id, event, received });
  }
  return c.json({
    events: normalised,
    previous_event: previous
      ? { ...previous, timestamp: drfDate(previous.timestamp + correction) }
      : null,
    timestamp: drfDate(timestamp),
  }, 201);
}

/**
 * Registers `POST /api/events` (authenticated; `GET /api/events`, CVAT's ClickHouse export, is
 * not served).
 *
 * @example
 * ```ts
 * // registerEventRoutes(app, ctx)
 * // POST /api/events {"events": [{"scope": "load:job", "timestamp": "..."}], "timestamp": "..."} → 201
 * ```
 */
export function registerEventRoutes(app: Hono<Env>, ctx: ServerContext): void {
  app.post("/api/events", (c) => postEvents(c, ctx));
}
