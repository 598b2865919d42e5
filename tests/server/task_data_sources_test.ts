import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { sharePath } from "../../lib/server/task_data_sources.ts";
import { json, send } from "./_client.ts";
import {
  createTask,
  type DataApp,
  getJson,
  imageBytes,
  STORE_KINDS,
  upload,
  waitStatus,
  withDataApp,
} from "./task_data_fixture.ts";

/** Distinct widths tell the frames apart. */
const png = (width: number) => imageBytes(width, 8, "png");
const IMAGES: Record<string, Uint8Array> = {
  "a.png": await png(11),
  "f2.png": await png(12),
  "imgs/b.png": await png(13),
  "imgs/c.jpg": await imageBytes(14, 8, "jpeg"),
  "imgs/sub/d.png": await png(15),
  "imgs/skip/e.png": await png(16),
};
const OUTSIDE = await png(99);

/**
 * A share with nested images, a text file, a link to a file outside (`link.png`) and a link to a
 * directory outside (`imgs/out`); removed afterwards.
 */
async function withShare(fn: (share: string) => Promise<void>): Promise<void> {
  const share = await Deno.makeTempDir({ prefix: "cvat_share_" });
  const outside = await Deno.makeTempDir({ prefix: "cvat_outside_" });
  try {
    for (const [path, bytes] of Object.entries(IMAGES)) {
      await Deno.mkdir(`${share}/${path.split("/").slice(0, -1).join("/")}`, { recursive: true });
      await Deno.writeFile(`${share}/${path}`, bytes);
    }
    await Deno.writeTextFile(`${share}/notes.txt`, "not an image");
    await Deno.writeFile(`${outside}/x.png`, OUTSIDE);
    await Deno.symlink(`${outside}/x.png`, `${share}/link.png`);
    await Deno.symlink(outside, `${share}/imgs/out`);
    await fn(share);
  } finally {
    await Deno.remove(share, { recursive: true });
    await Deno.remove(outside, { recursive: true });
  }
}

/** A JSON upload of `fields` (image_quality 70 unless given). */
function post(t: DataApp, id: number, fields: Record<string, unknown>) {
  return send(t.app, "POST", `/api/tasks/${id}/data`, { image_quality: 70, ...fields }, t.ann);
}

type Frame = { name: string; width: number };

/** Uploads, waits for Finished and returns the frames' [name, width]. */
async function frames(t: DataApp, fields: Record<string, unknown>) {
  const id = await createTask(t, t.ann);
  const res = await post(t, id, fields);
  strictEqual(res.status, 202, JSON.stringify(await res.clone().json()));
  await res.body?.cancel();
  strictEqual((await waitStatus(t, t.ann, id)).state, "Finished");
  const meta = await getJson(t, t.ann, `/api/tasks/${id}/data/meta`);
  return meta.frames.map((f: Frame) => [f.name, f.width]);
}

/** Asserts a refusal (status, body mentioning `mention`) and that the task got nothing. */
async function refused(
  t: DataApp,
  fields: Record<string, unknown>,
  [status, mention, key]: [number, string, string?],
) {
  const id = await createTask(t, t.ann);
  const multiple = { ...t.ann, "Upload-Multiple": "" };
  strictEqual((await upload(t, multiple, id, [["staged.png", IMAGES["a.png"]]], {})).status, 200);
  const res = await post(t, id, fields);
  const body = await json(res);
  strictEqual(res.status, status, JSON.stringify(body));
  const messages = key ? body[key] : body;
  ok(messages && typeof messages === "object", JSON.stringify(body));
  ok(Object.values(messages).flat().join("\n").includes(mention), JSON.stringify(body));
  const meta = await t.app.request(`/api/tasks/${id}/data/meta`, { headers: t.ann });
  strictEqual(meta.status, 404);
  await meta.body?.cancel();
  strictEqual((await getJson(t, t.ann, `/api/tasks/${id}`)).size ?? 0, 0);
  strictEqual((await getJson(t, t.ann, `/api/jobs?task_id=${id}`)).count, 0);
  strictEqual(await t.store.blobs.deletePrefix(`media/task/${id}/`), 0);
  return body;
}

Deno.test("sharePath canonicalises share paths and refuses escapes", () => {
  strictEqual(sharePath("/imgs//b.png"), "imgs/b.png");
  strictEqual(sharePath("./imgs/./sub/"), "imgs/sub");
  strictEqual(sharePath("/"), "");
  for (
    const bad of ["../x", "imgs/../../x", "imgs\\..\\x", "C:\\x", "c:x", "\\\\host\\s", "a\0b"]
  ) {
    throws(() => sharePath(bad), (error: { status: number }) => error.status === 400);
  }
});

