import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { Hono } from "../../lib/server/deps.ts";
import type { Ctx, Env } from "../../lib/server/context.ts";
import { registerConventions } from "../../lib/server/conventions.ts";
import {
  applyList,
  listFromTable,
  type ListSpec,
  pageBody,
  parseListQuery,
  type TableListOptions,
} from "../../lib/server/lists.ts";
import { memoryStore } from "../../lib/store/memory.ts";
import { memoryTable } from "../../lib/store/memory_tables.ts";
import type { ListOptions, Row, Table } from "../../lib/store/types.ts";

interface Rec extends Row {
  name: string;
  owner: string | null;
  size: number;
}

const SPEC: ListSpec<Rec> = {
  search: { name: (r) => r.name, owner: (r) => r.owner },
  fields: { id: (r) => r.id, name: (r) => r.name, size: (r) => r.size },
  simple: { size: { get: (r) => r.size, type: "int" } },
};

/** A table of 57 rows whose `list()` counts the rows it yields. */
async function countingTable(): Promise<{ table: Table<Rec>; reads: () => number }> {
  const inner = memoryTable<Rec>([]);
  for (let i = 1; i <= 57; i++) {
    await inner.create({ name: `row ${i} ${i % 2 ? "odd" : "even"}`, owner: null, size: i % 7 });
  }
  let read = 0;
  const table: Table<Rec> = {
    ...inner,
    async *list(options?: ListOptions) {
      for await (const row of inner.list(options)) {
        read++;
        yield row;
      }
    },
  };
  return { table, reads: () => read };
}

/** `/fast` lists through listFromTable; `/slow` loads every visible row and uses applyList. */
function appFor(table: Table<Rec>, options: TableListOptions<Rec>, spec = SPEC) {
  const app = new Hono<Env>();
  registerConventions(app, { store: memoryStore(), options: {}, ready: () => Promise.resolve() });
  app.get("/fast", async (c: Ctx) => {
    const { count, page, query } = await listFromTable(c, table, spec, options);
    return c.json({
      ...pageBody(c, count, page.map((r) => r.id), query),
      isDefault: query.isDefault,
    });
  });
  app.get("/slow", async (c: Ctx) => {
    const query = parseListQuery(c, spec);
    const rows: Rec[] = [];
    for await (const row of table.list()) if (await options.visible(row)) rows.push(row);
    const { count, page } = applyList(rows, query, spec);
    return c.json({
      ...pageBody(c, count, page.map((r) => r.id), query),
      isDefault: query.isDefault,
    });
  });
  return app;
}

async function both(app: Hono<Env>, query: string) {
  const fast = await app.request(`http://localhost/fast${query}`);
  const slow = await app.request(`http://localhost/slow${query}`);
  const [a, b] = [await fast.json(), await slow.json()];
  strictEqual(fast.status, slow.status, query);
  if (a.next) a.next = a.next.replace("/fast", "/slow");
  if (a.previous) a.previous = a.previous.replace("/fast", "/slow");
  deepStrictEqual(a, b, query);
  return { status: fast.status, body: a };
}

const QUERIES = [
  "",
  "?page=2",
  "?page=6",
  "?page=3&page_size=25",
  "?page_size=all",
  "?page=last",
  "?page=last&page_size=7",
  "?sort=id",
  "?sort=id&page=4",
  "?sort=-id&page=2",
  "?sort=nope",
  "?sort=-size,id&page=2",
  "?search=odd&page=2",
  "?search=1,odd",
  "?size=3",
  `?filter=${encodeURIComponent('{"<=":[10,{"var":"id"},30]}')}&page=2&sort=id`,
  "?page=7",
  "?page=0",
  "?page=2&page_size=all",
];

Deno.test("listFromTable: the fast path and applyList give the same pages", async () => {
  const { table } = await countingTable();
  for (const countAll of [false, true]) {
    const app = appFor(table, { visible: () => true, countAll });
    for (const query of QUERIES) await both(app, query);
  }
  const labels = appFor(table, { visible: () => true }, { ...SPEC, defaultSort: "id" });
  for (const query of QUERIES) await both(labels, query);
});

