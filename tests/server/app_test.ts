import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { createApp } from "../../server.ts";

Deno.test("health answers 200 in-process", async () => {
  const res = await createApp().request("/api/server/health/");
  strictEqual(res.status, 200);
  const body = await res.json();
  ok(Object.values(body).every((v) => v === "working"));
});

Deno.test("about reports CVAT's name and a PEP 440 version over a real HTTP round trip", async () => {
  const app = createApp();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, app.fetch);
  try {
    const res = await fetch(`http://127.0.0.1:${server.addr.port}/api/server/about`);
    strictEqual(res.status, 200);
    const body = await res.json();
    strictEqual(body.name, "Computer Vision Annotation Tool");
    ok(/^\d+\.\d+\.\d+$/.test(body.version));
  } finally {
    await server.shutdown();
  }
});

Deno.test("unknown routes are 404", async () => {
  const res = await createApp().request("/api/nothing");
  strictEqual(res.status, 404);
  deepStrictEqual(res.ok, false);
  await res.body?.cancel();
});
