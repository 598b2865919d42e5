/**
 * Tables on Deno KV. Keys: `["t", table, id]` → the record (JSON bytes, or a manifest of parts
 * with its index values in `x`), `["idx", table, field, value, id]` → null per declared index,
 * `["seq", table]` → the last id, `["cnt", table]` → the record count (a KvU64 kept by atomic sums).
 * Every write commits the record, its index entries and the count together, checked against
 * the versionstamp it read.
 *
 * @module
 */

import type { ListOptions, Row, Table } from "./types.ts";
import { Batch, increment } from "./kv_batch.ts";
import { indexChanges, type IndexParts, queryPart, recordParts } from "./kv_index.ts";
import { type KvContext, retrying, sweepPending } from "./kv_pending.ts";
import {
  commitFilling,
  commitWithParts,
  decodeJson,
  dropParts,
  isManifest,
  loadEntry,
  planValue,
} from "./kv_values.ts";

type Fields = Record<string, unknown>;

interface Spec {
  ctx: KvContext;
  name: string;
  indexes: readonly string[];
}

const encoder = new TextEncoder();
const validId = (id: unknown): id is number => typeof id === "number" && Number.isFinite(id);
const recordKey = (spec: Spec, id: number): Deno.KvKey => ["t", spec.name, id];

async function storedParts(spec: Spec, entry: Deno.KvEntry<unknown>): Promise<IndexParts> {
  if (isManifest(entry.value)) return entry.value.x as IndexParts;
  const loaded = await loadEntry(spec.ctx.kv, entry);
  return recordParts(spec.indexes, decodeJson<Fields>(loaded!.bytes));
}

async function decodeEntry<T>(spec: Spec, entry: Deno.KvEntryMaybe<unknown>): Promise<T | null> {
  const loaded = await loadEntry(spec.ctx.kv, entry);
  return loaded ? decodeJson<T>(loaded.bytes) : null;
}

const TOO_LARGE = Symbol("too large");

/**
 * Creates in one commit with the id allocation; undefined when the id was taken meanwhile,
 * TOO_LARGE when the record does not fit one commit.
 */
async function createSmall<T>(
  spec: Spec,
  fields: Fields,
): Promise<T | undefined | typeof TOO_LARGE> {
  const { kv } = spec.ctx;
  const seqKey = ["seq", spec.name];
  const seq = await kv.get<number>(seqKey);
  const id = (seq.value ?? 0) + 1;
  const json = JSON.stringify({ ...fields, id });
  const record = JSON.parse(json) as Fields;
  const parts = await recordParts(spec.indexes, record);
  const key = recordKey(spec, id);
  const planned = planValue(key, encoder.encode(json), { x: parts });
  const batch = new Batch().check(seq, { key, versionstamp: null }).set(seqKey, id)
    .set(key, planned.value).sum(["cnt", spec.name], 1n);
  indexChanges(batch, spec.name, spec.indexes, id, null, parts);
  if (!batch.fits(planned.parts)) return TOO_LARGE;
  batch.add(...planned.parts);
  return await batch.commit(kv) ? record as T : undefined;
}

/** Creates a record too large for one commit: allocates its id, then stages its parts. */
async function createLarge<T>(spec: Spec, fields: Fields): Promise<T> {
  const id = await increment(spec.ctx.kv, ["seq", spec.name], 1);
  const json = JSON.stringify({ ...fields, id });
  const record = JSON.parse(json) as Fields;
  const parts = await recordParts(spec.indexes, record);
  const key = recordKey(spec, id);
  const planned = planValue(key, encoder.encode(json), { x: parts });
  const batch = new Batch().check({ key, versionstamp: null }).set(key, planned.value)
    .sum(["cnt", spec.name], 1n);
  indexChanges(batch, spec.name, spec.indexes, id, null, parts);
  if (!await commitWithParts(spec.ctx, key, planned, batch)) {
    throw new Error(`The new record ${spec.name}/${id} already exists`);
  }
  return record as T;
}

async function update(spec: Spec, record: Row): Promise<boolean> {
  if (!validId(record.id)) return false;
  const bytes = encoder.encode(JSON.stringify(record));
  const parts = await recordParts(spec.indexes, decodeJson<Fields>(bytes));
  const key = recordKey(spec, record.id);
  return await retrying(async () => {
    const current = await spec.ctx.kv.get(key);
    if (current.versionstamp === null) return false;
    const before = await storedParts(spec, current);
    const planned = planValue(key, bytes, { x: parts });
    const batch = new Batch().check(current).set(key, planned.value);
    indexChanges(batch, spec.name, spec.indexes, record.id, before, parts);
    const after = dropParts(key, current.value);
    return await commitWithParts(spec.ctx, key, planned, batch, after) || undefined;
  });
}

