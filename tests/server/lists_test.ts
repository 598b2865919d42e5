import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { Hono } from "../../lib/server/deps.ts";
import type { Ctx, Env } from "../../lib/server/context.ts";
import { registerConventions } from "../../lib/server/conventions.ts";
import { applyList, type ListSpec, pageBody, parseListQuery } from "../../lib/server/lists.ts";
import { memoryStore } from "../../lib/store/memory.ts";

interface Item {
  id: number;
  name: string;
  owner: string | null;
  status: "annotation" | "validation" | "completed";
  size: number | null;
  done: boolean;
}

const NAMES = ["Cat", "dog", "bobcat", "bird", "Catfish", "zebra", "ant", "dog", "cow", "yak"];
const ITEMS: Item[] = Array.from({ length: 25 }, (_, i) => ({
  id: i + 1,
  name: `${NAMES[i % 10]} ${i + 1}`,
  owner: i % 4 === 0 ? null : ["ann", "bob", "Annette"][i % 3],
  status: (["annotation", "validation", "completed"] as const)[i % 3],
  size: i % 5 === 0 ? null : (i * 7) % 10,
  done: i % 2 === 0,
}));

const SPEC: ListSpec<Item> = {
  search: { name: (i) => i.name, owner: (i) => i.owner },
  fields: {
    id: (i) => i.id,
    name: (i) => i.name,
    owner: (i) => i.owner,
    size: (i) => i.size,
    done: (i) => i.done,
  },
  simple: {
    name: { get: (i) => i.name, type: "string" },
    owner: { get: (i) => i.owner, type: "string" },
    size: { get: (i) => i.size, type: "int" },
    done: { get: (i) => i.done, type: "bool" },
    status: {
      get: (i) => i.status,
      type: "choice",
      choices: ["annotation", "validation", "completed"],
    },
  },
};

/** An app whose one route lists `items` with `spec` (ids only in the results). */
function appFor(items: Item[] = ITEMS, spec: ListSpec<Item> = SPEC) {
  const app = new Hono<Env>();
  registerConventions(app, { store: memoryStore(), options: {}, ready: () => Promise.resolve() });
  app.get("/api/items", (c: Ctx) => {
    const query = parseListQuery(c, spec);
    const { count, page } = applyList(items, query, spec);
    return c.json(pageBody(c, count, page.map((item) => item.id), query));
  });
  return app;
}

interface Body {
  count: number;
  next: string | null;
  previous: string | null;
  results: number[];
}

async function get(path: string, init?: RequestInit, app = appFor()) {
  const res = await app.request(`http://localhost${path}`, init);
  return { status: res.status, body: await res.json() };
}

async function page(path: string, app = appFor()): Promise<Body> {
  const { status, body } = await get(path, undefined, app);
  strictEqual(status, 200, JSON.stringify(body));
  return body;
}

const ids = (from: number, to: number) =>
  Array.from({ length: Math.abs(to - from) + 1 }, (_, i) => from < to ? from + i : from - i);

Deno.test("lists: the default page is the 10 newest, with absolute next/previous links", async () => {
  deepStrictEqual(await page("/api/items"), {
    count: 25,
    next: "http://localhost/api/items?page=2",
    previous: null,
    results: ids(25, 16),
  });
  deepStrictEqual(await page("/api/items?page=2"), {
    count: 25,
    next: "http://localhost/api/items?page=3",
    previous: "http://localhost/api/items",
    results: ids(15, 6),
  });
  deepStrictEqual(await page("/api/items?page=3"), {
    count: 25,
    next: null,
    previous: "http://localhost/api/items?page=2",
    results: ids(5, 1),
  });
  deepStrictEqual((await page("/api/items?page=last")).results, ids(5, 1));
});

Deno.test("lists: next/previous keep the other parameters (sorted and form-encoded)", async () => {
  const body = await page("/api/items?sort=id&search=a%20b&page=2&page_size=3&x=%2A&x=2&org=");
  strictEqual(
    body.next,
    "http://localhost/api/items?org=&page=3&page_size=3&search=a+b&sort=id&x=%2A&x=2",
  );
  strictEqual(
    body.previous,
    "http://localhost/api/items?org=&page_size=3&search=a+b&sort=id&x=%2A&x=2",
  );
});

Deno.test("lists: page_size, including all, defaults and invalid values", async () => {
  deepStrictEqual((await page("/api/items?page_size=4")).results, ids(25, 22));
  const all = await page("/api/items?page_size=all");
  deepStrictEqual(all, { count: 25, next: null, previous: null, results: ids(25, 1) });
  for (const bad of ["0", "-5", "abc", "", "2.5"]) {
    deepStrictEqual((await page(`/api/items?page_size=${bad}`)).results, ids(25, 16), bad);
  }
  deepStrictEqual((await page("/api/items?page_size=%205%20")).results, ids(25, 21));
  strictEqual((await page("/api/items?page_size=100")).next, null);
});

