import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { createApp } from "../../lib/server/app.ts";
import { memoryStore } from "../../lib/store/memory.ts";

const INDEX = "<!doctype html><title>CVAT</title><script src=/static/main.abcdef1234.js></script>";
const SECRET = "TOP-SECRET-OUTSIDE-THE-UI";

/** A temporary UI directory (with a secret file and links next to it) and an app serving it. */
async function fixture() {
  const base = await Deno.makeTempDir({ prefix: "cvat_ui_test_" });
  const dir = `${base}/ui`;
  await Deno.mkdir(`${dir}/static`, { recursive: true });
  await Deno.mkdir(`${dir}/nested/deep`, { recursive: true });
  await Deno.writeTextFile(`${base}/secret.txt`, SECRET);
  await Deno.writeTextFile(`${dir}/index.html`, INDEX);
  await Deno.writeTextFile(`${dir}/static/main.abcdef1234.js`, "console.log(1);");
  await Deno.writeTextFile(`${dir}/static/style.css`, "body{}");
  await Deno.writeTextFile(`${dir}/nested/deep/page.txt`, "deep");
  await Deno.writeFile(`${dir}/big.wasm`, new Uint8Array(1_500_000).fill(7));
  await Deno.symlink(`${base}/secret.txt`, `${dir}/link.txt`);
  await Deno.symlink(base, `${dir}/linkdir`);
  await Deno.symlink(`${dir}/static/style.css`, `${dir}/inside.css`);
  const app = createApp({ store: memoryStore(), uiDir: dir, passwordIterations: 1000 });
  return { app, base, cleanup: () => Deno.remove(base, { recursive: true }) };
}

type App = ReturnType<typeof createApp>;

async function get(app: App, path: string, init?: RequestInit) {
  const res = await app.request(path, init);
  return { res, text: await res.text() };
}

Deno.test("ui: / and client-side routes serve index.html with no-cache", async () => {
  const { app, cleanup } = await fixture();
  try {
    for (const path of ["/", "/tasks/1", "/tasks/1/jobs/2", "/auth/login?next=/tasks", "/nested"]) {
      const { res, text } = await get(app, path, { headers: { accept: "text/html" } });
      strictEqual(res.status, 200, path);
      strictEqual(text, INDEX, path);
      strictEqual(res.headers.get("content-type"), "text/html; charset=utf-8");
      strictEqual(res.headers.get("cache-control"), "no-cache");
    }
    const { res } = await get(app, "/index.html");
    strictEqual(res.headers.get("cache-control"), "no-cache");
  } finally {
    await cleanup();
  }
});

Deno.test("ui: assets have their content type and cache policy", async () => {
  const { app, cleanup } = await fixture();
  try {
    const cases: [string, string, string, string][] = [
      [
        "/static/main.abcdef1234.js",
        "text/javascript; charset=utf-8",
        "public, max-age=31536000, immutable",
        "console.log(1);",
      ],
      ["/static/style.css", "text/css; charset=utf-8", "public, max-age=3600", "body{}"],
      ["/nested/deep/page.txt", "text/plain; charset=utf-8", "public, max-age=3600", "deep"],
      ["/inside.css", "text/css; charset=utf-8", "public, max-age=3600", "body{}"],
    ];
    for (const [path, type, cache, body] of cases) {
      const { res, text } = await get(app, path);
      strictEqual(res.status, 200, path);
      strictEqual(res.headers.get("content-type"), type, path);
      strictEqual(res.headers.get("cache-control"), cache, path);
      strictEqual(text, body, path);
    }
  } finally {
    await cleanup();
  }
});

Deno.test("ui: a large file is streamed whole", async () => {
  const { app, cleanup } = await fixture();
  try {
    const res = await app.request("/big.wasm");
    strictEqual(res.status, 200);
    strictEqual(res.headers.get("content-type"), "application/wasm");
    strictEqual(res.headers.get("content-length"), "1500000");
    const bytes = new Uint8Array(await res.arrayBuffer());
    strictEqual(bytes.length, 1_500_000);
    ok(bytes.every((b) => b === 7));
  } finally {
    await cleanup();
  }
});

Deno.test("ui: a missing file with an extension is 404, not the index", async () => {
  const { app, cleanup } = await fixture();
  try {
    for (const path of ["/missing.js", "/static/nope.css", "/nested/deep/gone.txt"]) {
      const { res, text } = await get(app, path);
      strictEqual(res.status, 404, path);
      deepStrictEqual(JSON.parse(text), { detail: "Not found." });
    }
  } finally {
    await cleanup();
  }
});

