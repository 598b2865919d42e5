import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { createUser, json, type Login, login, send, testApp } from "./_client.ts";

const FULL_KEYS = [
  "url",
  "id",
  "username",
  "first_name",
  "last_name",
  "email",
  "groups",
  "is_staff",
  "is_superuser",
  "is_active",
  "last_login",
  "date_joined",
].sort();
const BASIC_KEYS = ["url", "id", "username", "first_name", "last_name"].sort();
const keys = (o: Record<string, unknown>) => Object.keys(o).sort();

/** An app with admin (1), ann (2), bob (3) and cid (4), all logged in. */
async function setup() {
  const t = testApp();
  await createUser(t, "ann", "pw-ann-1");
  await createUser(t, "bob", "pw-bob-1");
  await createUser(t, "cid", "pw-cid-1", ["worker"]);
  const admin = await login(t.app, "admin", "s3cret!");
  const ann = await login(t.app, "ann", "pw-ann-1");
  const bob = await login(t.app, "bob", "pw-bob-1");
  return { ...t, admin, ann, bob };
}

const get = async (t: { app: Parameters<typeof send>[0] }, path: string, who?: Login) => {
  const res = await send(t.app, "GET", path, undefined, who?.headers ?? {});
  return { status: res.status, body: await json(res) };
};

Deno.test("users/self: 401 anonymous, full User when logged in", async () => {
  const t = await setup();
  const anon = await t.app.request("/api/users/self");
  strictEqual(anon.status, 401);
  strictEqual(anon.headers.get("WWW-Authenticate"), "Token");
  deepStrictEqual(await json(anon), { detail: "Authentication credentials were not provided." });
  const admin = await get(t, "/api/users/self", t.admin);
  deepStrictEqual(keys(admin.body), FULL_KEYS);
  strictEqual(admin.body.url, "http://localhost/api/users/1");
  deepStrictEqual(admin.body.groups, ["admin"]);
  const ann = await get(t, "/api/users/self", t.ann);
  deepStrictEqual(keys(ann.body), FULL_KEYS);
  strictEqual(ann.body.id, 2);
  ok(ann.body.last_login);
});

Deno.test("users list: admin sees everyone in full, others only themselves as BasicUser", async () => {
  const t = await setup();
  const all = await get(t, "/api/users", t.admin);
  strictEqual(all.status, 200);
  strictEqual(all.body.count, 4);
  deepStrictEqual(all.body.results.map((u: { id: number }) => u.id), [4, 3, 2, 1]);
  deepStrictEqual(keys(all.body.results[0]), FULL_KEYS);
  const mine = await get(t, "/api/users?page_size=all", t.ann);
  deepStrictEqual(mine.body, {
    count: 1,
    next: null,
    previous: null,
    results: [{
      url: "http://localhost/api/users/2",
      id: 2,
      username: "ann",
      first_name: "",
      last_name: "",
    }],
  });
  deepStrictEqual(keys(mine.body.results[0]), BASIC_KEYS);
  strictEqual((await get(t, "/api/users")).status, 401);
});

