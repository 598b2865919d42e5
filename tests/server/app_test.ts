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

Deno.test("the default export (deno serve) builds its app and KV store on the first request", async () => {
  const dir = await Deno.makeTempDir();
  Deno.env.set("CVAT_KV_PATH", `${dir}/edge.kv`);
  try {
    // A fresh module instance, so that the lazily built app is this test's.
    const { default: edge } = await import(`../../server.ts?edge=${crypto.randomUUID()}`);
    const before = [...Deno.readDirSync(dir)].length;
    const res = await edge.fetch(new Request("http://localhost/api/server/health/"));
    strictEqual(res.status, 200);
    await res.body?.cancel();
    strictEqual(before, 0, "nothing is opened at import time");
    ok([...Deno.readDirSync(dir)].length > 0, "the KV file exists after the first request");
  } finally {
    Deno.env.delete("CVAT_KV_PATH");
  }
});
