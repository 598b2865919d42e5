import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { json, send } from "./_client.ts";
import {
  createTask,
  getJson,
  imageBytes,
  STORE_KINDS,
  upload,
  waitStatus,
  withDataApp,
} from "./task_data_fixture.ts";

const A = await imageBytes(10, 20, "png");
const B = await imageBytes(30, 40, "jpeg");
const C = await imageBytes(50, 60, "png");

const names = (meta: { frames: { name: string }[] }) => meta.frames.map((f) => f.name);

for (const kind of STORE_KINDS) {
  Deno.test(`[${kind}] Upload-Start, Upload-Multiple and a JSON Upload-Finish (SDK)`, async () => {
    await withDataApp(kind, async (t) => {
      const id = await createTask(t, t.ann, { segment_size: 2 });
      const path = `/api/tasks/${id}/data/`;
      let res = await send(t.app, "POST", path, { image_quality: 70 }, {
        ...t.ann,
        "Upload-Start": "",
      });
      strictEqual(res.status, 202);
      strictEqual(await res.text(), "");
      const multiple = { ...t.ann, "Upload-Multiple": "" };
      res = await upload(t, multiple, id, [["/home/u/c.png", C], ["b.jpg", B]], {}, path);
      strictEqual(res.status, 200);
      res = await upload(t, multiple, id, [["a.png", A]], {}, path);
      strictEqual(res.status, 200);
      res = await send(t.app, "POST", path, {
        image_quality: 75,
        chunk_size: null,
        sorting_method: "predefined",
        frame_filter: "",
        use_cache: true,
        use_zip_chunks: true,
      }, { ...t.ann, "Upload-Finish": "" });
      strictEqual(res.status, 202);
      const body = await json(res);
      deepStrictEqual(body.client_files, [{ file: "c.png" }, { file: "b.jpg" }, { file: "a.png" }]);
      strictEqual((await waitStatus(t, t.ann, id)).state, "Finished");
      const meta = await getJson(t, t.ann, `/api/tasks/${id}/data/meta`);
      deepStrictEqual(names(meta), ["c.png", "b.jpg", "a.png"]);
      strictEqual(meta.image_quality, 75);
      strictEqual((await getJson(t, t.ann, `/api/jobs?task_id=${id}`)).count, 2);
      strictEqual(await t.store.blobs.get(`media/task/${id}/upload/index`), null);
    });
  });
}

Deno.test("a multipart Upload-Finish adds its own files after the staged ones (UI)", async () => {
  await withDataApp("memory", async (t) => {
    const id = await createTask(t, t.ann);
    const path = `/api/tasks/${id}/data`;
    const start = await upload(t, { ...t.ann, "Upload-Start": "true" }, id, [], {
      image_quality: "70",
    });
    strictEqual(start.status, 202);
    const staged = await upload(t, { ...t.ann, "Upload-Multiple": "true" }, id, [["b.jpg", B]], {});
    strictEqual(staged.status, 200);
    const res = await upload(t, { ...t.ann, "Upload-Finish": "true" }, id, [["a.png", A]], {
      image_quality: "70",
      sorting_method: "lexicographical",
    }, path);
    strictEqual(res.status, 202);
    await waitStatus(t, t.ann, id);
    deepStrictEqual(names(await getJson(t, t.ann, `/api/tasks/${id}/data/meta`)), [
      "a.png",
      "b.jpg",
    ]);
  });
});

Deno.test("a refused Upload-Finish drops the staged files; Upload-Start starts afresh", async () => {
  await withDataApp("memory", async (t) => {
    const id = await createTask(t, t.ann);
    const multiple = { ...t.ann, "Upload-Multiple": "" };
    strictEqual((await upload(t, multiple, id, [["x.txt", new Uint8Array(4)]], {})).status, 200);
    const res = await send(t.app, "POST", `/api/tasks/${id}/data`, { image_quality: 70 }, {
      ...t.ann,
      "Upload-Finish": "",
    });
    strictEqual(res.status, 400);
    deepStrictEqual(await json(res), ['Cannot use "x.txt" as an image: unknown format']);
    strictEqual(await t.store.blobs.get(`media/task/${id}/upload/index`), null);
    strictEqual((await upload(t, multiple, id, [["old.png", A]], {})).status, 200);
    const start = await send(t.app, "POST", `/api/tasks/${id}/data`, {}, {
      ...t.ann,
      "Upload-Start": "",
    });
    strictEqual(start.status, 202);
    strictEqual((await upload(t, multiple, id, [["new.png", C]], {})).status, 200);
    const finish = await send(t.app, "POST", `/api/tasks/${id}/data`, { image_quality: 70 }, {
      ...t.ann,
      "Upload-Finish": "",
    });
    strictEqual(finish.status, 202);
    await waitStatus(t, t.ann, id);
    deepStrictEqual(names(await getJson(t, t.ann, `/api/tasks/${id}/data/meta`)), ["new.png"]);
  });
});

Deno.test("repeated client_files keys, a nameless TUS upload and JSON without files", async () => {
  await withDataApp("memory", async (t) => {
    const id = await createTask(t, t.ann);
    const tus = await t.app.request(`/api/tasks/${id}/data/`, {
      method: "POST",
      headers: { ...t.ann, "Upload-Length": "10", "Tus-Resumable": "1.0.0" },
    });
    strictEqual(tus.status, 400);
    deepStrictEqual(await json(tus), "File name  is not allowed");
    const empty = await send(t.app, "POST", `/api/tasks/${id}/data`, { image_quality: 70 }, t.ann);
    deepStrictEqual([empty.status, await json(empty)], [400, ["No media data found"]]);
    const remote = await send(t.app, "POST", `/api/tasks/${id}/data`, {
      image_quality: 70,
      remote_files: ["ftp://example.com/a.png"],
    }, t.ann);
    deepStrictEqual([remote.status, await json(remote)], [400, {
      remote_files: ['"ftp://example.com/a.png" is not an http or https URL'],
    }]);
    const form = new FormData();
    form.append("image_quality", "70");
    form.append("client_files", new Blob([new Uint8Array(B)]), "b.jpg");
    form.append("client_files", new Blob([new Uint8Array(A)]), "a.png");
    const res = await t.app.request(`/api/tasks/${id}/data`, {
      method: "POST",
      headers: t.ann,
      body: form,
    });
    strictEqual(res.status, 202);
    await waitStatus(t, t.ann, id);
    const meta = await getJson(t, t.ann, `/api/tasks/${id}/data/meta`);
    deepStrictEqual(meta.frames.map((f: { width: number }) => f.width), [10, 30]);
  });
});