async function remove(spec: Spec, id: number): Promise<boolean> {
  if (!validId(id)) return false;
  const key = recordKey(spec, id);
  return await retrying(async () => {
    const current = await spec.ctx.kv.get(key);
    if (current.versionstamp === null) return false;
    const before = await storedParts(spec, current);
    const batch = new Batch().check(current).delete(key).sum(["cnt", spec.name], -1n);
    indexChanges(batch, spec.name, spec.indexes, id, before, null);
    if (!await commitFilling(spec.ctx.kv, batch, dropParts(key, current.value))) return undefined;
    await sweepPending(spec.ctx, { prefix: ["pend", ...key] });
    return true;
  });
}

async function* list<T>(spec: Spec, options: ListOptions = {}): AsyncIterable<T> {
  const limit = options.limit === undefined || Number.isNaN(options.limit)
    ? Infinity
    : Math.ceil(options.limit);
  if (limit <= 0) return;
  const prefix = ["t", spec.name];
  const after = typeof options.after === "number" && !Number.isNaN(options.after)
    ? options.after
    : undefined;
  const selector: Deno.KvListSelector = after === undefined
    ? { prefix }
    : options.reverse
    ? { prefix, end: [...prefix, after] }
    : { prefix, start: [...prefix, after] };
  const batchSize = Math.max(1, Math.min(limit + 1, 500));
  let taken = 0;
  for await (const entry of spec.ctx.kv.list(selector, { reverse: options.reverse, batchSize })) {
    if (entry.key[2] === after) continue;
    const record = await decodeEntry<T>(spec, entry);
    if (record === null) continue;
    yield record;
    if (++taken >= limit) return;
  }
}

async function getMany<T>(spec: Spec, ids: readonly number[]): Promise<(T | null)[]> {
  const out: Promise<(T | null)[]>[] = [];
  for (let start = 0; start < ids.length; start += 10) {
    const chunk = ids.slice(start, start + 10);
    const valid = chunk.filter(validId);
    out.push(
      spec.ctx.kv.getMany(valid.map((id) => recordKey(spec, id))).then(async (entries) => {
        const found = await Promise.all(entries.map((entry) => decodeEntry<T>(spec, entry)));
        return chunk.map((id) => validId(id) ? found[valid.indexOf(id)] : null);
      }),
    );
  }
  return (await Promise.all(out)).flat();
}

async function listBy<T>(spec: Spec, field: string, value: unknown): Promise<T[]> {
  if (!spec.indexes.includes(field)) throw new Error(`The table has no index on "${field}"`);
  const part = await queryPart(value);
  if (part === undefined) return [];
  const ids: number[] = [];
  const prefix = ["idx", spec.name, field, part];
  for await (const entry of spec.ctx.kv.list({ prefix }, { batchSize: 1000 })) {
    ids.push(entry.key[4] as number);
  }
  const records = await getMany<Fields>(spec, ids);
  return records.filter((record) => record !== null && (record[field] ?? null) === value) as T[];
}

/**
 * A table on Deno KV with the declared secondary indexes.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { kvTable } from "./kv_tables.ts";
 * const kv = await Deno.openKv(":memory:");
 * const table = kvTable<{ id: number; name: string }>({ kv, staleMs: 3600_000 }, "t", ["name"]);
 * const row = await table.create({ name: "a" });
 * ok((await table.listBy("name", "a"))[0].id === row.id);
 * kv.close();
 * ```
 */
export function kvTable<T extends Row>(
  ctx: KvContext,
  name: string,
  indexes: readonly string[],
): Table<T> {
  const spec: Spec = { ctx, name, indexes };
  return {
    get: async (id) =>
      validId(id) ? await decodeEntry<T>(spec, await ctx.kv.get(recordKey(spec, id))) : null,
    getMany: (ids) => getMany<T>(spec, ids),
    create: (fields) =>
      retrying(async () => {
        const created = await createSmall<T>(spec, fields as Fields);
        return created === TOO_LARGE ? await createLarge<T>(spec, fields as Fields) : created;
      }),
    update: (record) => update(spec, record),
    delete: (id) => remove(spec, id),
    list: (options) => list<T>(spec, options),
    listBy: (field, value) => listBy<T>(spec, field, value),
    count: async () => Number((await ctx.kv.get<Deno.KvU64>(["cnt", name])).value?.value ?? 0n),
  };
}
