import { deepEqual, equal, ok } from "node:assert/strict";
import { kvStore } from "../../lib/store/kv.ts";
import type { Store } from "../../lib/store/types.ts";
import { storeContract } from "./store_contract.ts";
import { shape, tag, taskData, taskFields, track } from "./store_contract_records.ts";

storeContract("kv", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cvat_kv_" });
  const kv = await Deno.openKv(`${dir}/store.sqlite`);
  return {
    store: kvStore(kv),
    async cleanup() {
      kv.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
});

async function withKv(body: (kv: Deno.Kv, store: Store) => Promise<void>, staleWriteMs?: number) {
  const kv = await Deno.openKv(":memory:");
  try {
    await body(kv, kvStore(kv, { staleWriteMs }));
  } finally {
    kv.close();
  }
}

async function keys(kv: Deno.Kv, prefix: Deno.KvKey): Promise<Deno.KvKey[]> {
  const out: Deno.KvKey[] = [];
  for await (const entry of kv.list({ prefix })) out.push(entry.key);
  return out;
}

async function generations(kv: Deno.Kv, job: number): Promise<Set<unknown>> {
  return new Set((await keys(kv, ["ann", job])).map((key) => key[2]));
}

Deno.test("kv store: close() leaves the caller's KV open", async () => {
  await withKv(async (kv, store) => {
    store.close();
    await kv.set(["still"], "open");
    equal((await kv.get(["still"])).value, "open");
  });
});

Deno.test("kv store: large records leave no parts or markers behind", async () => {
  await withKv(async (kv, store) => {
    const task = await store.tasks.create(taskFields({ data: taskData(100_000) }));
    const parts = (await keys(kv, ["p", "t", "tasks", task.id])).length;
    ok(parts > 80, `${parts} parts`);
    await store.tasks.update({ ...task, data: taskData(50_000) });
    ok((await keys(kv, ["p", "t", "tasks", task.id])).length < parts);
    await store.tasks.update({ ...task, data: null });
    deepEqual(await keys(kv, ["p"]), []);
    await store.tasks.update({ ...task, data: taskData(100_000) });
    await store.blobs.put("a", new Uint8Array(2_000_000));
    await store.blobs.put("a", new Uint8Array(1_000_000));
    equal((await keys(kv, ["p", "blob", "a"])).length, 17);
    await store.tasks.delete(task.id);
    await store.blobs.deletePrefix("");
    deepEqual(await keys(kv, ["p"]), []);
    deepEqual(await keys(kv, ["pend"]), []);
    deepEqual(await keys(kv, ["idx", "tasks"]), []);
  });
});

Deno.test("kv store: big changes switch generations, small ones stay in place", async () => {
  await withKv(async (kv, store) => {
    const a = store.annotations;
    const shapes = Array.from({ length: 3000 }, (_, i) => shape(i + 1));
    await a.apply(1, { upsert: shapes.map((object) => ({ kind: "shapes", object })), remove: [] });
    const [first] = await generations(kv, 1);
    await a.apply(1, { upsert: [{ kind: "tags", object: tag(1) }], remove: [] });
    deepEqual(await generations(kv, 1), new Set([first]));
    const remove = shapes.slice(0, 1500).map(({ id }) => ({ kind: "shapes" as const, id: id! }));
    await a.apply(1, { upsert: [], remove });
    const [second] = await generations(kv, 1);
    ok(second !== first);
    equal((await generations(kv, 1)).size, 1);
    await a.replace(1, { tags: [], shapes: [], tracks: [track(1, 3000)] });
    equal((await generations(kv, 1)).size, 1);
    equal((await keys(kv, ["annbig", 1])).length, 1);
    await a.replace(1, { tags: [], shapes: [], tracks: [] });
    deepEqual(await keys(kv, ["annbig", 1]), []);
    deepEqual(await keys(kv, ["p"]), []);
    deepEqual(await keys(kv, ["pend"]), []);
  });
});

Deno.test("kv store: readers see one revision while big writes switch", async () => {
  await withKv(async (_kv, store) => {
    const a = store.annotations;
    const state = (frame: number) => ({
      tags: [],
      shapes: Array.from({ length: 2500 }, (_, i) => shape(i + 1, frame)),
      tracks: [],
    });
    await a.replace(2, state(0));
    let writing = true;
    const writer = (async () => {
      for (let round = 1; round <= 6; round++) await a.replace(2, state(round));
      for (let i = 0; i < 6; i++) {
        const spread = state(100 + i).shapes.filter((object) => object.id! % 5 === 1);
        const upsert = spread.map((object) => ({ kind: "shapes" as const, object }));
        await a.apply(2, { upsert, remove: [] });
      }
      writing = false;
    })();
    let reads = 0;
    while (writing) {
      const read = await a.read(2);
      equal(read.shapes.length, 2500);
      const spread = new Set(read.shapes.filter((s) => s.id! % 5 === 1).map((s) => s.frame));
      const rest = new Set(read.shapes.filter((s) => s.id! % 5 !== 1).map((s) => s.frame));
      ok(spread.size === 1 && rest.size === 1, `mixed read at revision ${read.version}`);
      reads++;
    }
    await writer;
    ok(reads > 0);
  });
});

Deno.test("kv store: an abandoned generation is swept by the next big write", async () => {
  await withKv(async (kv, store) => {
    await store.annotations.apply(3, {
      upsert: [{ kind: "shapes", object: shape(1) }],
      remove: [],
    });
    const prefixes = [["ann", 3, 42], ["p", "ann", 3, 42], ["annbig", 3, 42]];
    await kv.set(["pend", "ann", 3, 42], { t: Date.now() - 10, p: prefixes });
    await kv.set(["ann", 3, 42, "shapes", 9], new Uint8Array(10));
    await store.annotations.replace(3, { tags: [], shapes: [shape(2)], tracks: [] });
    equal((await generations(kv, 3)).size, 1);
    deepEqual(await keys(kv, ["pend"]), []);
    deepEqual((await store.annotations.read(3)).shapes, [shape(2)]);
  }, 0);
});
