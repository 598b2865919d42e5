/**
 * A task's annotations: the union of its annotation jobs (ground-truth jobs never enter it),
 * and writes split by job range (annotations_split.ts). The task's revision is the sum of its
 * jobs' revisions (every write raises at least one of them, so it changes on every write);
 * `If-Match` is checked against it before anything is written. Jobs are then written one by
 * one, each against its own revision.
 *
 * @module
 */

import type { ServerContext } from "./context.ts";
import { badRequest } from "./errors.ts";
import { staleRevision } from "./annotations_headers.ts";
import { assignIds, keepKnown, nestedIds } from "./annotations_ids.ts";
import { type AnnotationTarget, revisionOf, type Versioned } from "./annotations_job.ts";
import { mergeJobs } from "./annotations_merge.ts";
import { checkFrames, type JobRange, splitByJob } from "./annotations_split.ts";
import {
  fixTracks,
  interpolateTracks,
  type PatchAction,
  responseBody,
  wireLabels,
} from "./annotations_wire.ts";
import { normalizeLabeledData } from "../core/wire_normalize.ts";
import type { LabeledData, WireLabel } from "../core/wire_types.ts";
import type { AnnotationChange, AnnotationKind, StoredObject, TaskRecord } from "../store/types.ts";

const KINDS: readonly AnnotationKind[] = ["tags", "shapes", "tracks"];
const EMPTY = (): LabeledData => ({ tags: [], shapes: [], tracks: [] });

/** The task's annotation jobs as frame ranges, sorted by start frame. */
async function jobRanges(ctx: ServerContext, task: TaskRecord): Promise<JobRange[]> {
  const jobs = await ctx.store.jobs.listBy("taskId", task.id);
  return jobs.filter((job) => job.type === "annotation")
    .map((job) => ({ id: job.id, start: job.startFrame, stop: job.stopFrame }))
    .sort((a, b) => a.start - b.start || a.id - b.id);
}

async function taskRevision(ctx: ServerContext, jobs: readonly JobRange[]): Promise<number> {
  let sum = 0;
  for (const job of jobs) sum += await ctx.store.annotations.revision(job.id);
  return sum;
}

async function checkExpect(ctx: ServerContext, jobs: readonly JobRange[], expect?: number) {
  if (expect === undefined) return;
  const current = await taskRevision(ctx, jobs);
  if (current !== expect) throw staleRevision(expect, current);
}

/** Gives ids to the boundary keyframes the split added (the only objects without one). */
async function assignBoundaryIds(ctx: ServerContext, parts: Map<number, LabeledData>) {
  const boundary: LabeledData = EMPTY();
  for (const part of parts.values()) boundary.tracks.push(...part.tracks);
  await assignIds(ctx.store.annotations, boundary, (slot) => typeof slot.holder.id === "number");
}

async function applyChange(ctx: ServerContext, jobId: number, change: AnnotationChange) {
  if (change.upsert.length === 0 && change.remove.length === 0) return;
  revisionOf(await ctx.store.annotations.apply(jobId, change), undefined);
}

/** Where each stored object lives: `kind:id` → job ids. */
function holders(jobs: readonly JobRange[], stored: readonly LabeledData[]) {
  const out = new Map<string, number[]>();
  stored.forEach((data, i) => {
    for (const kind of KINDS) {
      for (const object of data[kind] as StoredObject[]) {
        const key = `${kind}:${object.id}`;
        out.set(key, [...out.get(key) ?? [], jobs[i].id]);
      }
    }
  });
  return out;
}

/** Writes the pieces of `data` (ids assigned) into the jobs; drops moved objects' old copies. */
async function writeParts(
  ctx: ServerContext,
  task: TaskRecord,
  jobs: readonly JobRange[],
  data: LabeledData,
  where: Map<string, number[]> = new Map(),
): Promise<void> {
  const parts = splitByJob(data, jobs, { dimension: task.dimension });
  await assignBoundaryIds(ctx, parts);
  for (const job of jobs) {
    const part = parts.get(job.id)!;
    const change: AnnotationChange = { upsert: [], remove: [] };
    for (const kind of KINDS) {
      const placed = new Set<number>();
      for (const object of part[kind] as StoredObject[]) {
        change.upsert.push({ kind, object });
        placed.add(object.id!);
      }
      for (const object of data[kind] as StoredObject[]) {
        const inJob = where.get(`${kind}:${object.id}`)?.includes(job.id) ?? false;
        if (inJob && !placed.has(object.id!)) change.remove.push({ kind, id: object.id! });
      }
    }
    await applyChange(ctx, job.id, change);
  }
}

