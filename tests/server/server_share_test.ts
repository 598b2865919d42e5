import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { shareMimeType } from "../../lib/server/server_share.ts";
import type { AppOptions } from "../../lib/server/context.ts";
import { json, login, type TestApp, testApp } from "./_client.ts";

/**
 * A share with two directories, files of every kind, a link to a directory outside (`link`) and
 * a link to a file outside (`flink.jpg`); removed afterwards.
 */
async function withShare(fn: (share: string) => Promise<void>): Promise<void> {
  const share = await Deno.makeTempDir({ prefix: "cvat_share_" });
  const outside = await Deno.makeTempDir({ prefix: "cvat_outside_" });
  try {
    await Deno.mkdir(`${share}/zeta`);
    await Deno.mkdir(`${share}/alpha/deep`, { recursive: true });
    const files = ["b.jpg", "a.PNG", "c.mp4", "d.zip", "e.pdf", "notes.txt", "Makefile"];
    for (const name of [...files, "alpha/inner.png"]) {
      await Deno.writeTextFile(`${share}/${name}`, "x");
    }
    await Deno.writeTextFile(`${outside}/secret.jpg`, "x");
    await Deno.symlink(outside, `${share}/link`);
    await Deno.symlink(`${outside}/secret.jpg`, `${share}/flink.jpg`);
    await fn(share);
  } finally {
    await Deno.remove(share, { recursive: true });
    await Deno.remove(outside, { recursive: true });
  }
}

async function withApp(
  options: AppOptions,
  fn: (t: TestApp, h: Record<string, string>) => Promise<void>,
) {
  const t = testApp(options);
  await fn(t, (await login(t.app, "admin", "s3cret!")).headers);
}

async function list(t: TestApp, headers: Record<string, string>, query: string) {
  const res = await t.app.request(`/api/server/share${query}`, { headers });
  return [res.status, await json(res)];
}

const dir = (name: string) => ({ name, type: "DIR", mime_type: "DIR" });
const reg = (name: string, mime_type: string) => ({ name, type: "REG", mime_type });

Deno.test("shareMimeType names CVAT's kinds by extension", () => {
  const cases: [string, string][] = [
    ["a.jpg", "image"],
    ["a.JPEG", "image"],
    ["a.png", "image"],
    ["a.tif", "image"],
    ["a.webp", "image"],
    ["v.mp4", "video"],
    ["v.MOV", "video"],
    ["v.mkv", "video"],
    ["z.zip", "archive"],
    ["z.tar.gz", "archive"],
    ["z.7z", "archive"],
    ["doc.pdf", "pdf"],
    ["cloud.pcd", "3d"],
    ["notes.txt", "unknown"],
    ["Makefile", "unknown"],
    ["jpg", "unknown"],
  ];
  for (const [name, kind] of cases) strictEqual(shareMimeType(name), kind, name);
});

Deno.test("the share root lists directories first, then files by name, links left out", async () => {
  await withShare(async (share) => {
    await withApp({ shareDir: share }, async (t, h) => {
      const expected = [
        200,
        [
          dir("alpha"),
          dir("zeta"),
          reg("Makefile", "unknown"),
          reg("a.PNG", "image"),
          reg("b.jpg", "image"),
          reg("c.mp4", "video"),
          reg("d.zip", "archive"),
          reg("e.pdf", "pdf"),
          reg("notes.txt", "unknown"),
        ],
      ];
      deepStrictEqual(await list(t, h, ""), expected);
      deepStrictEqual(await list(t, h, "?directory=/"), expected);
      deepStrictEqual(await list(t, h, "?directory=&org="), expected);
    });
  });
});

Deno.test("subdirectories in any spelling, and the search prefix", async () => {
  await withShare(async (share) => {
    await withApp({ shareDir: share }, async (t, h) => {
      for (const directory of ["alpha", "/alpha", "alpha/", "/alpha/", "./alpha//"]) {
        deepStrictEqual(await list(t, h, `?directory=${encodeURIComponent(directory)}`), [
          200,
          [dir("deep"), reg("inner.png", "image")],
        ]);
      }
      deepStrictEqual(await list(t, h, "?directory=/alpha/deep"), [200, []]);
      deepStrictEqual(await list(t, h, "?search=a"), [200, [dir("alpha"), reg("a.PNG", "image")]]);
      deepStrictEqual(await list(t, h, "?directory=/alpha&search=in"), [200, [
        reg("inner.png", "image"),
      ]]);
      deepStrictEqual(await list(t, h, "?search=zz"), [200, []]);
      deepStrictEqual(await list(t, h, "?search=fl"), [200, []]);
    });
  });
});

Deno.test("missing, escaping, linked or file directories are 400 JSON strings", async () => {
  await withShare(async (share) => {
    await withApp({ shareDir: share }, async (t, h) => {
      for (
        const directory of [
          "missing",
          "/missing/",
          "..",
          "../",
          "alpha/../..",
          "alpha/..",
          "link",
          "/link/",
          "b.jpg",
          "flink.jpg",
          "alpha/inner.png",
        ]
      ) {
        deepStrictEqual(
          await list(t, h, `?directory=${encodeURIComponent(directory)}`),
          [400, `${directory} is an invalid directory`],
          directory,
        );
      }
    });
  });
});

Deno.test("without a share: the root is empty, anything else is invalid", async () => {
  await withApp({}, async (t, h) => {
    deepStrictEqual(await list(t, h, ""), [200, []]);
    deepStrictEqual(await list(t, h, "?directory=/"), [200, []]);
    deepStrictEqual(await list(t, h, "?directory=imgs"), [400, "imgs is an invalid directory"]);
  });
  await withApp({ shareDir: "/nonexistent/cvat-share" }, async (t, h) => {
    deepStrictEqual(await list(t, h, "?directory=/"), [400, "/ is an invalid directory"]);
  });
});

Deno.test("the share needs a user and only answers GET", async () => {
  await withShare(async (share) => {
    await withApp({ shareDir: share }, async (t, h) => {
      deepStrictEqual(await list(t, {}, "?directory=/"), [401, {
        detail: "Authentication credentials were not provided.",
      }]);
      const post = await t.app.request("/api/server/share", { method: "POST", headers: h });
      strictEqual(post.status, 405);
      await post.body?.cancel();
    });
  });
});