Deno.test("listFromTable: invisible rows are left out and not counted", async () => {
  const { table } = await countingTable();
  const visible = (r: Rec) => r.id % 3 !== 0;
  const asyncVisible = (r: Rec) => Promise.resolve(visible(r));
  for (const options of [{ visible }, { visible: asyncVisible }]) {
    const app = appFor(table, options);
    for (const query of QUERIES) await both(app, query);
    const { body } = await both(app, "?page_size=all");
    strictEqual(body.count, 38);
    ok(body.results.every((id: number) => id % 3 !== 0));
    deepStrictEqual((await both(app, "")).body.results, [56, 55, 53, 52, 50, 49, 47, 46, 44, 43]);
  }
});

Deno.test("listFromTable: countAll takes the count from the table", async () => {
  const { table } = await countingTable();
  const app = appFor(table, { visible: () => true, countAll: true });
  const res = await app.request("http://localhost/fast?page=2");
  const body = await res.json();
  strictEqual(body.count, 57);
  deepStrictEqual(body.results, [47, 46, 45, 44, 43, 42, 41, 40, 39, 38]);
  strictEqual(body.isDefault, true);
  // The caller's promise is trusted: hidden rows still count, but are never shown.
  const lying = appFor(table, { visible: (r) => r.id !== 57, countAll: true });
  const first = await (await lying.request("http://localhost/fast")).json();
  strictEqual(first.count, 57);
  ok(!first.results.includes(57));
});

Deno.test("listFromTable: the default page reads only what it shows", async () => {
  const { table, reads } = await countingTable();
  const read = async (options: TableListOptions<Rec>, query: string, status = 200) => {
    const before = reads();
    const res = await appFor(table, options).request(`http://localhost/fast${query}`);
    strictEqual(res.status, status);
    await res.body?.cancel();
    return reads() - before;
  };
  const admin = { visible: () => true, countAll: true };
  strictEqual(await read(admin, ""), 10);
  strictEqual(await read(admin, "?sort=-id"), 10);
  strictEqual(await read(admin, "?sort=id&page_size=5"), 5);
  strictEqual(await read(admin, "?page=3"), 30);
  strictEqual(await read(admin, "?page=last"), 57);
  strictEqual(await read(admin, "?page=99", 404), 0);
  // Without countAll the rest is streamed to count it; other queries load everything.
  strictEqual(await read({ visible: () => true }, ""), 57);
  strictEqual(await read(admin, "?search=odd"), 57);
  strictEqual(await read(admin, "?sort=name"), 57);
});

Deno.test("listFromTable: isDefault only for the default query", async () => {
  const { table } = await countingTable();
  const app = appFor(table, { visible: () => true });
  const isDefault = async (query: string) =>
    (await (await app.request(`http://localhost/fast${query}`)).json()).isDefault;
  strictEqual(await isDefault(""), true);
  strictEqual(await isDefault("?sort=-id&page=2&page_size=5&org=&unknown=1&search=%20"), true);
  strictEqual(await isDefault("?sort=nope"), true);
  strictEqual(await isDefault("?sort=id"), false);
  strictEqual(await isDefault("?search=odd"), false);
  strictEqual(await isDefault("?size=1"), false);
  strictEqual(await isDefault(`?filter=${encodeURIComponent('{"var":"id"}')}`), false);
});

Deno.test("listFromTable: errors come before the table is read", async () => {
  const { table, reads } = await countingTable();
  const app = appFor(table, { visible: () => true });
  for (const [query, status] of [["?size=x", 400], ["?org=acme", 404], ["?page=x", 404]] as const) {
    const res = await app.request(`http://localhost/fast${query}`);
    strictEqual(res.status, status);
    await res.body?.cancel();
  }
  strictEqual(reads(), 0);
});