Deno.test("users list: pages, search, sort and simple filters", async () => {
  const t = await setup();
  const page = await get(t, "/api/users?page_size=3", t.admin);
  strictEqual(page.body.next, "http://localhost/api/users?page=2&page_size=3");
  strictEqual(page.body.results.length, 3);
  const second = await get(t, "/api/users?page_size=3&page=2", t.admin);
  strictEqual(second.body.previous, "http://localhost/api/users?page_size=3");
  deepStrictEqual(second.body.results.map((u: { id: number }) => u.id), [1]);
  for (const bad of ["page=0", "page=abc", "page=3&page_size=3"]) {
    const res = await get(t, `/api/users?${bad}`, t.admin);
    strictEqual(res.status, 404, bad);
    deepStrictEqual(res.body, { detail: "Invalid page." });
  }
  const names = async (query: string) =>
    (await get(t, `/api/users?page_size=all&${query}`, t.admin)).body.results.map((
      u: { username: string },
    ) => u.username);
  deepStrictEqual(await names("sort=username"), ["admin", "ann", "bob", "cid"]);
  deepStrictEqual(await names("sort=-username"), ["cid", "bob", "ann", "admin"]);
  deepStrictEqual(await names("sort=nonsense"), ["cid", "bob", "ann", "admin"]);
  deepStrictEqual(await names("search=AN&sort=id"), ["ann"]);
  deepStrictEqual(await names("search=a,n&sort=id"), ["admin", "ann"]);
  deepStrictEqual(await names("username=bob"), ["bob"]);
  const bob = (await t.store.users.get(3))!;
  await t.store.users.update({ ...bob, isActive: false });
  deepStrictEqual(await names("is_active=false"), ["bob"]);
  deepStrictEqual(await names("is_active=true&sort=id"), ["admin", "ann", "cid"]);
  deepStrictEqual(
    await names(`filter=${encodeURIComponent('{"==":[{"var":"username"},"cid"]}')}`),
    ["cid"],
  );
});

Deno.test("user detail: self or admin; others 403; missing 404", async () => {
  const t = await setup();
  const self = await get(t, "/api/users/2", t.ann);
  strictEqual(self.status, 200);
  deepStrictEqual(keys(self.body), FULL_KEYS);
  const byAdmin = await get(t, "/api/users/3", t.admin);
  strictEqual(byAdmin.body.username, "bob");
  deepStrictEqual(keys(byAdmin.body), FULL_KEYS);
  // Two users cannot see each other.
  for (const [who, id] of [[t.ann, 3], [t.bob, 2], [t.ann, 1]] as const) {
    const res = await get(t, `/api/users/${id}`, who);
    strictEqual(res.status, 403);
    deepStrictEqual(res.body, { detail: "You do not have permission to perform this action." });
  }
  for (const path of ["/api/users/99", "/api/users/abc", "/api/users/99999999999"]) {
    const res = await get(t, path, t.ann);
    strictEqual(res.status, 404, path);
    deepStrictEqual(res.body, { detail: "Not found." });
  }
  strictEqual((await get(t, "/api/users/2")).status, 401);
});

Deno.test("PATCH user: a non-staff user edits their own names and email", async () => {
  const t = await setup();
  const res = await send(t.app, "PATCH", "/api/users/2", {
    first_name: " Ann ",
    last_name: "Lee",
    email: "ann@lee.org",
    id: 77,
    url: "x",
  }, t.ann.headers);
  strictEqual(res.status, 200);
  deepStrictEqual(await json(res), {
    url: "http://localhost/api/users/2",
    id: 2,
    username: "ann",
    first_name: "Ann",
    last_name: "Lee",
  });
  const stored = (await t.store.users.get(2))!;
  strictEqual(stored.email, "ann@lee.org");
  deepStrictEqual(stored.groups, ["user"]);
  const other = await send(t.app, "PATCH", "/api/users/3", { first_name: "X" }, t.ann.headers);
  strictEqual(other.status, 403);
  await other.body?.cancel();
  const missing = await send(t.app, "PATCH", "/api/users/99", { first_name: "X" }, t.ann.headers);
  strictEqual(missing.status, 404);
  await missing.body?.cancel();
});