Deno.test("lists: invalid or out-of-range pages are 404 Invalid page.", async () => {
  for (const bad of ["0", "-1", "abc", "", "1.5", "4"]) {
    deepStrictEqual(await get(`/api/items?page=${bad}`), {
      status: 404,
      body: { detail: "Invalid page." },
    }, bad);
  }
  deepStrictEqual((await get("/api/items?page=2&page_size=all")).status, 404);
  deepStrictEqual(await page("/api/items", appFor([])), {
    count: 0,
    next: null,
    previous: null,
    results: [],
  });
  strictEqual((await get("/api/items?page=2", undefined, appFor([]))).status, 404);
});

Deno.test("lists: search terms are ANDed, fields ORed, case-insensitive contains", async () => {
  const search = async (terms: string) =>
    (await page(`/api/items?page_size=all&search=${encodeURIComponent(terms)}`)).results;
  const expect = (test: (item: Item) => boolean) => ITEMS.filter(test).map((i) => i.id).reverse();
  const has = (item: Item, term: string) =>
    item.name.toLowerCase().includes(term) || !!item.owner?.toLowerCase().includes(term);
  deepStrictEqual(await search("CAT"), expect((i) => has(i, "cat")));
  deepStrictEqual(await search("cat ann"), expect((i) => has(i, "cat") && has(i, "ann")));
  deepStrictEqual(await search("cat,ann"), expect((i) => has(i, "cat") && has(i, "ann")));
  deepStrictEqual(await search(" ,cat,, \tANN "), expect((i) => has(i, "cat") && has(i, "ann")));
  deepStrictEqual(await search("bob"), expect((i) => has(i, "bob")));
  deepStrictEqual(await search("nothing-like-it"), []);
  deepStrictEqual(await search(" , "), ids(25, 1));
  const noSearch = appFor(ITEMS, { ...SPEC, search: {} });
  deepStrictEqual((await page("/api/items?search=zzz", noSearch)).results, ids(25, 16));
});

Deno.test("lists: sort by several fields, - descending, unknown fields dropped", async () => {
  const sorted = async (sort: string) =>
    (await page(`/api/items?page_size=all&sort=${encodeURIComponent(sort)}`)).results;
  const byNameThenId = [...ITEMS].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id
  );
  deepStrictEqual(await sorted("name"), byNameThenId.map((i) => i.id));
  deepStrictEqual(await sorted("-name"), byNameThenId.map((i) => i.id).reverse());
  deepStrictEqual(await sorted("id"), ids(1, 25));
  deepStrictEqual(await sorted("nope,id"), ids(1, 25));
  deepStrictEqual(await sorted("nope,--id,status"), ids(25, 1));
  deepStrictEqual(await sorted(""), ids(25, 1));
  // Ties are broken by ascending id; nulls come last ascending and first descending.
  const bySize = await sorted("size");
  const sizeOf = (id: number) => ITEMS[id - 1].size;
  deepStrictEqual(bySize.slice(-5), [1, 6, 11, 16, 21]);
  for (let i = 1; i < 20; i++) {
    const [a, b] = [sizeOf(bySize[i - 1])!, sizeOf(bySize[i])!];
    strictEqual(a < b || (a === b && bySize[i - 1] < bySize[i]), true);
  }
  deepStrictEqual((await sorted("-size")).slice(0, 5), [1, 6, 11, 16, 21]);
  deepStrictEqual(await sorted("done,-id"), [
    ...ITEMS.filter((i) => !i.done).map((i) => i.id).reverse(),
    ...ITEMS.filter((i) => i.done).map((i) => i.id).reverse(),
  ]);
  const labels = appFor(ITEMS, { ...SPEC, defaultSort: "id" });
  deepStrictEqual((await page("/api/items", labels)).results, ids(1, 10));
});