Deno.test("ui: nothing outside the directory is reachable in-process", async () => {
  const { app, cleanup } = await fixture();
  try {
    const paths = [
      "/../secret.txt",
      "/..%2fsecret.txt",
      "/%2e%2e%2fsecret.txt",
      "/static/..%2f..%2fsecret.txt",
      "/static/..%5c..%5csecret.txt",
      "/%2e%2e%5csecret.txt",
      "/link.txt",
      "/linkdir/secret.txt",
      "/linkdir/ui/../secret.txt",
      "/bad%zzescape.js",
      "/nul%00.txt",
    ];
    for (const path of paths) {
      const { res, text } = await get(app, path);
      strictEqual(res.status, 404, path);
      ok(!text.includes(SECRET), path);
    }
  } finally {
    await cleanup();
  }
});

/** Sends one raw HTTP/1.1 request (the path exactly as given) and returns status and body. */
async function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const request = `GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`;
  await conn.write(new TextEncoder().encode(request));
  const text = await new Response(conn.readable).text();
  const [head, ...rest] = text.split("\r\n\r\n");
  return { status: Number(head.split(" ")[1]), body: rest.join("\r\n\r\n") };
}

Deno.test("ui: raw dot segments on the wire are refused (real server)", async () => {
  const { app, cleanup } = await fixture();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, app.fetch);
  try {
    const paths = [
      "/../secret.txt",
      "/../etc/passwd",
      "/%2e%2e/secret.txt",
      "/%2E%2e/etc/passwd",
      "/static/../../secret.txt",
      "/static/%2e%2e/%2e%2e/secret.txt",
      "/./index.html",
      "/..\\secret.txt",
    ];
    for (const path of paths) {
      const { status, body } = await rawGet(server.addr.port, path);
      strictEqual(status, 404, path);
      ok(!body.includes(SECRET) && !body.includes("root:"), path);
    }
    const ok200 = await rawGet(server.addr.port, "/tasks/1");
    strictEqual(ok200.status, 200);
    strictEqual(ok200.body, INDEX);
  } finally {
    await server.shutdown();
    await cleanup();
  }
});

Deno.test("ui: /api stays the API and other methods fall through", async () => {
  const { app, cleanup } = await fixture();
  try {
    const about = await app.request("/api/server/about");
    strictEqual(about.status, 200);
    strictEqual((await about.json()).name, "Computer Vision Annotation Tool");
    for (const path of ["/api/nothing-here", "/api", "/api/nothing.js"]) {
      const { res, text } = await get(app, path);
      strictEqual(res.status, 404, path);
      deepStrictEqual(JSON.parse(text), { detail: "Not found." });
    }
    const post = await get(app, "/", { method: "POST" });
    strictEqual(post.res.status, 404);
    const put = await get(app, "/api/server/about", { method: "PUT" });
    strictEqual(put.res.status, 405);
  } finally {
    await cleanup();
  }
});

Deno.test("ui: HEAD answers headers only, and a matching ETag gives 304", async () => {
  const { app, cleanup } = await fixture();
  try {
    for (const path of ["/", "/tasks/3", "/static/main.abcdef1234.js"]) {
      const res = await app.request(path, { method: "HEAD" });
      strictEqual(res.status, 200, path);
      strictEqual(await res.text(), "", path);
      ok(res.headers.get("cache-control"), path);
      ok(Number(res.headers.get("content-length")) > 0, path);
    }
    strictEqual((await app.request("/missing.js", { method: "HEAD" })).status, 404);
    const first = await app.request("/static/style.css");
    await first.body?.cancel();
    const etag = first.headers.get("etag")!;
    const again = await app.request("/static/style.css", { headers: { "if-none-match": etag } });
    strictEqual(again.status, 304);
    strictEqual(await again.text(), "");
  } finally {
    await cleanup();
  }
});

Deno.test("ui: without uiDir nothing is served outside the API", async () => {
  const app = createApp({ store: memoryStore(), passwordIterations: 1000 });
  for (const path of ["/", "/tasks/1", "/index.html"]) {
    const { res, text } = await get(app, path);
    strictEqual(res.status, 404, path);
    deepStrictEqual(JSON.parse(text), { detail: "Not found." });
  }
  strictEqual((await app.request("/api/server/about")).status, 200);
});

Deno.test("ui: a UI directory without index.html answers 404 for routes", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cvat_ui_empty_" });
  try {
    const app = createApp({ store: memoryStore(), uiDir: dir, passwordIterations: 1000 });
    const { res } = await get(app, "/tasks/1");
    strictEqual(res.status, 404);
    const missing = createApp({ store: memoryStore(), uiDir: `${dir}/absent` });
    strictEqual((await get(missing, "/")).res.status, 404);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
