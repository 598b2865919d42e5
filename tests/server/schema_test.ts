import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { Hono } from "../../lib/server/deps.ts";
import type { Env, ServerContext } from "../../lib/server/context.ts";
import { registerConventions } from "../../lib/server/conventions.ts";
import { registerServerRoutes } from "../../lib/server/server_routes.ts";
import { isPublicPath, openApiDocument } from "../../lib/server/schema.ts";
import { openApiPath, routeRegex } from "../../lib/server/server_route_patterns.ts";
import { memoryStore } from "../../lib/store/memory.ts";
import { json, testApp } from "./_client.ts";

/** A bare app with the server routes plus routes of our own. */
function smallApp(extra: (app: Hono<Env>) => void): Hono<Env> {
  const ctx: ServerContext = {
    store: memoryStore(),
    options: { version: "2.15.0" },
    ready: () => Promise.resolve(),
  };
  const app = new Hono<Env>();
  registerConventions(app, ctx);
  registerServerRoutes(app, ctx);
  extra(app);
  return app;
}

Deno.test("the schema is generated from the registered routes, read at request time", async () => {
  const app = smallApp((app) => {
    app.get("/api/widgets", (c) => c.json([]));
    app.post("/api/widgets", (c) => c.json({}));
    app.on(["GET", "PATCH"], "/api/widgets/:id{[0-9]+}", (c) => c.json({}));
  });
  app.delete("/api/late/:id", (c) => c.json({})); // registered after the schema route
  const res = await app.request("/api/schema/?scheme=json");
  strictEqual(res.status, 200);
  const doc = await json(res);
  strictEqual(doc.openapi, "3.0.3");
  deepStrictEqual(
    { title: doc.info.title, version: doc.info.version },
    { title: "CVAT REST API", version: "2.15.0" },
  );
  deepStrictEqual(Object.keys(doc.paths["/api/widgets"]).sort(), ["get", "post"]);
  deepStrictEqual(Object.keys(doc.paths["/api/widgets/{id}"]).sort(), ["get", "patch"]);
  deepStrictEqual(Object.keys(doc.paths["/api/late/{id}"]), ["delete"]);
  const param = doc.paths["/api/widgets/{id}"].get.parameters[0];
  deepStrictEqual(param, { name: "id", in: "path", required: true, schema: { type: "integer" } });
  for (const path of ["/api/server/about", "/api/server/health/", "/api/schema/", "/api/docs"]) {
    ok(path in doc.paths, path);
  }
  ok(!Object.keys(doc.paths).some((p) => p.includes("*") || p.includes(":")));
});

Deno.test("operations have ids, summaries, tags, and public ones need no security", () => {
  const doc = openApiDocument([
    { method: "ALL", path: "/*" },
    { method: "POST", path: "/api/auth/login" },
    { method: "GET", path: "/api/tasks/:id" },
    { method: "GET", path: "/api/tasks/:id" },
  ], "2.15.0");
  deepStrictEqual(Object.keys(doc.paths), ["/api/auth/login", "/api/tasks/{id}"]);
  const login = doc.paths["/api/auth/login"].post;
  ok(login.summary.startsWith("Log in"));
  deepStrictEqual(login.tags, ["auth"]);
  deepStrictEqual(login.security, [{}]);
  const task = doc.paths["/api/tasks/{id}"].get;
  strictEqual(task.operationId, "get_tasks");
  strictEqual(task.security, undefined);
  ok("tokenAuth" in doc.components.securitySchemes);
});

// needs auth routes: the UI shows its login, registration and password forms only when the
// schema lists these paths (reference/cvat-ui-calls.md §1).
Deno.test("the real app's schema lists the auth endpoints the UI looks for", async () => {
  const { app } = testApp();
  const res = await app.request("/api/schema/?scheme=json&org=");
  strictEqual(res.status, 200);
  const paths = (await json(res)).paths;
  for (const path of ["/api/auth/login", "/api/auth/register", "/api/auth/password/change"]) {
    ok(path in paths && "post" in paths[path], path);
  }
});

Deno.test("the schema is public and answers JSON or (JSON-as-)YAML by scheme and Accept", async () => {
  const { app } = testApp();
  const cases: [string, Record<string, string>, string][] = [
    ["/api/schema/?scheme=json", {}, "application/vnd.oai.openapi+json"],
    ["/api/schema/", {}, "application/vnd.oai.openapi+json"],
    [
      "/api/schema/",
      { Accept: "application/vnd.oai.openapi+json" },
      "application/vnd.oai.openapi+json",
    ],
    ["/api/schema/", { Accept: "application/json" }, "application/vnd.oai.openapi+json"],
    ["/api/schema/", { Accept: "application/vnd.oai.openapi" }, "application/vnd.oai.openapi;"],
    ["/api/schema/?scheme=yaml", {}, "application/vnd.oai.openapi;"],
  ];
  for (const [path, headers, type] of cases) {
    const res = await app.request(path, { headers });
    strictEqual(res.status, 200, path);
    ok(res.headers.get("content-type")!.startsWith(type), `${path} ${JSON.stringify(headers)}`);
    ok(res.headers.get("x-request-id"));
    strictEqual((await json(res)).info.title, "CVAT REST API");
  }
});

Deno.test("the schema needs its slash and a known scheme; a bad version is 406", async () => {
  const { app } = testApp();
  for (const path of ["/api/schema", "/api/schema/?scheme=xml"]) {
    const res = await app.request(path);
    strictEqual(res.status, 404, path);
    await res.body?.cancel();
  }
  const res = await app.request("/api/schema/", {
    headers: { Accept: "application/vnd.cvat+json; version=1.0" },
  });
  strictEqual(res.status, 406);
  await res.body?.cancel();
});

Deno.test("Hono patterns become OpenAPI paths and regular expressions", () => {
  deepStrictEqual(openApiPath("/api/tasks/:id/annotations/"), {
    path: "/api/tasks/{id}/annotations/",
    params: ["id"],
  });
  strictEqual(openApiPath("/api/*"), null);
  const regex = routeRegex("/api/files/:name{.+\\.png}");
  ok(regex.test("/api/files/a.b.png") && !regex.test("/api/files/a.jpg"));
  const optional = routeRegex("/api/animals/:kind?");
  ok(optional.test("/api/animals") && optional.test("/api/animals/cat"));
  ok(routeRegex("/api/x.y").test("/api/x.y") && !routeRegex("/api/x.y").test("/api/xzy"));
  ok(isPublicPath("/api/auth/login") && !isPublicPath("/api/users/self"));
});
