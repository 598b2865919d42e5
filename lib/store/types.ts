/**
 * The Store port: everything the server keeps, as plain JSON records behind small async
 * interfaces. `memoryStore()` and `kvStore(kv)` implement all of it; one shared contract suite
 * (tests/store/store_contract.ts) runs against both.
 *
 * Deno KV is the strictest backend, so the port is shaped by its limits: values ≤ 64 KiB (larger
 * values are split by the adapter), one atomic commit ≤ 1000 mutations and ≤ 800 KiB, so no
 * operation may need to rewrite a whole job or task in one value.
 *
 * @module
 */

import type { LabeledData, WireShape, WireTag, WireTrack } from "../core/wire_types.ts";

/** ISO-8601 date-time with microseconds and `Z`, as CVAT prints them. */
export type IsoDate = string;

/** A stored record with a numeric id allocated by its table. */
export interface Row {
  id: number;
}

/** A user account. Passwords are stored as PBKDF2 hashes only. */
export interface UserRecord extends Row {
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  /** `pbkdf2_sha256$<iterations>$<salt b64>$<hash b64>`. */
  passwordHash: string;
  /** CVAT privilege groups: "admin", "business", "user", "worker". */
  groups: string[];
  isStaff: boolean;
  isSuperuser: boolean;
  isActive: boolean;
  dateJoined: IsoDate;
  lastLogin: IsoDate | null;
  /** The user's API token (one per user, as DRF authtoken), or null after logout. */
  tokenKey: string | null;
}

/** An API token → its user. */
export interface TokenRecord {
  key: string;
  userId: number;
  created: IsoDate;
}

/** A browser session (the `sessionid` cookie) with its CSRF token. */
export interface SessionRecord {
  id: string;
  userId: number;
  csrfToken: string;
  created: IsoDate;
  expires: IsoDate;
}

/** Where exports and imports go (`target_storage`/`source_storage`); null means "not set". */
export interface StorageRecord {
  id: number | null;
  location: "local" | "cloud_storage";
  cloud_storage_id: number | null;
}

/** A project. */
export interface ProjectRecord extends Row {
  name: string;
  ownerId: number | null;
  assigneeId: number | null;
  bugTracker: string;
  status: "annotation" | "validation" | "completed";
  organizationId: number | null;
  guideId: number | null;
  targetStorage: StorageRecord | null;
  sourceStorage: StorageRecord | null;
  createdDate: IsoDate;
  updatedDate: IsoDate;
}

/** A task's media, once uploaded (the media issue fills `frames` and the chunk settings). */
export interface TaskDataRecord {
  /** The data id (CVAT's `data`). */
  id: number;
  size: number;
  imageQuality: number;
  chunkSize: number;
  startFrame: number;
  stopFrame: number;
  frameFilter: string;
  compressedChunkType: "imageset" | "video";
  originalChunkType: "imageset" | "video";
  /** Per frame: name (with relative path), width, height. */
  frames: { name: string; width: number; height: number }[];
  deletedFrames: number[];
  sortingMethod: string;
  storageMethod: "cache" | "file_system";
  storage: "local" | "share" | "cloud_storage";
}

/** A task. */
export interface TaskRecord extends Row {
  name: string;
  projectId: number | null;
  ownerId: number | null;
  assigneeId: number | null;
  bugTracker: string;
  /** The requested values until data exists, then the effective ones (notes §5). */
  overlap: number | null;
  segmentSize: number;
  status: "annotation" | "validation" | "completed";
  subset: string;
  /** "" before data, "annotation" for images, "interpolation" for video. */
  mode: "" | "annotation" | "interpolation";
  dimension: "2d" | "3d";
  organizationId: number | null;
  guideId: number | null;
  targetStorage: StorageRecord | null;
  sourceStorage: StorageRecord | null;
  data: TaskDataRecord | null;
  createdDate: IsoDate;
  updatedDate: IsoDate;
}

/** A job: one segment of a task's frames (task-relative, inclusive). */
export interface JobRecord extends Row {
  taskId: number;
  startFrame: number;
  stopFrame: number;
  frameCount: number;
  assigneeId: number | null;
  stage: "annotation" | "validation" | "acceptance";
  state: "new" | "in progress" | "completed" | "rejected";
  type: "annotation" | "ground_truth";
  createdDate: IsoDate;
  updatedDate: IsoDate;
}

