/**
 * Background requests (annotation imports, backup restores): a `RequestRecord` that goes
 * queued → started → finished | failed while the work runs after the answer, one run per
 * request id in this process, and records left queued or started by a process that is gone
 * forgotten when read.
 *
 * @module
 */

import { now, type ServerContext } from "./context.ts";
import { HttpError } from "./errors.ts";
import type { RequestRecord } from "../store/types.ts";

/** One piece of background work. */
export interface BackgroundWork {
  id: string;
  operation: string;
  target: RequestRecord["target"];
  userId: number;
  format: string | null;
  /** How long the record is kept. */
  ttlMs: number;
  /** The message while it runs. */
  message: string;
  /** The work; reports progress through `report`; may return the id of what it created. */
  run(report: (fields: Partial<RequestRecord>) => Promise<void>): Promise<number | void>;
  /** Runs once the work has ended, or when it could not be queued (e.g. deletes an upload). */
  cleanup?: () => Promise<void>;
}

/** Per app: the request ids running in this process. */
const running = new WeakMap<ServerContext, Set<string>>();

function runningOf(ctx: ServerContext): Set<string> {
  const set = running.get(ctx) ?? new Set<string>();
  running.set(ctx, set);
  return set;
}

/**
 * The text of a failure: a string or one-item list body as is, other bodies as JSON, else the
 * error's message.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { failureText } from "./background.ts";
 * strictEqual(failureText(new Error("disk full")), "disk full");
 * ```
 */
export function failureText(error: unknown): string {
  if (error instanceof HttpError) {
    const body = error.body;
    if (typeof body === "string") return body;
    if (Array.isArray(body) && body.length === 1) return String(body[0]);
    return JSON.stringify(body);
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * A request's record; one of `operation` left queued or started by a process that is gone (not
 * running here) is deleted and reads as null.
 *
 * @example
 * ```ts
 * // const record = await currentBackground(ctx, rqId, "import:annotations");
 * ```
 */
export async function currentBackground(
  ctx: ServerContext,
  id: string,
  operation: string,
): Promise<RequestRecord | null> {
  const record = await ctx.store.requests.get(id);
  if (!record || record.operation !== operation || runningOf(ctx).has(id)) return record;
  if (record.status === "queued" || record.status === "started") {
    await ctx.store.requests.delete(id);
    return null;
  }
  return record;
}

async function execute(ctx: ServerContext, work: BackgroundWork, record: RequestRecord) {
  const report = async (fields: Partial<RequestRecord>) => {
    record = { ...record, ...fields, updated: now() };
    await ctx.store.requests.put(record.id, record, { expireIn: work.ttlMs });
  };
  try {
    await report({ status: "started", started: now(), message: work.message });
    const resultId = await work.run(report);
    await report({
      status: "finished",
      message: "",
      progress: 1,
      finished: now(),
      resultId: resultId ?? null,
    });
  } catch (error) {
    await report({ status: "failed", message: failureText(error), finished: now() })
      .catch(() => {});
  } finally {
    await work.cleanup?.().catch(() => {});
  }
}

/**
 * Queues the work and starts it without waiting; null when a request with the id runs here
 * already. Resolves to the queued record and a promise that settles when the work has ended
 * (it never rejects).
 *
 * @example
 * ```ts
 * // const started = await startBackground(ctx, work); // null → 409
 * ```
 */
export async function startBackground(
  ctx: ServerContext,
  work: BackgroundWork,
): Promise<{ record: RequestRecord; done: Promise<void> } | null> {
  const set = runningOf(ctx);
  if (set.has(work.id)) return null;
  set.add(work.id);
  const date = now();
  const record: RequestRecord = {
    id: work.id,
    operation: work.operation,
    target: work.target,
    userId: work.userId,
    status: "queued",
    message: "",
    progress: 0,
    result: null,
    created: date,
    updated: date,
    format: work.format,
    started: null,
    finished: null,
    resultId: null,
  };
  try {
    await ctx.store.requests.put(work.id, record, { expireIn: work.ttlMs });
  } catch (error) {
    set.delete(work.id);
    await work.cleanup?.().catch(() => {});
    throw error;
  }
  const done = execute(ctx, work, record).finally(() => set.delete(work.id));
  return { record, done };
}
