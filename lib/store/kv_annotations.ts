/**
 * The annotation store on Deno KV (key layout in kv_ann_write.ts). A change that fits one commit
 * is applied in place with the revision bump, checked against the meta versionstamp; a larger
 * one, and every `replace`, writes a new generation in several commits and flips the meta.
 * Conflicting writers retry, so concurrent applies never lose each other's changes. Reads check
 * the meta before and after listing, so they return one revision's objects, never a mix.
 *
 * @module
 */

import type {
  AnnotationChange,
  AnnotationKind,
  AnnotationStore,
  StoredObject,
  WriteResult,
} from "./types.ts";
import type { LabeledData } from "../core/wire_types.ts";
import { Batch, deletePrefixes, increment, randomGeneration } from "./kv_batch.ts";
import { type KvContext, retrying } from "./kv_pending.ts";
import { decodeJson, dropParts, readParts } from "./kv_values.ts";
import { ANNOTATION_KINDS, checkCount } from "./limits.ts";
import {
  addItem,
  type AnnotationMeta,
  discardGeneration,
  flipGeneration,
  type Items,
  metaKey,
  objectWrites,
  splitObjects,
  stageGeneration,
  writeGeneration,
} from "./kv_ann_write.ts";

type Version = { version: number };
type Snapshot = Version & Record<AnnotationKind, StoredObject[]>;

const conflict = (
  meta: Deno.KvEntryMaybe<AnnotationMeta>,
  expect: number | undefined,
): WriteResult | undefined => {
  const revision = meta.value?.revision ?? 0;
  return expect !== undefined && expect !== revision ? { ok: false, revision } : undefined;
};

async function read(kv: Deno.Kv, job: number): Promise<Snapshot | undefined> {
  const meta = await kv.get<AnnotationMeta>(metaKey(job));
  const out: Snapshot = { version: meta.value?.revision ?? 0, tags: [], shapes: [], tracks: [] };
  if (!meta.value) return out;
  const prefix = ["ann", job, meta.value.generation];
  for await (const entry of kv.list({ prefix }, { batchSize: 1000 })) {
    const value = entry.value;
    const bytes = value instanceof Uint8Array
      ? value
      : await readParts(kv, entry.key, value as never);
    if (!bytes) return undefined;
    out[entry.key[3] as AnnotationKind].push(decodeJson<StoredObject>(bytes));
  }
  const after = await kv.get(metaKey(job));
  return after.versionstamp === meta.versionstamp ? out : undefined;
}

/** The in-place mutations of a change; the meta write is added by the caller. */
async function inPlace(kv: Deno.Kv, job: number, meta: AnnotationMeta | null, items: Items) {
  const generation = meta?.generation ?? randomGeneration();
  const split = meta ? await splitObjects(kv, job, generation) : new Map();
  const writes: Deno.KvMutation[] = [];
  for (const [ref, item] of items) {
    const key = ["ann", job, generation, item.kind, item.id];
    const old = split.get(ref);
    if (old) {
      writes.push(...dropParts(key, old), {
        type: "delete",
        key: ["annbig", job, generation, item.kind, item.id],
      });
    }
    if (item.bytes) writes.push(...objectWrites(job, generation, item.kind, item.id, item.bytes));
    else writes.push({ type: "delete", key });
  }
  return { generation, writes };
}

async function applyOnce(
  ctx: KvContext,
  job: number,
  items: Items,
  expect: number | undefined,
): Promise<WriteResult | undefined> {
  const meta = await ctx.kv.get<AnnotationMeta>(metaKey(job));
  const refused = conflict(meta, expect);
  if (refused) return refused;
  const revision = (meta.value?.revision ?? 0) + 1;
  const { generation, writes } = await inPlace(ctx.kv, job, meta.value, items);
  const batch = new Batch().check(meta).set(metaKey(job), { revision, generation });
  if (batch.fits(writes)) {
    return await batch.add(...writes).commit(ctx.kv) ? { ok: true, revision } : undefined;
  }
  const staged = await stageGeneration(ctx, job);
  if (
    await writeGeneration(ctx.kv, job, staged.generation, items, meta.value?.generation) &&
    await flipGeneration(ctx, job, meta, staged)
  ) {
    return { ok: true, revision };
  }
  await discardGeneration(ctx, staged);
  return undefined;
}

async function replace(
  ctx: KvContext,
  job: number,
  items: Items,
  expect: number | undefined,
): Promise<WriteResult> {
  const first = await ctx.kv.get<AnnotationMeta>(metaKey(job));
  const refused = conflict(first, expect);
  if (refused) return refused;
  const staged = await stageGeneration(ctx, job);
  await writeGeneration(ctx.kv, job, staged.generation, items);
  return await retrying(async () => {
    const meta = await ctx.kv.get<AnnotationMeta>(metaKey(job));
    const refused = conflict(meta, expect);
    if (!refused && await flipGeneration(ctx, job, meta, staged)) {
      return { ok: true, revision: (meta.value?.revision ?? 0) + 1 };
    }
    const marker = await ctx.kv.get(staged.marker.key);
    if (!refused && marker.versionstamp === staged.marker.versionstamp) return undefined;
    await discardGeneration(ctx, staged);
    return refused ?? await replace(ctx, job, items, expect);
  });
}

function changeItems(change: AnnotationChange): Items {
  const items: Items = new Map();
  for (const { kind, id } of change.remove) addItem(items, kind, id);
  for (const { kind, object } of change.upsert) addItem(items, kind, object?.id, object);
  return items;
}

function dataItems(data: LabeledData): Items {
  const items: Items = new Map();
  for (const kind of ANNOTATION_KINDS) {
    for (const object of data[kind] as StoredObject[]) addItem(items, kind, object?.id, object);
  }
  return items;
}

/**
 * The annotation store on Deno KV.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { kvAnnotations } from "./kv_annotations.ts";
 * const kv = await Deno.openKv(":memory:");
 * const annotations = kvAnnotations({ kv, staleMs: 3600_000 });
 * const tag = { id: 1, frame: 0, label_id: 1, group: 0, source: "manual", attributes: [] };
 * await annotations.apply(7, { upsert: [{ kind: "tags", object: tag }], remove: [] });
 * ok((await annotations.read(7)).tags.length === 1);
 * kv.close();
 * ```
 */
export function kvAnnotations(ctx: KvContext): AnnotationStore {
  const { kv } = ctx;
  return {
    revision: async (job) => (await kv.get<AnnotationMeta>(metaKey(job))).value?.revision ?? 0,
    read: async (job) => await retrying(() => read(kv, job)) as unknown as LabeledData & Version,
    async apply(job, change, expect) {
      const items = changeItems(change);
      return await retrying(() => applyOnce(ctx, job, items, expect));
    },
    replace: async (job, data, expect) => await replace(ctx, job, dataItems(data), expect),
    async allocateIds(space, count) {
      checkCount(count);
      return await increment(kv, ["annids", space], count) - count + 1;
    },
    async deleteJob(job) {
      await kv.delete(metaKey(job));
      await deletePrefixes(kv, [
        ["ann", job],
        ["p", "ann", job],
        ["annbig", job],
        ["pend", "ann", job],
      ]);
    },
  };
}
