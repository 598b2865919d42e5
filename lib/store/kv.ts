/**
 * `kvStore(kv)`: the Store port on a Deno KV database the caller opened (and closes). Nothing is
 * opened at import time.
 *
 * Key layout (details in each module):
 * - tables (kv_tables.ts): `["t", table, id]`, `["idx", table, field, value, id]`,
 *   `["seq", table]`, `["cnt", table]`;
 * - keyed tables (kv_keyed.ts): `["k", table, key]`;
 * - annotations (kv_ann_write.ts): `["annmeta", job]`, `["ann", job, gen, kind, id]`,
 *   `["annbig", job, gen, kind, id]`, `["annids", space]`;
 * - blobs (kv_blobs.ts): `["blob", key]`;
 * - any value over 60 KiB: parts `["p", ...key, gen, i]` (kv_values.ts);
 * - writes spread over several commits: markers `["pend", ...scope, gen]` (kv_pending.ts);
 * - `nextId(space)`: `["ids", space]`.
 *
 * @module
 */

import { retryingKv } from "./kv_retry.ts";
import type {
  CommentRecord,
  EventRecord,
  IdempotencyRecord,
  IssueRecord,
  JobRecord,
  LabelRecord,
  ProjectRecord,
  RequestRecord,
  SessionRecord,
  Store,
  TaskRecord,
  TokenRecord,
  UserRecord,
} from "./types.ts";
import { TABLE_INDEXES } from "./types.ts";
import { increment } from "./kv_batch.ts";
import type { KvContext } from "./kv_pending.ts";
import { kvTable } from "./kv_tables.ts";
import { kvKeyed } from "./kv_keyed.ts";
import { kvAnnotations } from "./kv_annotations.ts";
import { kvBlobs } from "./kv_blobs.ts";

/** Options of {@linkcode kvStore}. */
export interface KvStoreOptions {
  /**
   * After how long (ms) an unfinished multi-commit write is taken for the leftover of a crashed
   * process and its keys are deleted by the next write to the same object (default: 1 hour).
   */
  staleWriteMs?: number;
}

/**
 * A Store on a Deno KV database. The caller owns `kv`: `store.close()` does not close it.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { kvStore } from "../../server.ts";
 * const kv = await Deno.openKv(":memory:");
 * const store = kvStore(kv);
 * ok((await store.tasks.count()) === 0);
 * store.close();
 * kv.close();
 * ```
 */
export function kvStore(kv: Deno.Kv, options: KvStoreOptions = {}): Store {
  // Commits retry while another handle (another process on the same file) holds the lock.
  kv = retryingKv(kv);
  const ctx: KvContext = { kv, staleMs: options.staleWriteMs ?? 3600_000 };
  return {
    users: kvTable<UserRecord>(ctx, "users", TABLE_INDEXES.users),
    tokens: kvKeyed<TokenRecord>(ctx, "tokens"),
    sessions: kvKeyed<SessionRecord>(ctx, "sessions"),
    projects: kvTable<ProjectRecord>(ctx, "projects", TABLE_INDEXES.projects),
    tasks: kvTable<TaskRecord>(ctx, "tasks", TABLE_INDEXES.tasks),
    jobs: kvTable<JobRecord>(ctx, "jobs", TABLE_INDEXES.jobs),
    labels: kvTable<LabelRecord>(ctx, "labels", TABLE_INDEXES.labels),
    issues: kvTable<IssueRecord>(ctx, "issues", TABLE_INDEXES.issues),
    comments: kvTable<CommentRecord>(ctx, "comments", TABLE_INDEXES.comments),
    events: kvTable<EventRecord>(ctx, "events", TABLE_INDEXES.events),
    requests: kvKeyed<RequestRecord>(ctx, "requests"),
    idempotency: kvKeyed<IdempotencyRecord>(ctx, "idempotency"),
    annotations: kvAnnotations(ctx),
    blobs: kvBlobs(ctx),
    nextId: (space) => increment(kv, ["ids", space], 1),
    close() {},
  };
}