Deno.test("server_files: a file, a directory, exclusions, a leading slash, duplicates", async () => {
  await withShare(async (share) => {
    await withDataApp("memory", { shareDir: share }, async (t) => {
      deepStrictEqual(await frames(t, { server_files: ["a.png"] }), [["a.png", 11]]);
      deepStrictEqual(await frames(t, { server_files: ["/a.png", "a.png"] }), [["a.png", 11]]);
      deepStrictEqual(await frames(t, { server_files: ["imgs/"] }), [
        ["imgs/b.png", 13],
        ["imgs/c.jpg", 14],
        ["imgs/skip/e.png", 16],
        ["imgs/sub/d.png", 15],
      ]);
      deepStrictEqual(
        await frames(t, {
          server_files: ["/imgs", "imgs/b.png"],
          server_files_exclude: ["imgs/skip/", "imgs/c.jpg"],
        }),
        [["imgs/b.png", 13], ["imgs/sub/d.png", 15]],
      );
      const root = { server_files: ["/"], server_files_exclude: ["notes.txt", "/imgs/"] };
      deepStrictEqual(await frames(t, root), [["a.png", 11], ["f2.png", 12]]);
      const id = await createTask(t, t.ann);
      const res = await post(t, id, { server_files: ["imgs/sub/"], sorting_method: "natural" });
      strictEqual(res.status, 202);
      const echo = await json(res);
      deepStrictEqual([echo.server_files, echo.remote_files, echo.client_files], [
        ["imgs/sub/"],
        [],
        [],
      ]);
      strictEqual((await waitStatus(t, t.ann, id)).state, "Finished");
    });
  });
});

Deno.test("server_files outside the share, through links or missing are 400s naming them", async () => {
  await withShare(async (share) => {
    await withDataApp("memory", { shareDir: share }, async (t) => {
      const cases: [string, string][] = [
        ["../outside/x.png", "../outside/x.png"],
        ["imgs/../../x.png", "imgs/../../x.png"],
        ["C:\\x", "C:\\x"],
        ["link.png", "link.png"],
        ["imgs/out/x.png", "imgs/out/x.png"],
        ["imgs/out/", "imgs/out"],
        ["nope.png", "nope.png"],
        ["imgs/b.png/x", "imgs/b.png/x"],
        ["a\0.png", "is not a valid path"],
      ];
      for (const [path, mention] of cases) {
        await refused(t, { server_files: ["a.png", path] }, [400, mention, "server_files"]);
      }
      ok(Array.isArray(await refused(t, { server_files: ["notes.txt"] }, [400, '"notes.txt"'])));
      await refused(t, { server_files: ["a.png"], server_files_exclude: ["../x"] }, [400, "../x"]);
      const none = { server_files: ["imgs/sub"], server_files_exclude: ["imgs/sub/d.png"] };
      const empty = await post(t, await createTask(t, t.ann), none);
      deepStrictEqual([empty.status, await json(empty)], [400, ["No media data found"]]);
    });
  });
});

Deno.test("server_files without a share directory or over the limit are refused", async () => {
  await withShare(async (share) => {
    // Room for the staged file, not for imgs/ (1200 bytes).
    await withDataApp("memory", { shareDir: share, maxUploadBytes: 1000 }, async (t) => {
      await refused(t, { server_files: ["imgs/"] }, [413, "limit"]);
    });
  });
  await withDataApp("memory", async (t) => {
    await refused(t, { server_files: ["a.png"] }, [400, "share directory", "server_files"]);
  });
  await withDataApp("memory", { shareDir: "/nonexistent/cvat-share" }, async (t) => {
    await refused(t, { server_files: ["a.png"] }, [400, "cannot be read", "server_files"]);
  });
});

/** A local HTTP server for remote_files, and a base URL that nothing listens on. */
async function withRemote(fn: (base: string, closed: string) => Promise<void>) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const closedPort = listener.addr.port;
  listener.close();
  const big = crypto.getRandomValues(new Uint8Array(5000));
  const bytes = (data: Uint8Array) => new Response(new Uint8Array(data));
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const path = new URL(req.url).pathname;
    if (path === "/r/f1.png") return bytes(IMAGES["a.png"]);
    if (path === "/r/with%20space.png") return bytes(IMAGES["f2.png"]);
    if (path === "/r/t.txt") return new Response("hello");
    if (path === "/r/big.png") return bytes(big);
    if (path === "/r/stream.png") {
      return new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(big.slice(0, 100));
            controller.enqueue(big.slice(100));
            controller.close();
          },
        }),
      );
    }
    return new Response("no", { status: 404 });
  });
  try {
    await fn(`http://127.0.0.1:${server.addr.port}`, `http://127.0.0.1:${closedPort}`);
  } finally {
    await server.shutdown();
  }
}

