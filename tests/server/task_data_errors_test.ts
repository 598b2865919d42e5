import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { json, send } from "./_client.ts";
import {
  createTask,
  type DataApp,
  dataApp,
  getJson,
  imageBytes,
  STORE_KINDS,
  upload,
  waitStatus,
  withDataApp,
} from "./task_data_fixture.ts";
import type { Store } from "../../lib/store/types.ts";

const PNG = await imageBytes(16, 12, "png");
const JPEG = await imageBytes(24, 20, "jpeg");

/** Nothing of the task's data exists: no data, no jobs, no blobs, no creation request. */
async function assertNoData(t: DataApp, id: number, request = false) {
  const task = await getJson(t, t.ann, `/api/tasks/${id}`);
  strictEqual(task.size, undefined);
  strictEqual(task.mode, "");
  strictEqual(task.jobs.count, 0);
  strictEqual(await t.store.blobs.get(`media/task/${id}/original/0`), null);
  strictEqual(await t.store.blobs.get(`media/task/${id}/upload/file/0`), null);
  strictEqual(await t.store.blobs.get(`media/task/${id}/upload/index`), null);
  strictEqual(await t.store.blobs.get(`media/task/${id}/originals`), null);
  strictEqual(await t.store.blobs.get(`media/task/${id}/preview`), null);
  if (!request) strictEqual(await t.store.requests.get(`create:task.id${id}`), null);
}

async function expect400(res: Response, body: unknown) {
  strictEqual(res.status, 400);
  deepStrictEqual(await json(res), body);
}

for (const kind of STORE_KINDS) {
  Deno.test(`[${kind}] bad files and fields are 400s and store nothing`, async () => {
    await withDataApp(kind, async (t) => {
      const id = await createTask(t, t.ann);
      const text = new TextEncoder().encode("hello");
      await expect400(await upload(t, t.ann, id, [["a.png", PNG], ["notes.txt", text]]), [
        'Cannot use "notes.txt" as an image: unknown format',
      ]);
      const broken = PNG.slice(0, 12);
      const res = await upload(t, t.ann, id, [["broken.png", broken]]);
      strictEqual(res.status, 400);
      ok(JSON.stringify(await json(res)).includes("broken.png"));
      await expect400(await upload(t, t.ann, id, [["clip.mp4", PNG]]), [
        "video data is not supported yet",
      ]);
      await expect400(await upload(t, t.ann, id, [["a.png", PNG]], {}), {
        image_quality: ["This field is required."],
      });
      await expect400(await upload(t, t.ann, id, [["a.png", PNG]], { image_quality: "101" }), {
        image_quality: ["Ensure this value is less than or equal to 100."],
      });
      await expect400(
        await upload(t, t.ann, id, [["a.png", PNG]], { image_quality: "x", chunk_size: "0" }),
        {
          image_quality: ["A valid integer is required."],
          chunk_size: ["Ensure this value is greater than or equal to 1."],
        },
      );
      await expect400(
        await upload(t, t.ann, id, [["a.png", PNG]], { image_quality: "5", frame_filter: "x" }),
        { frame_filter: ["Invalid frame filter expression"] },
      );
      await expect400(
        await upload(t, t.ann, id, [["a.png", PNG]], { image_quality: "5", sorting_method: "z" }),
        { sorting_method: ['"z" is not a valid choice.'] },
      );
      await expect400(
        await upload(t, t.ann, id, [["a.png", PNG]], {
          image_quality: "5",
          start_frame: "3",
          stop_frame: "1",
        }),
        { non_field_errors: ["Stop frame must be more or equal start frame"] },
      );
      await expect400(
        await upload(t, t.ann, id, [], { image_quality: "5", "server_files[0]": "a.png" }),
        { server_files: ["This server has no share directory (start it with --share <dir>)"] },
      );
      await expect400(await upload(t, t.ann, id, []), ["No media data found"]);
      const dup: [string, Uint8Array][] = [["a/x.png", PNG], ["b/x.png", JPEG]];
      strictEqual((await upload(t, t.ann, id, dup)).status, 400);
      const order = {
        image_quality: "5",
        sorting_method: "predefined",
        "upload_file_order[0]": "q",
      };
      strictEqual((await upload(t, t.ann, id, [["a.png", PNG]], order)).status, 400);
      const start = { image_quality: "5", start_frame: "9" };
      strictEqual((await upload(t, t.ann, id, [["a.png", PNG]], start)).status, 400);
      await assertNoData(t, id);
    });
  });

  Deno.test(`[${kind}] data posted twice is a 400`, async () => {
    await withDataApp(kind, async (t) => {
      const id = await createTask(t, t.ann);
      strictEqual((await upload(t, t.ann, id, [["a.png", PNG]])).status, 202);
      // While the first upload is still being processed, and after it finished.
      await expect400(await upload(t, t.ann, id, [["b.png", PNG]]), [
        "Adding more data is not supported",
      ]);
      strictEqual((await waitStatus(t, t.ann, id)).state, "Finished");
      await expect400(await upload(t, t.ann, id, [["b.png", PNG]]), [
        "Adding more data is not supported",
      ]);
      const meta = await getJson(t, t.ann, `/api/tasks/${id}/data/meta`);
      deepStrictEqual(meta.frames.map((f: { name: string }) => f.name), ["a.png"]);
    });
  });

  Deno.test(`[${kind}] strangers and anonymous callers`, async () => {
    await withDataApp(kind, async (t) => {
      const id = await createTask(t, t.ann);
      strictEqual((await upload(t, t.eve, id, [["a.png", PNG]])).status, 403);
      strictEqual((await upload(t, {}, id, [["a.png", PNG]])).status, 401);
      strictEqual((await upload(t, t.ann, 999, [["a.png", PNG]])).status, 404);
      await assertNoData(t, id);
      strictEqual((await upload(t, t.ann, id, [["a.png", PNG]])).status, 202);
      await waitStatus(t, t.ann, id);
      const job = (await getJson(t, t.ann, `/api/jobs?task_id=${id}`)).results[0].id;
      for (const path of [`/api/tasks/${id}/data/meta`, `/api/jobs/${job}/data/meta`]) {
        strictEqual((await t.app.request(path, { headers: t.eve })).status, 403);
        strictEqual((await t.app.request(path)).status, 401);
        const res = await send(t.app, "PATCH", path, { deleted_frames: [0] }, t.eve);
        strictEqual(res.status, 403);
        strictEqual((await send(t.app, "PUT", path, {}, t.ann)).status, 405);
      }
      strictEqual((await t.app.request(`/api/tasks/${id}/status`, { headers: t.eve })).status, 403);
      const rq = `/api/requests/${encodeURIComponent(`create:task.id${id}`)}`;
      strictEqual((await t.app.request(rq, { headers: t.eve })).status, 404);
      strictEqual((await getJson(t, t.admin, `/api/tasks/${id}/data/meta`)).size, 1);
    });
  });
}

