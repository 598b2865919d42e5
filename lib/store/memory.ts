/**
 * `memoryStore()`: the Store port in memory (tests, `--memory`, edge deployments without KV).
 *
 * @module
 */

import type { LabeledData } from "../core/wire_types.ts";
import type {
  AnnotationChange,
  AnnotationKind,
  AnnotationStore,
  BlobStore,
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
  StoredObject,
  TaskRecord,
  TokenRecord,
  UserRecord,
} from "./types.ts";
import { TABLE_INDEXES } from "./types.ts";
import { memoryKeyed, memoryTable } from "./memory_tables.ts";
import { ANNOTATION_KINDS as KINDS, checkCount, checkObjectRef, checkStoreKey } from "./limits.ts";

/**
 * Objects are kept as JSON text, as the KV adapter keeps bytes: one stringify per write and one
 * parse per read, instead of a deep copy each way. A change is checked and serialised before
 * anything is written.
 */
function changeEntries(change: AnnotationChange): [string, string | null][] {
  const entries: [string, string | null][] = [];
  for (const { kind, id } of change.remove) {
    checkObjectRef(kind, id);
    entries.push([`${kind}:${id}`, null]);
  }
  for (const { kind, object } of change.upsert) {
    checkObjectRef(kind, object?.id);
    entries.push([`${kind}:${object.id}`, JSON.stringify(object)]);
  }
  return entries;
}

function dataEntries(data: LabeledData): [string, string][] {
  const entries: [string, string][] = [];
  for (const kind of KINDS) {
    for (const object of data[kind] as StoredObject[]) {
      checkObjectRef(kind, object?.id);
      entries.push([`${kind}:${object.id}`, JSON.stringify(object)]);
    }
  }
  return entries;
}

function memoryAnnotations(): AnnotationStore {
  const jobs = new Map<number, { revision: number; objects: Map<string, string> }>();
  const ids = new Map<string, number>();
  const job = (id: number) => {
    let entry = jobs.get(id);
    if (!entry) jobs.set(id, entry = { revision: 0, objects: new Map() });
    return entry;
  };
  return {
    revision: (jobId) => Promise.resolve(jobs.get(jobId)?.revision ?? 0),
    read(jobId) {
      const entry = job(jobId);
      const out = { version: entry.revision, tags: [], shapes: [], tracks: [] } as unknown as {
        version: number;
        tags: StoredObject[];
        shapes: StoredObject[];
        tracks: StoredObject[];
      };
      for (const [key, object] of entry.objects) {
        out[key.slice(0, key.indexOf(":")) as AnnotationKind].push(JSON.parse(object));
      }
      for (const kind of KINDS) out[kind].sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
      return Promise.resolve(out as never);
    },
    // deno-lint-ignore require-await
    async apply(jobId, change, expectRevision) {
      const entries = changeEntries(change);
      const entry = job(jobId);
      if (expectRevision !== undefined && expectRevision !== entry.revision) {
        return { ok: false, revision: entry.revision };
      }
      for (const [key, object] of entries) {
        if (object) entry.objects.set(key, object);
        else entry.objects.delete(key);
      }
      return { ok: true, revision: ++entry.revision };
    },
    // deno-lint-ignore require-await
    async replace(jobId, data, expectRevision) {
      const entries = dataEntries(data);
      const entry = job(jobId);
      if (expectRevision !== undefined && expectRevision !== entry.revision) {
        return { ok: false, revision: entry.revision };
      }
      entry.objects = new Map(entries);
      return { ok: true, revision: ++entry.revision };
    },
    // deno-lint-ignore require-await
    async allocateIds(space, count) {
      checkCount(count);
      const first = (ids.get(space) ?? 0) + 1;
      ids.set(space, first + count - 1);
      return first;
    },
    deleteJob(jobId) {
      jobs.delete(jobId);
      return Promise.resolve();
    },
  };
}

function memoryBlobs(): BlobStore {
  const blobs = new Map<string, Uint8Array>();
  return {
    get: (key) => Promise.resolve(blobs.has(key) ? new Uint8Array(blobs.get(key)!) : null),
    // deno-lint-ignore require-await
    async put(key, bytes) {
      checkStoreKey(key);
      if (!(bytes instanceof Uint8Array)) throw new TypeError("A blob must be a Uint8Array");
      blobs.set(key, new Uint8Array(bytes));
    },
    delete: (key) => Promise.resolve(blobs.delete(key)),
    deletePrefix(prefix) {
      let n = 0;
      for (const key of [...blobs.keys()]) {
        if (key.startsWith(prefix)) n += Number(blobs.delete(key));
      }
      return Promise.resolve(n);
    },
  };
}

/**
 * A Store kept in memory: fast, and gone when the process ends.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { memoryStore } from "../../server.ts";
 * const store = memoryStore();
 * ok((await store.tasks.count()) === 0);
 * ```
 */
export function memoryStore(): Store {
  const counters = new Map<string, number>();
  return {
    users: memoryTable<UserRecord>(TABLE_INDEXES.users),
    tokens: memoryKeyed<TokenRecord>(),
    sessions: memoryKeyed<SessionRecord>(),
    projects: memoryTable<ProjectRecord>(TABLE_INDEXES.projects),
    tasks: memoryTable<TaskRecord>(TABLE_INDEXES.tasks),
    jobs: memoryTable<JobRecord>(TABLE_INDEXES.jobs),
    labels: memoryTable<LabelRecord>(TABLE_INDEXES.labels),
    issues: memoryTable<IssueRecord>(TABLE_INDEXES.issues),
    comments: memoryTable<CommentRecord>(TABLE_INDEXES.comments),
    events: memoryTable<EventRecord>(TABLE_INDEXES.events),
    requests: memoryKeyed<RequestRecord>(),
    idempotency: memoryKeyed<IdempotencyRecord>(),
    annotations: memoryAnnotations(),
    blobs: memoryBlobs(),
    nextId(space) {
      const id = (counters.get(space) ?? 0) + 1;
      counters.set(space, id);
      return Promise.resolve(id);
    },
    close() {},
  };
}