async function patchTask(
  ctx: ServerContext,
  task: TaskRecord,
  jobs: readonly JobRange[],
  action: PatchAction,
  data: LabeledData,
): Promise<void> {
  const stored = action === "create"
    ? []
    : await Promise.all(jobs.map((job) => ctx.store.annotations.read(job.id)));
  const where = holders(jobs, stored);
  if (action === "delete") {
    for (const job of jobs) {
      const remove: AnnotationChange["remove"] = [];
      for (const kind of KINDS) {
        for (const object of data[kind] as StoredObject[]) {
          if (where.get(`${kind}:${object.id}`)?.includes(job.id)) {
            remove.push({ kind, id: object.id! });
          }
        }
      }
      await applyChange(ctx, job.id, { upsert: [], remove });
    }
    return;
  }
  fixTracks(data);
  checkFrames(data, jobs);
  const known = new Map<string, Set<string>>();
  for (const part of stored) {
    for (const [key, ids] of nestedIds(part)) {
      known.set(key, new Set([...known.get(key) ?? [], ...ids]));
    }
  }
  await assignIds(ctx.store.annotations, data, action === "update" ? keepKnown(known) : undefined);
  await writeParts(ctx, task, jobs, data, action === "update" ? where : new Map());
}

async function putTask(
  ctx: ServerContext,
  task: TaskRecord,
  jobs: readonly JobRange[],
  data: LabeledData | null,
): Promise<void> {
  let parts = new Map<number, LabeledData>();
  if (data) {
    fixTracks(data);
    checkFrames(data, jobs);
    await assignIds(ctx.store.annotations, data);
    parts = splitByJob(data, jobs, { dimension: task.dimension });
    await assignBoundaryIds(ctx, parts);
  }
  for (const job of jobs) {
    revisionOf(
      await ctx.store.annotations.replace(job.id, parts.get(job.id) ?? EMPTY()),
      undefined,
    );
  }
}

/**
 * The annotation target of a task.
 *
 * @example
 * ```ts
 * // const target = taskTarget(ctx, task); await target.read(false);
 * ```
 */
export function taskTarget(ctx: ServerContext, task: TaskRecord): AnnotationTarget {
  let labels: Promise<WireLabel[]> | undefined;
  const target: AnnotationTarget = {
    scope: `task:${task.id}`,
    labels: () => labels ??= wireLabels(ctx, task),
    async read(interpolate) {
      if (!task.data) {
        throw badRequest(["Exporting annotations from a task without data is not allowed"]);
      }
      const jobs = await jobRanges(ctx, task);
      const parts = await Promise.all(jobs.map((job) => ctx.store.annotations.read(job.id)));
      const version = parts.reduce((sum, part) => sum + part.version, 0);
      const data = normalizeLabeledData(mergeJobs(jobs, parts), await target.labels());
      if (interpolate) {
        // Each track runs to the end of the job that holds its last keyframe ("to the end of
        // the job"), not to the end of the task.
        const deleted = task.data.deletedFrames;
        data.tracks = data.tracks.map((track) => {
          const last = Math.max(...track.shapes.map((s) => s.frame), track.frame);
          const job = jobs.find((j) => last >= j.start && last <= j.stop);
          return interpolateTracks([track], job?.stop ?? task.data!.size - 1, deleted)[0];
        });
      }
      return responseBody(data, version) as Versioned;
    },
    async put(data, expect) {
      const jobs = await jobRanges(ctx, task);
      await checkExpect(ctx, jobs, expect);
      await putTask(ctx, task, jobs, data);
      return responseBody(data, await taskRevision(ctx, jobs)) as Versioned;
    },
    async patch(action, data, expect) {
      const jobs = await jobRanges(ctx, task);
      await checkExpect(ctx, jobs, expect);
      await patchTask(ctx, task, jobs, action, data);
      return responseBody(data, await taskRevision(ctx, jobs)) as Versioned;
    },
    async clear(expect) {
      const jobs = await jobRanges(ctx, task);
      await checkExpect(ctx, jobs, expect);
      await putTask(ctx, task, jobs, null);
      return await taskRevision(ctx, jobs);
    },
  };
  return target;
}