Deno.test("an upload over the limit is a 413 and stores nothing", async () => {
  await withDataApp("memory", { maxUploadBytes: 2000 }, async (t) => {
    const id = await createTask(t, t.ann);
    const big = await imageBytes(300, 300, "jpeg", 0x123456ff);
    ok(big.length > 2000);
    const res = await upload(t, t.ann, id, [["big.jpg", big]]);
    strictEqual(res.status, 413);
    await assertNoData(t, id);
  });
});

Deno.test("a task without data has no meta", async () => {
  await withDataApp("memory", async (t) => {
    const id = await createTask(t, t.ann);
    strictEqual(
      (await t.app.request(`/api/tasks/${id}/data/meta`, { headers: t.ann })).status,
      404,
    );
    const res = await send(t.app, "PATCH", `/api/tasks/${id}/data/meta`, {}, t.ann);
    strictEqual(res.status, 404);
  });
});

/** A store whose blob writes fail after `okWrites` of them. */
function failingBlobs(okWrites: number) {
  return (store: Store): Store => {
    let writes = 0;
    const inner = store.blobs;
    const blobs = {
      get: (key: string) => inner.get(key),
      delete: (key: string) => inner.delete(key),
      deletePrefix: (prefix: string) => inner.deletePrefix(prefix),
      put(key: string, bytes: Uint8Array) {
        if (++writes > okWrites) return Promise.reject(new Error("disk full"));
        return inner.put(key, bytes);
      },
    };
    return new Proxy(store, { get: (target, p) => p === "blobs" ? blobs : Reflect.get(target, p) });
  };
}

for (const kind of STORE_KINDS) {
  Deno.test(`[${kind}] a failure in the background leaves nothing half-made`, async () => {
    // The request stages two files (a blob and the index each); the next write, in the
    // background, fails.
    const t = await dataApp(kind, {}, failingBlobs(4));
    try {
      const id = await createTask(t, t.ann);
      const res = await upload(t, t.ann, id, [["a.png", PNG], ["b.jpg", JPEG]]);
      strictEqual(res.status, 202);
      const status = await waitStatus(t, t.ann, id);
      deepStrictEqual(status.state, "Failed");
      strictEqual(status.message, "disk full");
      await assertNoData(t, id, true);
      const rq = await getJson(
        t,
        t.ann,
        `/api/requests/${encodeURIComponent(`create:task.id${id}`)}`,
      );
      strictEqual(rq.status, "failed");
      strictEqual(rq.message, "disk full");
    } finally {
      await t.close();
    }
  });
}