Deno.test("PATCH user: bad input is a 400 and changes nothing", async () => {
  const t = await setup();
  const before = await t.store.users.get(2);
  const cases: [unknown, unknown][] = [
    [{ is_staff: true }, {
      non_field_errors: [
        "You do not have permissions to access some of these fields: {'is_staff'}",
      ],
    }],
    [{ groups: ["admin"], is_superuser: true }, {
      non_field_errors: [
        "You do not have permissions to access some of these fields: {'groups', 'is_superuser'}",
      ],
    }],
    [{ is_active: false }, { non_field_errors: ["Got unknown fields: {'is_active'}"] }],
    [{ first_name: "x".repeat(151) }, {
      first_name: ["Ensure this field has no more than 150 characters."],
    }],
    [{ first_name: ["x"] }, { first_name: ["Not a valid string."] }],
    [{ username: "bob" }, { username: ["A user with that username already exists."] }],
    [{ username: "" }, { username: ["This field may not be blank."] }],
    [{ email: "nope" }, { email: ["Enter a valid email address."] }],
    [[], { non_field_errors: ["Invalid data. Expected a dictionary, but got list."] }],
  ];
  for (const [body, expected] of cases) {
    const res = await send(t.app, "PATCH", "/api/users/2", body, t.ann.headers);
    strictEqual(res.status, 400, JSON.stringify(body).slice(0, 80));
    deepStrictEqual(await json(res), expected);
  }
  const broken = await send(t.app, "PATCH", "/api/users/2", '{"first_name":', t.ann.headers);
  strictEqual(broken.status, 400);
  ok((await json(broken)).detail.startsWith("JSON parse error - "));
  deepStrictEqual(await t.store.users.get(2), before);
});

Deno.test("PATCH user: an admin sets groups and flags, with checks", async () => {
  const t = await setup();
  const patch = (body: unknown) => send(t.app, "PATCH", "/api/users/3", body, t.admin.headers);
  const res = await patch({ groups: ["business", "user"], is_staff: "true", username: "bobby" });
  strictEqual(res.status, 200);
  const body = await json(res);
  deepStrictEqual(keys(body), FULL_KEYS);
  deepStrictEqual(body.groups, ["business", "user"]);
  strictEqual(body.is_staff, true);
  strictEqual(body.username, "bobby");
  const cases: [unknown, unknown][] = [
    [{ groups: ["boss"] }, { groups: ["Object with name=boss does not exist."] }],
    [{ groups: "admin" }, { groups: ['Expected a list of items but got type "str".'] }],
    [{ is_active: "maybe" }, { is_active: ["Must be a valid boolean."] }],
    [{ is_superuser: null }, { is_superuser: ["This field may not be null."] }],
  ];
  for (const [input, expected] of cases) {
    const bad = await patch(input);
    strictEqual(bad.status, 400);
    deepStrictEqual(await json(bad), expected);
  }
  // Deactivating a user locks them out at once.
  strictEqual((await patch({ is_active: false })).status, 200);
  const locked = await send(t.app, "GET", "/api/users/self", undefined, t.bob.headers);
  strictEqual(locked.status, 401);
  deepStrictEqual(await json(locked), { detail: "User inactive or deleted." });
});

Deno.test("DELETE user: self or admin; the account and its token are gone", async () => {
  const t = await setup();
  const other = await send(t.app, "DELETE", "/api/users/3", undefined, t.ann.headers);
  strictEqual(other.status, 403);
  await other.body?.cancel();
  const self = await send(t.app, "DELETE", "/api/users/2", undefined, t.ann.headers);
  strictEqual(self.status, 204);
  strictEqual(await self.text(), "");
  strictEqual(await t.store.users.get(2), null);
  strictEqual((await get(t, "/api/users/self", t.ann)).status, 401);
  strictEqual(
    (await send(t.app, "DELETE", "/api/users/3", undefined, t.admin.headers)).status,
    204,
  );
  strictEqual((await get(t, "/api/users/3", t.admin)).status, 404);
  strictEqual(
    (await send(t.app, "DELETE", "/api/users/3", undefined, t.admin.headers)).status,
    404,
  );
});

Deno.test("users routes answer 405 for other methods, after authentication", async () => {
  const t = await setup();
  for (
    const [method, path] of [["POST", "/api/users"], ["PUT", "/api/users/2"], [
      "PATCH",
      "/api/users/self",
    ]]
  ) {
    const res = await send(t.app, method, path, {}, t.ann.headers);
    strictEqual(res.status, 405, `${method} ${path}`);
    deepStrictEqual(await json(res), { detail: `Method "${method}" not allowed.` });
    const anon = await send(t.app, method, path, {});
    strictEqual(anon.status, 401);
    await anon.body?.cancel();
  }
  strictEqual((await get(t, "/api/users/", t.ann)).status, 404);
});