/** A label attribute as stored (ids are unique across the server). */
export interface AttributeRecord {
  id: number;
  name: string;
  mutable: boolean;
  input_type: "select" | "radio" | "checkbox" | "number" | "text";
  default_value: string;
  values: string[];
}

/** A label of a task or a project; sublabels point to their skeleton through `parentId`. */
export interface LabelRecord extends Row {
  name: string;
  color: string;
  type: string;
  attributes: AttributeRecord[];
  /** Skeletons only. */
  svg?: string;
  parentId: number | null;
  taskId: number | null;
  projectId: number | null;
}

/** An issue on a job frame. */
export interface IssueRecord extends Row {
  frame: number;
  position: number[];
  jobId: number;
  ownerId: number | null;
  assigneeId: number | null;
  resolved: boolean;
  createdDate: IsoDate;
  updatedDate: IsoDate;
}

/** A comment of an issue. */
export interface CommentRecord extends Row {
  issueId: number;
  ownerId: number | null;
  message: string;
  createdDate: IsoDate;
  updatedDate: IsoDate;
}

/** A client event posted to `/api/events` (stored as received, normalised). */
export interface EventRecord extends Row {
  userId: number | null;
  event: Record<string, unknown>;
  received: IsoDate;
}

/** A background request (`/api/requests/{id}`, `/api/tasks/{id}/status`). */
export interface RequestRecord {
  id: string;
  /** e.g. "create:task", "export:annotations", "import:annotations". */
  operation: string;
  target: { type: "task" | "job" | "project"; id: number } | null;
  userId: number | null;
  status: "queued" | "started" | "finished" | "failed";
  message: string;
  progress: number;
  /** A blob key or a URL path for a result, when there is one. */
  result: string | null;
  created: IsoDate;
  updated: IsoDate;
  /** The export/import format, when the operation has one. */
  format?: string | null;
  started?: IsoDate | null;
  finished?: IsoDate | null;
  /** When the result stops being available. */
  expires?: IsoDate | null;
  /** The id of the object a finished import or backup restore created. */
  resultId?: number | null;
}

/** The first response to a write with an `Idempotency-Key`. */
export interface IdempotencyRecord {
  /** `<scope>:<key>`, e.g. `job:5:8f14e45f`. */
  key: string;
  /** A hash of the request body, to tell a retry from a different write under the same key. */
  bodyHash: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  created: IsoDate;
}

/** Options of {@linkcode Table.list}. */
export interface ListOptions {
  /** Newest (highest id) first. */
  reverse?: boolean;
  /** At most this many records. */
  limit?: number;
  /** Start after this id (exclusive), in the listing direction. */
  after?: number;
}

/** A table of records with numeric ids allocated on create. */
export interface Table<T extends Row> {
  get(id: number): Promise<T | null>;
  /** Several records at once, in the order of `ids` (null where missing). */
  getMany(ids: readonly number[]): Promise<(T | null)[]>;
  /** Allocates the next id (never reused, even after a delete) and stores the record. */
  create(fields: Omit<T, "id">): Promise<T>;
  /** Replaces an existing record; returns false when there is none with that id. */
  update(record: T): Promise<boolean>;
  delete(id: number): Promise<boolean>;
  /** Records in id order. Cost grows with what is read, not with the table. */
  list(options?: ListOptions): AsyncIterable<T>;
  /** Records whose indexed field equals `value`, in id order (the field must be declared). */
  listBy(field: string, value: string | number | null): Promise<T[]>;
  count(): Promise<number>;
}

/** A table of records under string keys, with optional expiry. */
export interface KeyedTable<T> {
  get(key: string): Promise<T | null>;
  /** Stores a value; with `expireIn` (ms) it disappears after that time. */
  put(key: string, value: T, options?: { expireIn?: number }): Promise<void>;
  delete(key: string): Promise<boolean>;
  /** Every value whose key starts with `prefix`, in key order. */
  list(prefix?: string): AsyncIterable<[string, T]>;
}

/** The three object lists of LabeledData. */
export type AnnotationKind = "tags" | "shapes" | "tracks";

/** One stored annotation object (a tag, a shape with its elements, a track with everything). */
export type StoredObject = WireTag | WireShape | WireTrack;

