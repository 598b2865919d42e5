import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { Hono } from "../../lib/server/deps.ts";
import type { Env } from "../../lib/server/context.ts";
import { registerConventions } from "../../lib/server/conventions.ts";
import { methodNotAllowedFallback } from "../../lib/server/server_routes.ts";
import { formatsJson } from "../../lib/server/server_formats.ts";
import { listFormats } from "../../lib/formats/mod.ts";
import { memoryStore } from "../../lib/store/memory.ts";
import { json, login, send, testApp } from "./_client.ts";

const ANONYMOUS_DETAIL = { detail: "Authentication credentials were not provided." };

Deno.test("health answers 200 with the store's state, with and without ?format=json", async () => {
  const { app } = testApp();
  for (const path of ["/api/server/health/", "/api/server/health/?format=json&org="]) {
    const res = await app.request(path);
    strictEqual(res.status, 200);
    deepStrictEqual(await json(res), { Store: "working" });
  }
});

Deno.test("health needs the trailing slash and a known format", async () => {
  const { app } = testApp();
  for (const path of ["/api/server/health", "/api/server/health/?format=xml"]) {
    const res = await app.request(path);
    strictEqual(res.status, 404, path);
    deepStrictEqual(await json(res), { detail: "Not found." });
  }
});

Deno.test("health answers 503 when the store fails", async () => {
  const store = memoryStore();
  store.users.count = () => Promise.reject(new Error("disk is gone"));
  const { app } = testApp({ store });
  const res = await app.request("/api/server/health/?format=json");
  strictEqual(res.status, 503);
  deepStrictEqual(await json(res), { Store: "unavailable: disk is gone" });
});

Deno.test("about is public and has exactly CVAT 2.15's keys", async () => {
  const { app } = testApp();
  const res = await app.request("/api/server/about");
  strictEqual(res.status, 200);
  const body = await json(res);
  deepStrictEqual(Object.keys(body).sort(), ["description", "name", "version"]);
  strictEqual(body.name, "Computer Vision Annotation Tool");
  strictEqual(body.version, "2.15.0");
  ok(body.description.length > 20 && body.description.length <= 2048);
});

Deno.test("about reports the configured version", async () => {
  const { app } = testApp({ version: "2.15.3" });
  strictEqual((await json(await app.request("/api/server/about"))).version, "2.15.3");
});

Deno.test("formats and plugins need credentials", async () => {
  const { app } = testApp();
  for (const path of ["/api/server/annotation/formats", "/api/server/plugins"]) {
    const res = await app.request(path);
    strictEqual(res.status, 401, path);
    deepStrictEqual(await json(res), ANONYMOUS_DETAIL);
  }
});

Deno.test("formats come from the formats library; plugins are all off", async () => {
  const { app } = testApp();
  const admin = await login(app, "admin", "s3cret!");
  const formats = await app.request("/api/server/annotation/formats?org=", {
    headers: admin.headers,
  });
  strictEqual(formats.status, 200);
  const body = await json(formats);
  deepStrictEqual(body, formatsJson(listFormats()));
  ok(body.exporters.some((f: { name: string }) => f.name === "CVAT for images 1.1"));
  ok(body.importers.some((f: { name: string }) => f.name === "CVAT 1.1"));
  const plugins = await app.request("/api/server/plugins?org=", { headers: admin.headers });
  deepStrictEqual(await json(plugins), {
    GIT_INTEGRATION: false,
    ANALYTICS: false,
    MODELS: false,
    PREDICT: false,
  });
});

Deno.test("formatsJson splits importers and exporters and marks them enabled", () => {
  const body = formatsJson([
    {
      name: "CVAT 1.1",
      ext: "XML, ZIP",
      version: "1.1",
      importer: true,
      exporter: false,
      dimension: "2d",
    },
    {
      name: "COCO 1.0",
      ext: "JSON, ZIP",
      version: "1.0",
      importer: true,
      exporter: true,
      dimension: "2d",
    },
  ]);
  deepStrictEqual(body.importers.map((f) => f.name), ["CVAT 1.1", "COCO 1.0"]);
  deepStrictEqual(body.exporters, [
    { name: "COCO 1.0", ext: "JSON, ZIP", version: "1.0", enabled: true, dimension: "2d" },
  ]);
});

Deno.test("user agreements are public and empty; the share needs a user", async () => {
  const { app } = testApp();
  const res = await app.request("/api/user-agreements?org=");
  strictEqual(res.status, 200);
  deepStrictEqual(await json(res), []);
  const anonymous = await app.request("/api/server/share?directory=/");
  strictEqual(anonymous.status, 401);
  deepStrictEqual(await json(anonymous), ANONYMOUS_DETAIL);
  const admin = await login(app, "admin", "s3cret!");
  const share = await app.request("/api/server/share?directory=/", { headers: admin.headers });
  strictEqual(share.status, 200);
  deepStrictEqual(await json(share), []);
});