Deno.test("remote_files: downloads, HTTP errors, unreachable and non-http URLs", async () => {
  await withRemote(async (base, closed) => {
    await withDataApp("memory", async (t) => {
      deepStrictEqual(await frames(t, { remote_files: [`${base}/r/f1.png`] }), [["f1.png", 11]]);
      deepStrictEqual(await frames(t, { remote_files: [`${base}/r/with%20space.png?x=1`] }), [
        ["with space.png", 12],
      ]);
      for (
        const url of [
          `${base}/r/missing.png`,
          `${closed}/r/f1.png`,
          "ftp://127.0.0.1/a.png",
          "file:///etc/passwd",
          "not a url",
          `${base}/`,
        ]
      ) {
        await refused(t, { remote_files: [`${base}/r/f1.png`, url] }, [400, url, "remote_files"]);
      }
      const missing = { remote_files: [`${base}/r/missing.png`] };
      deepStrictEqual((await refused(t, missing, [400, "404", "remote_files"])).remote_files, [
        `Cannot download "${base}/r/missing.png": HTTP 404`,
      ]);
      await refused(t, { remote_files: [`${base}/r/t.txt`] }, [400, '"t.txt"']);
    });
  });
});

Deno.test("remote_files over the upload limit are 413, with or without a length", async () => {
  await withRemote(async (base) => {
    await withDataApp("memory", { maxUploadBytes: 1000 }, async (t) => {
      for (const path of ["/r/big.png", "/r/stream.png"]) {
        await refused(t, { remote_files: [`${base}/r/f1.png`, `${base}${path}`] }, [413, "limit"]);
      }
      deepStrictEqual(await frames(t, { remote_files: [`${base}/r/f1.png`] }), [["f1.png", 11]]);
    });
  });
});

for (const kind of STORE_KINDS) {
  Deno.test(`[${kind}] client, share and remote files in one upload, natural order`, async () => {
    await withShare(async (share) => {
      await withRemote(async (base) => {
        await withDataApp(kind, { shareDir: share }, async (t) => {
          const id = await createTask(t, t.ann, { segment_size: 2 });
          const res = await upload(t, t.ann, id, [
            ["f10.png", await png(20)],
            ["f3.jpg", await imageBytes(21, 8, "jpeg")],
          ], {
            image_quality: "70",
            sorting_method: "natural",
            "server_files[0]": "f2.png",
            "server_files[1]": "imgs/sub/",
            "remote_files[0]": `${base}/r/f1.png`,
          });
          strictEqual(res.status, 202);
          const echo = await json(res);
          deepStrictEqual(echo.client_files, [{ file: "f10.png" }, { file: "f3.jpg" }]);
          deepStrictEqual(echo.server_files, ["f2.png", "imgs/sub/"]);
          deepStrictEqual(echo.remote_files, [`${base}/r/f1.png`]);
          strictEqual(echo.sorting_method, "natural");
          strictEqual((await waitStatus(t, t.ann, id)).state, "Finished");
          const meta = await getJson(t, t.ann, `/api/tasks/${id}/data/meta`);
          deepStrictEqual(meta.frames.map((f: Frame) => [f.name, f.width]), [
            ["f1.png", 11],
            ["f2.png", 12],
            ["f3.jpg", 21],
            ["f10.png", 20],
            ["imgs/sub/d.png", 15],
          ]);
          strictEqual((await getJson(t, t.ann, `/api/jobs?task_id=${id}`)).count, 3);
          const data = `/api/tasks/${id}/data?quality=original&number=`;
          const frame = await t.app.request(`${data}4&type=frame`, { headers: t.ann });
          deepStrictEqual(new Uint8Array(await frame.arrayBuffer()), IMAGES["imgs/sub/d.png"]);
          for (const quality of ["original", "compressed"]) {
            const path = `/api/tasks/${id}/data?type=chunk&number=0&quality=${quality}`;
            const chunk = await t.app.request(path, { headers: t.ann });
            strictEqual(chunk.status, 200, quality);
            await chunk.body?.cancel();
          }
        });
      });
    });
  });
}
