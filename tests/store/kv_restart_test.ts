import { deepEqual, equal, ok } from "node:assert/strict";
import { kvStore } from "../../lib/store/kv.ts";
import type { LabelRecord } from "../../lib/store/types.ts";
import { collect, shape, tag, taskData, taskFields, track } from "./store_contract_records.ts";

const CHILD = new URL("./fixtures/kv_replace_child.ts", import.meta.url).pathname;

function label(name: string, taskId: number): Omit<LabelRecord, "id"> {
  return {
    name,
    color: "#ff0000",
    type: "any",
    attributes: [],
    parentId: null,
    taskId,
    projectId: null,
  };
}

Deno.test("kv store: everything written survives closing and reopening the file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cvat_kv_restart_" });
  const path = `${dir}/store.sqlite`;
  try {
    let kv = await Deno.openKv(path);
    let store = kvStore(kv);
    const task = await store.tasks.create(taskFields({ name: "t", data: taskData(20_000) }));
    const car = await store.labels.create(label("car", task.id));
    const person = await store.labels.create(label("person", task.id));
    const annotations = {
      tags: [tag(1)],
      shapes: Array.from({ length: 1200 }, (_, i) => shape(i + 1)),
      tracks: [track(1, 3000)],
    };
    await store.annotations.replace(7, annotations);
    await store.annotations.apply(7, { upsert: [{ kind: "tags", object: tag(2) }], remove: [] });
    const blob = crypto.getRandomValues(new Uint8Array(65536)).slice();
    const bigBlob = new Uint8Array(1_500_000).map((_, i) => i % 251);
    await store.blobs.put("preview/1", blob);
    await store.blobs.put("original/1", bigBlob);
    await store.sessions.put("s", { id: "s" } as never, { expireIn: 60_000 });
    kv.close();

    kv = await Deno.openKv(path);
    store = kvStore(kv);
    deepEqual(await store.tasks.get(task.id), task);
    deepEqual(await store.labels.listBy("taskId", task.id), [car, person]);
    deepEqual(await store.annotations.read(7), {
      version: 2,
      ...annotations,
      tags: [tag(1), tag(2)],
    });
    deepEqual(await store.blobs.get("preview/1"), blob);
    deepEqual(await store.blobs.get("original/1"), bigBlob);
    equal((await store.sessions.get("s"))?.id, "s");
    equal((await store.tasks.create(taskFields())).id, task.id + 1);
    equal(await store.labels.count(), 2);
    kv.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

async function pendingGeneration(kv: Deno.Kv, job: number): Promise<number | null> {
  for await (const entry of kv.list({ prefix: ["pend", "ann", job] })) {
    const generation = entry.key[3] as number;
    for await (const _ of kv.list({ prefix: ["ann", job, generation] }, { limit: 1 })) {
      return generation;
    }
  }
  return null;
}

Deno.test("kv store: a replace killed mid-write leaves the old job intact", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cvat_kv_kill_" });
  const path = `${dir}/store.sqlite`;
  try {
    let kv = await Deno.openKv(path);
    const old = {
      tags: [tag(1)],
      shapes: Array.from({ length: 100 }, (_, i) => shape(i + 1)),
      tracks: [],
    };
    await kvStore(kv).annotations.replace(1, old);
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--unstable-kv", CHILD, path, "1", "50000"],
      stdout: "null",
      stderr: "null",
    }).spawn();
    let killedWhilePending = false;
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (await pendingGeneration(kv, 1) !== null) {
        child.kill("SIGKILL");
        killedWhilePending = true;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const status = await child.status;
    ok(killedWhilePending, "the child never started writing");
    kv.close();

    kv = await Deno.openKv(path);
    const store = kvStore(kv, { staleWriteMs: 0 });
    const read = await store.annotations.read(1);
    if (read.version === 1) {
      deepEqual(read, { version: 1, ...old });
      ok(!status.success);
    } else {
      equal(read.version, 2);
      equal(read.shapes.length, 50_000);
      ok(read.shapes.every((s) => s.frame === 1));
    }
    const left = await collect(kv.list({ prefix: ["pend", "ann", 1] }));
    ok(read.version === 2 || left.length === 1, "the interrupted write left its marker");
    await store.annotations.replace(1, { tags: [], shapes: [shape(1)], tracks: [] });
    deepEqual(await collect(kv.list({ prefix: ["pend"] })), []);
    const generations = new Set(
      (await collect(kv.list({ prefix: ["ann", 1] }))).map((e) => e.key[2]),
    );
    equal(generations.size, 1);
    kv.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