Deno.test("every answer has an X-Request-Id and CVAT's JSON content type", async () => {
  const { app } = testApp();
  const ids = new Set<string>();
  for (const path of ["/api/server/about", "/api/server/plugins", "/api/nothing"]) {
    const res = await app.request(path);
    const id = res.headers.get("x-request-id") ?? "";
    ok(/^[0-9a-f-]{36}$/.test(id), path);
    ids.add(id);
    ok(res.headers.get("content-type")!.startsWith("application/vnd.cvat+json"), path);
    await res.body?.cancel();
  }
  strictEqual(ids.size, 3);
});

Deno.test("an unknown API version in Accept is a 406", async () => {
  const { app } = testApp();
  const res = await app.request("/api/server/about", {
    headers: { Accept: "application/vnd.cvat+json; version=1.0" },
  });
  strictEqual(res.status, 406);
  deepStrictEqual(await json(res), { detail: 'Invalid version in "Accept" header.' });
  const ok20 = await app.request("/api/server/about", {
    headers: { Accept: "application/vnd.cvat+json; version=2.0" },
  });
  strictEqual(ok20.status, 200);
  strictEqual(ok20.headers.get("content-type"), "application/vnd.cvat+json; version=2.0");
  await ok20.body?.cancel();
});

Deno.test("fallback: a known path with another method is a 405 with Allow", async () => {
  const { app } = testApp();
  methodNotAllowedFallback(app);
  const admin = await login(app, "admin", "s3cret!");
  const res = await send(app, "PUT", "/api/server/about", {}, admin.headers);
  strictEqual(res.status, 405);
  deepStrictEqual(await json(res), { detail: 'Method "PUT" not allowed.' });
  strictEqual(res.headers.get("allow"), "GET, HEAD, OPTIONS");
  ok(res.headers.get("x-request-id"));
  const del = await send(app, "DELETE", "/api/requests/abc/cancel", undefined, admin.headers);
  strictEqual(del.status, 405);
  deepStrictEqual(await json(del), { detail: 'Method "DELETE" not allowed.' });
});

Deno.test("fallback: anonymous callers get 401 first except on public paths", async () => {
  const { app } = testApp();
  methodNotAllowedFallback(app);
  const protectedPath = await send(app, "DELETE", "/api/server/plugins");
  strictEqual(protectedPath.status, 401);
  deepStrictEqual(await json(protectedPath), ANONYMOUS_DETAIL);
  const publicPath = await send(app, "POST", "/api/server/health/", {});
  strictEqual(publicPath.status, 405);
  deepStrictEqual(await json(publicPath), { detail: 'Method "POST" not allowed.' });
});

Deno.test("fallback: unknown paths stay 404 and OPTIONS lists the methods", async () => {
  const { app } = testApp();
  methodNotAllowedFallback(app);
  for (const method of ["GET", "PUT"]) {
    const res = await send(app, method, "/api/nothing/here");
    strictEqual(res.status, 404);
    deepStrictEqual(await json(res), { detail: "Not found." });
  }
  const options = await send(app, "OPTIONS", "/api/server/about");
  strictEqual(options.status, 200);
  strictEqual(options.headers.get("allow"), "GET, HEAD, OPTIONS");
  await options.body?.cancel();
});

Deno.test("fallback on a small app: params, regex params, trailing slashes", async () => {
  const app = new Hono<Env>();
  registerConventions(app, { store: memoryStore(), options: {}, ready: () => Promise.resolve() });
  app.use("*", async (c, next) => {
    c.set("user", c.req.header("x-user") ? { id: 1 } as never : null);
    await next();
  });
  app.get("/api/things/:id{[0-9]+}", (c) => c.json({ id: c.req.param("id") }));
  app.on(["PATCH", "DELETE"], "/api/things/:id{[0-9]+}", (c) => c.json({}));
  app.post("/api/things/:id/run/", (c) => c.json({}));
  methodNotAllowedFallback(app);
  const user = { "x-user": "1" };
  const put = await app.request("/api/things/5", { method: "PUT", headers: user });
  strictEqual(put.status, 405);
  strictEqual(put.headers.get("allow"), "GET, PATCH, DELETE, HEAD, OPTIONS");
  deepStrictEqual(await json(put), { detail: 'Method "PUT" not allowed.' });
  const notNumeric = await app.request("/api/things/abc", { method: "PUT", headers: user });
  strictEqual(notNumeric.status, 404);
  const run = await app.request("/api/things/abc/run/", { headers: user });
  strictEqual(run.status, 405);
  strictEqual(run.headers.get("allow"), "POST, OPTIONS");
  const noSlash = await app.request("/api/things/abc/run", { headers: user });
  strictEqual(noSlash.status, 404);
  const anonymous = await app.request("/api/things/5", { method: "PUT" });
  strictEqual(anonymous.status, 401);
  strictEqual(anonymous.headers.get("www-authenticate"), "Token");
  const found = await app.request("/api/things/7", { headers: user });
  deepStrictEqual(await json(found), { id: "7" });
  for (const res of [notNumeric, run, noSlash, anonymous]) await res.body?.cancel();
});