Deno.test("lists: simple filters are exact and type-checked", async () => {
  const filtered = async (query: string) =>
    (await page(`/api/items?page_size=all&${query}`)).results;
  const expect = (test: (item: Item) => boolean) => ITEMS.filter(test).map((i) => i.id).reverse();
  deepStrictEqual(await filtered("owner=ann"), expect((i) => i.owner === "ann"));
  deepStrictEqual(await filtered("owner=an"), []);
  deepStrictEqual(await filtered("owner=%20ann%20"), expect((i) => i.owner === "ann"));
  deepStrictEqual(await filtered("size=7"), expect((i) => i.size === 7));
  deepStrictEqual(await filtered("size=7.0"), expect((i) => i.size === 7));
  deepStrictEqual(await filtered("status=validation"), expect((i) => i.status === "validation"));
  deepStrictEqual(await filtered("done=true"), expect((i) => i.done));
  deepStrictEqual(await filtered("done=0"), expect((i) => !i.done));
  deepStrictEqual(await filtered("done=False"), expect((i) => !i.done));
  deepStrictEqual(await filtered("done=maybe"), ids(25, 1));
  deepStrictEqual(await filtered("size=&status=&owner="), ids(25, 1));
  deepStrictEqual(await filtered("unknown=1&id=3"), ids(25, 1));
  deepStrictEqual(
    await filtered("owner=bob&status=completed&done=1"),
    expect((i) => i.owner === "bob" && i.status === "completed" && i.done),
  );
  deepStrictEqual(await filtered("size=1&size=3"), expect((i) => i.size === 3));
});

Deno.test("lists: bad simple filter values are 400 field errors", async () => {
  deepStrictEqual(await get("/api/items?size=abc"), {
    status: 400,
    body: { size: ["Enter a number."] },
  });
  deepStrictEqual(await get("/api/items?status=done&size=1e&filter=%7B%7D"), {
    status: 400,
    body: {
      size: ["Enter a number."],
      status: ["Select a valid choice. done is not one of the available choices."],
    },
  });
});

Deno.test("lists: filter= goes through to a 400 with a plain list body", async () => {
  const filter = (rules: string) => get(`/api/items?filter=${encodeURIComponent(rules)}`);
  deepStrictEqual(await filter("{}"), { status: 400, body: ["filter shouldn't be empty"] });
  deepStrictEqual(await filter("{x"), {
    status: 400,
    body: ["filter: Json syntax should be used"],
  });
  deepStrictEqual(await filter('{"var":"status"}'), {
    status: 400,
    body: ["filter: 'status' term is not supported"],
  });
  // An empty filter= is no filter; filter errors come before page errors.
  deepStrictEqual((await page("/api/items?filter=")).count, 25);
  strictEqual((await get("/api/items?filter=%7B%7D&page=99")).status, 400);
  const body = await page(
    `/api/items?page_size=all&sort=id&filter=${
      encodeURIComponent('{"and":[{"var":"owner"},{"<":[{"var":"size"},5]}]}')
    }`,
  );
  deepStrictEqual(
    body.results,
    ITEMS.filter((i) => i.owner !== null && i.size !== null && i.size < 5).map((i) => i.id),
  );
});

Deno.test("lists: search, filter and simple filters combine, then sort and page", async () => {
  const rules = encodeURIComponent('{">":[{"var":"id"},3]}');
  const body = await page(`/api/items?search=a&filter=${rules}&done=1&sort=name&page_size=2`);
  const all = ITEMS.filter((i) =>
    i.id > 3 && i.done && (i.name.toLowerCase().includes("a") || !!i.owner?.includes("a"))
  ).sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id);
  strictEqual(body.count, all.length);
  deepStrictEqual(body.results, all.slice(0, 2).map((i) => i.id));
});

Deno.test("lists: org= (empty) is the sandbox; named organizations do not exist", async () => {
  strictEqual((await page("/api/items?org=")).count, 25);
  strictEqual((await page("/api/items?org_id=")).count, 25);
  strictEqual((await get("/api/items", { headers: { "X-Organization": "" } })).status, 200);
  deepStrictEqual(await get("/api/items?org=acme"), {
    status: 404,
    body: { detail: "acme organization does not exist." },
  });
  deepStrictEqual(await get("/api/items?org_id=7"), {
    status: 404,
    body: { detail: "7 organization does not exist." },
  });
  deepStrictEqual(await get("/api/items", { headers: { "X-Organization": "acme" } }), {
    status: 404,
    body: { detail: "acme organization does not exist." },
  });
  const both = await get("/api/items?org_id=1&org=acme");
  strictEqual(both.status, 400);
  strictEqual(Array.isArray(both.body) && both.body[0].includes('"org_id"'), true);
  strictEqual(
    (await get("/api/items?org_id=1", { headers: { "X-Organization": "a" } })).status,
    400,
  );
  strictEqual((await get("/api/items?org=a", { headers: { "X-Organization": "b" } })).status, 400);
  strictEqual((await get("/api/items?org=", { headers: { "X-Organization": "b" } })).status, 400);
  // The organization is checked before bad filters.
  strictEqual((await get("/api/items?org=acme&size=abc")).status, 404);
});
