/**
 * A job's annotations: read in CVAT's normal form, and the writes of PUT, PATCH
 * (`create`/`update`/`delete`) and DELETE against the job's revision.
 *
 * @module
 */

import type { ServerContext } from "./context.ts";
import { staleRevision } from "./annotations_headers.ts";
import { assignIds, idSlots, keepKnown, nestedIds } from "./annotations_ids.ts";
import {
  fixTracks,
  interpolateTracks,
  type PatchAction,
  responseBody,
  wireLabels,
} from "./annotations_wire.ts";
import { normalizeLabeledData } from "../core/wire_normalize.ts";
import type { LabeledData, WireLabel } from "../core/wire_types.ts";
import type {
  AnnotationChange,
  AnnotationKind,
  JobRecord,
  StoredObject,
  TaskRecord,
  WriteResult,
} from "../store/types.ts";

/** Annotations with their revision. */
export type Versioned = LabeledData & { version: number };

/** What the routes do with a job's or a task's annotations. */
export interface AnnotationTarget {
  /** `job:<id>` or `task:<id>`: the scope of idempotency keys. */
  scope: string;
  /** The labels the annotations may use. */
  labels(): Promise<WireLabel[]>;
  /** GET: normal form, optionally with tracks expanded frame by frame. */
  read(interpolate: boolean): Promise<Versioned>;
  /** PUT: replaces everything; returns the saved data with new ids. */
  put(data: LabeledData, expect?: number): Promise<Versioned>;
  /** PATCH: returns the request's objects in request order, with ids. */
  patch(action: PatchAction, data: LabeledData, expect?: number): Promise<Versioned>;
  /** DELETE: removes everything; returns the new revision. */
  clear(expect?: number): Promise<number>;
}

const KINDS: readonly AnnotationKind[] = ["tags", "shapes", "tracks"];
const MAX_ATTEMPTS = 50;

const isEmpty = (data: LabeledData) =>
  data.tags.length === 0 && data.shapes.length === 0 && data.tracks.length === 0;

/**
 * Fails with a 409 for a refused write; else its revision.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { revisionOf } from "./annotations_job.ts";
 * strictEqual(revisionOf({ ok: true, revision: 4 }, undefined), 4);
 * ```
 */
export function revisionOf(result: WriteResult, expect: number | undefined): number {
  if (!result.ok) throw staleRevision(expect, result.revision);
  return result.revision;
}

function upserts(data: LabeledData): AnnotationChange {
  const upsert: AnnotationChange["upsert"] = [];
  for (const kind of KINDS) {
    for (const object of data[kind] as StoredObject[]) upsert.push({ kind, object });
  }
  return { upsert, remove: [] };
}

function removals(data: LabeledData): AnnotationChange {
  const remove: AnnotationChange["remove"] = [];
  for (const kind of KINDS) {
    for (const object of data[kind] as StoredObject[]) {
      if (typeof object.id === "number") remove.push({ kind, id: object.id });
    }
  }
  return { upsert: [], remove };
}

/** The revision of an empty change: the current one, checked against `expect`. */
async function unchanged(ctx: ServerContext, jobId: number, expect?: number): Promise<number> {
  const revision = await ctx.store.annotations.revision(jobId);
  if (expect !== undefined && expect !== revision) throw staleRevision(expect, revision);
  return revision;
}

/**
 * Update = replace by id: objects the job holds keep their ids (and the keyframe and element
 * ids the stored version has); others get fresh ids. Retried on a concurrent write unless
 * the client asked for a revision (then a 409).
 */
async function updateJob(
  ctx: ServerContext,
  jobId: number,
  data: LabeledData,
  expect?: number,
): Promise<number> {
  const slots = idSlots(data);
  const sent = slots.map((slot) => slot.holder.id);
  for (let attempt = 0;; attempt++) {
    const stored = await ctx.store.annotations.read(jobId);
    if (expect !== undefined && expect !== stored.version) {
      throw staleRevision(expect, stored.version);
    }
    slots.forEach((slot, i) => slot.holder.id = sent[i]);
    await assignIds(ctx.store.annotations, data, keepKnown(nestedIds(stored)));
    const result = await ctx.store.annotations.apply(jobId, upserts(data), stored.version);
    if (result.ok) return result.revision;
    if (expect !== undefined || attempt >= MAX_ATTEMPTS) revisionOf(result, expect);
  }
}

/**
 * Applies a PATCH to one job; `data` is changed in place (ids). Returns the new revision.
 *
 * @example
 * ```ts
 * // const revision = await patchJob(ctx, job.id, "create", data);
 * ```
 */
export async function patchJob(
  ctx: ServerContext,
  jobId: number,
  action: PatchAction,
  data: LabeledData,
  expect?: number,
): Promise<number> {
  if (isEmpty(data)) return await unchanged(ctx, jobId, expect);
  const annotations = ctx.store.annotations;
  if (action === "delete") {
    return revisionOf(await annotations.apply(jobId, removals(data), expect), expect);
  }
  fixTracks(data);
  if (action === "update") return await updateJob(ctx, jobId, data, expect);
  await assignIds(annotations, data);
  return revisionOf(await annotations.apply(jobId, upserts(data), expect), expect);
}

/**
 * Replaces a job's annotations (new ids for everything, `data` changed in place).
 *
 * @example
 * ```ts
 * // const revision = await putJob(ctx, job.id, data);
 * ```
 */
export async function putJob(
  ctx: ServerContext,
  jobId: number,
  data: LabeledData,
  expect?: number,
): Promise<number> {
  fixTracks(data);
  await assignIds(ctx.store.annotations, data);
  const { tags, shapes, tracks } = data;
  return revisionOf(
    await ctx.store.annotations.replace(jobId, { tags, shapes, tracks }, expect),
    expect,
  );
}

/**
 * The annotation target of one job.
 *
 * @example
 * ```ts
 * // const target = jobTarget(ctx, job, task); await target.read(false);
 * ```
 */
export function jobTarget(ctx: ServerContext, job: JobRecord, task: TaskRecord): AnnotationTarget {
  let labels: Promise<WireLabel[]> | undefined;
  const target: AnnotationTarget = {
    scope: `job:${job.id}`,
    labels: () => labels ??= wireLabels(ctx, task),
    async read(interpolate) {
      const stored = await ctx.store.annotations.read(job.id);
      const data = normalizeLabeledData(stored, await target.labels()) as Versioned;
      if (interpolate) {
        data.tracks = interpolateTracks(data.tracks, job.stopFrame, task.data?.deletedFrames ?? []);
      }
      return data;
    },
    async put(data, expect) {
      return responseBody(data, await putJob(ctx, job.id, data, expect)) as Versioned;
    },
    async patch(action, data, expect) {
      return responseBody(data, await patchJob(ctx, job.id, action, data, expect)) as Versioned;
    },
    async clear(expect) {
      const empty = { tags: [], shapes: [], tracks: [] };
      return revisionOf(await ctx.store.annotations.replace(job.id, empty, expect), expect);
    },
  };
  return target;
}
