import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { json, login, send, testApp } from "./_client.ts";

const EMPTY = { count: 0, next: null, previous: null, results: [] };
const COLLECTIONS = [
  "/api/organizations",
  "/api/memberships",
  "/api/invitations",
  "/api/cloudstorages",
];

async function adminApp() {
  const t = testApp();
  return { ...t, headers: (await login(t.app, "admin", "s3cret!")).headers };
}

Deno.test("the organization lists are empty pages, as the UI asks for them", async () => {
  const t = await adminApp();
  const filter = encodeURIComponent(
    '{"and":[{"==":[{"var":"user_id"},"1"]},{"==":[{"var":"accepted"},false]}]}',
  );
  const paths = [
    ...COLLECTIONS,
    "/api/organizations?org=",
    `/api/invitations?page=1&filter=${filter}&page_size=11`,
    "/api/cloudstorages?page_size=12&page=1&org=",
    "/api/memberships?search=ann&sort=-id",
  ];
  for (const path of paths) {
    const res = await t.app.request(path, { headers: t.headers });
    strictEqual(res.status, 200, path);
    deepStrictEqual(await json(res), EMPTY);
    ok(res.headers.get("x-request-id"));
  }
});

Deno.test("the lists need credentials", async () => {
  const t = testApp();
  for (const path of COLLECTIONS) {
    const res = await t.app.request(path);
    strictEqual(res.status, 401, path);
    deepStrictEqual(await json(res), { detail: "Authentication credentials were not provided." });
  }
});

Deno.test("list parameters are checked as on every list", async () => {
  const t = await adminApp();
  const page = await t.app.request("/api/organizations?page=2", { headers: t.headers });
  strictEqual(page.status, 404);
  deepStrictEqual(await json(page), { detail: "Invalid page." });
  const org = await t.app.request("/api/invitations?org=acme", { headers: t.headers });
  strictEqual(org.status, 404);
  deepStrictEqual(await json(org), { detail: "acme organization does not exist." });
  const filter = await t.app.request("/api/organizations?filter=%7Bnot", { headers: t.headers });
  strictEqual(filter.status, 400);
  deepStrictEqual(await json(filter), ["filter: Json syntax should be used"]);
});

Deno.test("single organizations, memberships, invitations and cloud storages do not exist", async () => {
  const t = await adminApp();
  const cases: [string, string][] = [
    ["GET", "/api/organizations/1"],
    ["PATCH", "/api/organizations/1"],
    ["DELETE", "/api/organizations/1"],
    ["GET", "/api/memberships/1"],
    ["GET", "/api/invitations/some-key"],
    ["POST", "/api/invitations/some-key/accept"],
    ["POST", "/api/invitations/some-key/decline"],
    ["GET", "/api/cloudstorages/1"],
    ["GET", "/api/cloudstorages/1/content-v2"],
  ];
  for (const [method, path] of cases) {
    const res = await send(t.app, method, path, method === "GET" ? undefined : {}, t.headers);
    strictEqual(res.status, 404, `${method} ${path}`);
    deepStrictEqual(await json(res), { detail: "Not found." });
  }
  const anonymous = await t.app.request("/api/organizations/1");
  strictEqual(anonymous.status, 401);
  await anonymous.body?.cancel();
});

Deno.test("creating organizations, invitations or cloud storages is refused clearly", async () => {
  const t = await adminApp();
  const bodies: [string, unknown][] = [
    ["/api/organizations", { slug: "acme", name: "Acme" }],
    ["/api/invitations", { role: "worker", email: "x@example.com" }],
    ["/api/cloudstorages", { provider_type: "AWS_S3_BUCKET", resource: "b" }],
  ];
  for (const [path, body] of bodies) {
    const res = await send(t.app, "POST", path, body, t.headers);
    strictEqual(res.status, 403, path);
    ok((await json(res)).detail.includes("not supported"));
  }
  const list = await t.app.request("/api/organizations", { headers: t.headers });
  deepStrictEqual(await json(list), EMPTY);
});