/** A change to a job's annotations, applied atomically against a revision. */
export interface AnnotationChange {
  /** Objects to insert or replace (by `kind` and `id`; each must carry its id). */
  upsert: { kind: AnnotationKind; object: StoredObject }[];
  /** Objects to remove. Unknown ids are ignored. */
  remove: { kind: AnnotationKind; id: number }[];
}

/** A write's outcome: the new revision, or a conflict with the current one. */
export type WriteResult = { ok: true; revision: number } | { ok: false; revision: number };

/**
 * Annotations per job: one key per object, a revision per job checked by every write, and
 * generations for whole-job replacement (a PUT writes a new generation in several commits and
 * switches to it with one atomic flip; a crash in between leaves the old generation intact).
 */
export interface AnnotationStore {
  /** The job's current revision (0 when never written). */
  revision(jobId: number): Promise<number>;
  /** Everything of a job: `{ version: revision, tags, shapes, tracks }`, each list in id order. */
  read(jobId: number): Promise<LabeledData & { version: number }>;
  /**
   * Applies a change if `expectRevision` (when given) is the current revision; bumps the
   * revision by one. Concurrent writes never lose each other's changes.
   */
  apply(jobId: number, change: AnnotationChange, expectRevision?: number): Promise<WriteResult>;
  /** Replaces everything (a new generation, switched in atomically); bumps the revision. */
  replace(jobId: number, data: LabeledData, expectRevision?: number): Promise<WriteResult>;
  /** Allocates `count` consecutive ids for one id space; returns the first. */
  allocateIds(space: "tag" | "shape" | "track" | "trackedShape", count: number): Promise<number>;
  /** Drops a job's annotations (job or task deleted). */
  deleteJob(jobId: number): Promise<void>;
}

/** Binary objects (media originals, cached chunks, previews), split as the backend needs. */
export interface BlobStore {
  get(key: string): Promise<Uint8Array | null>;
  put(key: string, bytes: Uint8Array): Promise<void>;
  delete(key: string): Promise<boolean>;
  /** Deletes every blob whose key starts with `prefix`; returns how many. */
  deletePrefix(prefix: string): Promise<number>;
}

/**
 * Everything the server stores.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { memoryStore } from "../../server.ts";
 * const store = memoryStore();
 * const user = await store.users.create({
 *   username: "ann", email: "", firstName: "", lastName: "", passwordHash: "x", groups: ["user"],
 *   isStaff: false, isSuperuser: false, isActive: true, dateJoined: new Date().toISOString(),
 *   lastLogin: null, tokenKey: null,
 * });
 * ok((await store.users.listBy("username", "ann"))[0].id === user.id);
 * ```
 */
export interface Store {
  /** Indexed by `username` and `email`. */
  users: Table<UserRecord>;
  tokens: KeyedTable<TokenRecord>;
  sessions: KeyedTable<SessionRecord>;
  /** Indexed by `ownerId`, `assigneeId`. */
  projects: Table<ProjectRecord>;
  /** Indexed by `projectId`, `ownerId`, `assigneeId`. */
  tasks: Table<TaskRecord>;
  /** Indexed by `taskId`, `assigneeId`. */
  jobs: Table<JobRecord>;
  /** Indexed by `taskId`, `projectId`, `parentId`. */
  labels: Table<LabelRecord>;
  /** Indexed by `jobId`. */
  issues: Table<IssueRecord>;
  /** Indexed by `issueId`. */
  comments: Table<CommentRecord>;
  events: Table<EventRecord>;
  requests: KeyedTable<RequestRecord>;
  idempotency: KeyedTable<IdempotencyRecord>;
  annotations: AnnotationStore;
  blobs: BlobStore;
  /** Allocates ids outside the tables (label attributes, task data). */
  nextId(space: string): Promise<number>;
  /** Releases the backend (closes nothing it was given). */
  close(): void;
}

/** The indexed fields of each table, shared by both adapters. */
export const TABLE_INDEXES = {
  users: ["username", "email"],
  projects: ["ownerId", "assigneeId"],
  tasks: ["projectId", "ownerId", "assigneeId"],
  jobs: ["taskId", "assigneeId"],
  labels: ["taskId", "projectId", "parentId"],
  issues: ["jobId"],
  comments: ["issueId"],
  events: [],
} as const;
