/**
 * Store contract: tables (ids, indexes, listing, counting, large records).
 *
 * @module
 */

import { deepEqual, equal, ok, rejects } from "node:assert/strict";
import {
  collect,
  contractCase,
  ids,
  type MakeStore,
  taskData,
  taskFields,
  userFields,
} from "./store_contract_records.ts";

/**
 * Registers the table cases.
 *
 * @example
 * ```ts
 * // tableContract("memory", makeStore);
 * ```
 */
export function tableContract(name: string, makeStore: MakeStore): void {
  const test = (title: string, body: Parameters<typeof contractCase>[3]) =>
    contractCase(name, makeStore, title, body);

  test("tables: create, get, getMany, update, delete", async (store) => {
    const a = await store.tasks.create(taskFields({ name: "a" }));
    const b = await store.tasks.create(taskFields({ name: "b" }));
    equal(a.id, 1);
    equal(b.id, 2);
    deepEqual(await store.tasks.get(a.id), a);
    equal(await store.tasks.get(99), null);
    equal(await store.tasks.get("1" as unknown as number), null);
    deepEqual(ids(await store.tasks.getMany([2, 99, 1, 2])), [2, null, 1, 2]);
    deepEqual(
      ids(await store.tasks.getMany(Array.from({ length: 25 }, (_, i) => i % 3))),
      Array.from({ length: 25 }, (_, i) => [null, 1, 2][i % 3]),
    );
    ok(await store.tasks.update({ ...a, name: "a2" }));
    equal((await store.tasks.get(a.id))?.name, "a2");
    equal(await store.tasks.update({ ...a, id: 99 }), false);
    ok(await store.tasks.delete(a.id));
    equal(await store.tasks.delete(a.id), false);
    equal(await store.tasks.get(a.id), null);
    equal(await store.tasks.update(a), false);
    equal(await store.tasks.count(), 1);
  });

  test("tables: records are copies, stored as JSON", async (store) => {
    const fields = { ...taskFields(), extra: undefined } as ReturnType<typeof taskFields>;
    const created = await store.tasks.create(fields);
    ok(!("extra" in created));
    created.name = "changed";
    equal((await store.tasks.get(created.id))?.name, "task");
    const read = (await store.tasks.get(created.id))!;
    read.name = "again";
    equal((await store.tasks.get(created.id))?.name, "task");
    const withId = await store.tasks.create({ ...taskFields(), id: 50 } as never);
    equal(withId.id, 2);
  });

  test("tables: ids are never reused", async (store) => {
    const first = await store.jobs.create({} as never);
    const second = await store.jobs.create({} as never);
    await store.jobs.delete(second.id);
    await store.jobs.delete(first.id);
    equal((await store.jobs.create({} as never)).id, 3);
    equal((await store.users.create(userFields("u"))).id, 1);
    const many = await Promise.all(
      Array.from({ length: 20 }, () => store.events.create({} as never)),
    );
    deepEqual(ids(many).sort((x, y) => x! - y!), Array.from({ length: 20 }, (_, i) => i + 1));
    equal(await store.events.count(), 20);
  });

  test("tables: listBy follows creates, updates and deletes", async (store) => {
    const a = await store.tasks.create(taskFields({ projectId: 1, ownerId: 7 }));
    const b = await store.tasks.create(taskFields({ projectId: 2, ownerId: 7 }));
    const c = await store.tasks.create(taskFields({ projectId: null, ownerId: 8 }));
    deepEqual(ids(await store.tasks.listBy("projectId", 1)), [a.id]);
    deepEqual(ids(await store.tasks.listBy("ownerId", 7)), [a.id, b.id]);
    deepEqual(ids(await store.tasks.listBy("projectId", null)), [c.id]);
    deepEqual(ids(await store.tasks.listBy("projectId", "1")), []);
    deepEqual(ids(await store.tasks.listBy("projectId", NaN)), []);
    await store.tasks.update({ ...a, projectId: 2 });
    await store.tasks.update({ ...c, projectId: 1 });
    await store.tasks.update({ ...b, projectId: null, ownerId: 8 });
    deepEqual(ids(await store.tasks.listBy("projectId", 1)), [c.id]);
    deepEqual(ids(await store.tasks.listBy("projectId", 2)), [a.id]);
    deepEqual(ids(await store.tasks.listBy("projectId", null)), [b.id]);
    deepEqual(ids(await store.tasks.listBy("ownerId", 8)), [b.id, c.id]);
    await store.tasks.delete(c.id);
    deepEqual(ids(await store.tasks.listBy("projectId", 1)), []);
    deepEqual(ids(await store.tasks.listBy("ownerId", 8)), [b.id]);
    await rejects(async () => await store.tasks.listBy("name", "task"));
  });

  test("tables: listBy on missing fields and long strings", async (store) => {
    const { guideId: _, ...noField } = taskFields();
    const label = await store.labels.create({ name: "l" } as never);
    deepEqual(ids(await store.labels.listBy("taskId", null)), [label.id]);
    equal((await store.tasks.create(noField as never)).id, 1);
    const long = "ü".repeat(400);
    const user = await store.users.create(userFields(long));
    await store.users.create(userFields(long.slice(0, -1) + "v"));
    deepEqual(ids(await store.users.listBy("username", long)), [user.id]);
    await store.users.update({ ...user, username: "short" });
    deepEqual(ids(await store.users.listBy("username", long)), []);
    deepEqual(ids(await store.users.listBy("username", "short")), [user.id]);
  });

  test("tables: concurrent updates keep indexes consistent", async (store) => {
    const task = await store.tasks.create(taskFields({ ownerId: 0 }));
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.tasks.update({ ...task, ownerId: i + 1 })),
    );
    const owner = (await store.tasks.get(task.id))!.ownerId;
    for (let i = 0; i <= 10; i++) {
      deepEqual(ids(await store.tasks.listBy("ownerId", i)), i === owner ? [task.id] : []);
    }
  });

  test("tables: list order, limit, after, reverse", async (store) => {
    for (let i = 0; i < 12; i++) await store.comments.create({ issueId: i } as never);
    await store.comments.delete(5);
    const all = Array.from({ length: 12 }, (_, i) => i + 1).filter((id) => id !== 5);
    deepEqual(ids(await collect(store.comments.list())), all);
    deepEqual(ids(await collect(store.comments.list({ reverse: true }))), [...all].reverse());
    deepEqual(ids(await collect(store.comments.list({ limit: 3 }))), [1, 2, 3]);
    deepEqual(ids(await collect(store.comments.list({ limit: 0 }))), []);
    deepEqual(ids(await collect(store.comments.list({ after: 4, limit: 2 }))), [6, 7]);
    deepEqual(ids(await collect(store.comments.list({ after: 5 }))), all.slice(4));
    deepEqual(
      ids(await collect(store.comments.list({ after: 7, limit: 3, reverse: true }))),
      [6, 4, 3],
    );
    deepEqual(ids(await collect(store.comments.list({ after: 12 }))), []);
    deepEqual(ids(await collect(store.comments.list({ after: 0 }))), all);
    deepEqual(ids(await collect(store.comments.list({ after: 1, reverse: true }))), []);
    const pages: number[] = [];
    let after: number | undefined;
    for (;;) {
      const page = await collect(store.comments.list({ after, limit: 4 }));
      if (page.length === 0) break;
      pages.push(...page.map((row) => row.id));
      after = page.at(-1)!.id;
    }
    deepEqual(pages, all);
  });

  test("tables: count", async (store) => {
    equal(await store.issues.count(), 0);
    const rows = [];
    for (let i = 0; i < 5; i++) rows.push(await store.issues.create({ jobId: 1 } as never));
    equal(await store.issues.count(), 5);
    await store.issues.delete(rows[0].id);
    await store.issues.delete(rows[0].id);
    await store.issues.update({ ...rows[1], jobId: 2 });
    equal(await store.issues.count(), 4);
  });

  test("tables: a 5 MB record round-trips", async (store) => {
    const data = taskData(100_000)!;
    ok(JSON.stringify(data).length > 5_000_000);
    const small = await store.tasks.create(taskFields({ projectId: 3 }));
    const big = await store.tasks.create(taskFields({ projectId: 3, data }));
    deepEqual((await store.tasks.get(big.id))?.data, data);
    deepEqual(ids(await store.tasks.listBy("projectId", 3)), [small.id, big.id]);
    deepEqual(ids(await store.tasks.getMany([big.id, small.id])), [big.id, small.id]);
    const listed = await collect(store.tasks.list({ reverse: true }));
    equal(listed[0].data?.frames.length, 100_000);
    data.frames[99_999].name = "last.jpg";
    ok(await store.tasks.update({ ...big, projectId: 4, data }));
    const read = (await store.tasks.get(big.id))!;
    equal(read.data?.frames[99_999].name, "last.jpg");
    deepEqual(ids(await store.tasks.listBy("projectId", 4)), [big.id]);
    ok(await store.tasks.update({ ...small, data: taskData(20_000) }));
    equal((await store.tasks.get(small.id))?.data?.frames.length, 20_000);
    ok(await store.tasks.update({ ...read, data: null }));
    equal((await store.tasks.get(big.id))?.data, null);
    ok(await store.tasks.update({ ...read, data }));
    ok(await store.tasks.delete(big.id));
    equal(await store.tasks.get(big.id), null);
    deepEqual(ids(await store.tasks.listBy("projectId", 4)), []);
    equal(await store.tasks.count(), 1);
  });

  test("nextId: one counter per space", async (store) => {
    equal(await store.nextId("attribute"), 1);
    equal(await store.nextId("attribute"), 2);
    equal(await store.nextId("data"), 1);
    const many = await Promise.all(Array.from({ length: 10 }, () => store.nextId("data")));
    deepEqual([...many].sort((a, b) => a - b), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });
}
