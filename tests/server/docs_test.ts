import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { Hono } from "../../lib/server/deps.ts";
import type { Env } from "../../lib/server/context.ts";
import { registerConventions } from "../../lib/server/conventions.ts";
import { registerDocsRoutes } from "../../lib/server/docs.ts";
import { memoryStore } from "../../lib/store/memory.ts";
import { json, testApp } from "./_client.ts";

Deno.test("GET /api/docs is a public Swagger UI page on local files and the JSON schema", async () => {
  const { app } = testApp();
  for (const path of ["/api/docs", "/api/docs/"]) {
    const res = await app.request(path);
    strictEqual(res.status, 200, path);
    strictEqual(res.headers.get("content-type"), "text/html; charset=utf-8");
    const html = await res.text();
    ok(html.includes('href="/api/docs/swagger-ui.css"'));
    ok(html.includes('src="/api/docs/swagger-ui-bundle.js"'));
    ok(html.includes('"/api/schema/?scheme=json"'));
    ok(!/https?:\/\//.test(html), "no CDN links");
  }
});

Deno.test("the page's assets are served with their content types", async () => {
  const { app } = testApp();
  const cases: [string, string][] = [
    ["swagger-ui-bundle.js", "text/javascript; charset=utf-8"],
    ["swagger-ui.css", "text/css; charset=utf-8"],
    ["favicon-32x32.png", "image/png"],
  ];
  for (const [name, type] of cases) {
    const res = await app.request(`/api/docs/${name}`);
    strictEqual(res.status, 200, name);
    strictEqual(res.headers.get("content-type"), type);
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (type === "image/png") deepStrictEqual([...bytes.slice(1, 4)], [0x50, 0x4e, 0x47]);
    else ok(bytes.length > 1000, name);
  }
  const bundle = await (await app.request("/api/docs/swagger-ui-bundle.js")).text();
  ok(bundle.includes("SwaggerUIBundle"));
});

Deno.test("only whitelisted files are served", async () => {
  const { app } = testApp();
  for (const name of ["package.json", "index.html", "..%2Fpackage.json", "swagger-ui.js.map"]) {
    const res = await app.request(`/api/docs/${name}`);
    strictEqual(res.status, 404, name);
    deepStrictEqual(await json(res), { detail: "Not found." });
  }
});

Deno.test("without readable files the docs answer 503 with a clear detail, then retry", async () => {
  const app = new Hono<Env>();
  registerConventions(app, { store: memoryStore(), options: {}, ready: () => Promise.resolve() });
  let calls = 0;
  registerDocsRoutes(app, () => {
    calls++;
    return Promise.reject(new Error("no filesystem here"));
  });
  for (const path of ["/api/docs", "/api/docs/swagger-ui.css"]) {
    const res = await app.request(path);
    strictEqual(res.status, 503, path);
    const body = await json(res);
    ok(body.detail.includes("no filesystem here"), body.detail);
    ok(body.detail.includes("/api/schema/"));
  }
  await (await app.request("/api/docs")).body?.cancel();
  strictEqual(calls, 3);
});
