import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { json, send } from "./_client.ts";
import {
  createTask,
  getJson,
  imageBytes,
  originalKeyOf,
  STORE_KINDS,
  upload,
  waitStatus,
  withDataApp,
} from "./task_data_fixture.ts";

const FILES: [string, Uint8Array][] = [
  ["img10.png", await imageBytes(40, 30, "png")],
  ["img2.jpg", await imageBytes(64, 48, "jpeg")],
  ["img1.png", await imageBytes(20, 10, "png")],
  ["dir/img3.jpg", await imageBytes(33, 17, "jpeg")],
  ["img4.png", await imageBytes(8, 9, "png")],
];

const SIZES: Record<string, [number, number]> = {
  "img10.png": [40, 30],
  "img2.jpg": [64, 48],
  "img1.png": [20, 10],
  "img3.jpg": [33, 17],
  "img4.png": [8, 9],
};

const names = (meta: { frames: { name: string }[] }) => meta.frames.map((f) => f.name);

for (const kind of STORE_KINDS) {
  Deno.test(`[${kind}] upload, status, meta and jobs`, async () => {
    await withDataApp(kind, async (t) => {
      const id = await createTask(t, t.ann, { segment_size: 2 });
      const res = await upload(t, t.ann, id, FILES);
      strictEqual(res.status, 202);
      const accepted = await json(res);
      strictEqual(accepted.rq_id, `create:task.id${id}`);
      strictEqual(accepted.image_quality, 70);
      const status = await waitStatus(t, t.ann, id);
      deepStrictEqual(status, { state: "Finished", message: "", progress: 1 });
      const rq = await getJson(t, t.ann, `/api/requests/${encodeURIComponent(accepted.rq_id)}`);
      strictEqual(rq.status, "finished");
      strictEqual(rq.operation.type, "create:task");
      strictEqual(rq.operation.task_id, id);
      strictEqual((await getJson(t, t.ann, `/api/requests/create:task.id${id}`)).id, rq.id);

      const task = await getJson(t, t.ann, `/api/tasks/${id}`);
      strictEqual(task.size, 5);
      strictEqual(task.mode, "annotation");
      strictEqual(task.image_quality, 70);
      strictEqual(task.data_chunk_size, 72);
      strictEqual(task.data_compressed_chunk_type, "imageset");
      strictEqual(task.jobs.count, 3);

      const meta = await getJson(t, t.ann, `/api/tasks/${id}/data/meta`);
      const order = ["img1.png", "img10.png", "img2.jpg", "img3.jpg", "img4.png"];
      deepStrictEqual(names(meta), order);
      deepStrictEqual(meta.frames[1], {
        width: 40,
        height: 30,
        name: "img10.png",
        related_files: 0,
        has_related_context: false,
      });
      for (const frame of meta.frames) {
        deepStrictEqual([frame.width, frame.height], SIZES[frame.name]);
      }
      strictEqual(meta.size, 5);
      strictEqual(meta.chunk_size, 72);
      strictEqual(meta.image_quality, 70);
      strictEqual(meta.start_frame, 0);
      strictEqual(meta.stop_frame, 4);
      strictEqual(meta.frame_filter, "");
      deepStrictEqual(meta.deleted_frames, []);
      strictEqual(meta.included_frames, null);
      ok(typeof meta.chunks_updated_date === "string");

      const jobs = await getJson(t, t.ann, `/api/jobs?task_id=${id}&page_size=10&sort=id`);
      const ranges = jobs.results.map((j: { start_frame: number; stop_frame: number }) => [
        j.start_frame,
        j.stop_frame,
      ]);
      deepStrictEqual(ranges, [[0, 1], [2, 3], [4, 4]]);
      const second = await getJson(t, t.ann, `/api/jobs/${jobs.results[1].id}/data/meta`);
      deepStrictEqual(names(second), ["img2.jpg", "img3.jpg"]);
      strictEqual(second.size, 2);
      strictEqual(second.start_frame, 2);
      strictEqual(second.stop_frame, 3);

      const preview = await t.store.blobs.get(`media/task/${id}/preview`);
      deepStrictEqual([...preview!.slice(0, 2)], [0xff, 0xd8]);
      for (let frame = 0; frame < 5; frame++) {
        const blob = await t.store.blobs.get(await originalKeyOf(t, id, frame));
        const source = FILES.find(([name]) => name.endsWith(order[frame]))![1];
        deepStrictEqual(blob, source);
      }
    });
  });

  Deno.test(`[${kind}] natural sorting, start/stop/step and chunk size`, async () => {
    await withDataApp(kind, async (t) => {
      const id = await createTask(t, t.ann);
      const res = await upload(t, t.ann, id, FILES, {
        image_quality: "55",
        sorting_method: "natural",
        start_frame: "1",
        stop_frame: "4",
        frame_filter: "step=2",
        chunk_size: "3",
        use_cache: "true",
        use_zip_chunks: "true",
        copy_data: "false",
      });
      strictEqual(res.status, 202, await res.clone().text());
      strictEqual((await waitStatus(t, t.ann, id)).state, "Finished");
      const meta = await getJson(t, t.ann, `/api/tasks/${id}/data/meta`);
      // natural: img1, img2, img3, img4, img10 → frames 1 and 3
      deepStrictEqual(names(meta), ["img2.jpg", "img4.png"]);
      strictEqual(meta.start_frame, 1);
      strictEqual(meta.stop_frame, 3);
      strictEqual(meta.frame_filter, "step=2");
      strictEqual(meta.chunk_size, 3);
      strictEqual(meta.image_quality, 55);
      const jobs = await getJson(t, t.ann, `/api/jobs?task_id=${id}`);
      strictEqual(jobs.count, 1);
      // Only the two selected files are kept (as originals); the other staged ones are gone.
      const kept = [];
      for (let at = 0; at < FILES.length; at++) {
        if (await t.store.blobs.get(`media/task/${id}/upload/file/${at}`)) kept.push(at);
      }
      strictEqual(kept.length, 2);
      deepStrictEqual(
        [await originalKeyOf(t, id, 0), await originalKeyOf(t, id, 1)].sort(),
        kept.map((at) => `media/task/${id}/upload/file/${at}`).sort(),
      );
    });
  });

  Deno.test(`[${kind}] deleted frames round trip`, async () => {
    await withDataApp(kind, async (t) => {
      const id = await createTask(t, t.ann, { segment_size: 2 });
      strictEqual((await upload(t, t.ann, id, FILES)).status, 202);
      await waitStatus(t, t.ann, id);
      const path = `/api/tasks/${id}/data/meta`;
      let res = await send(t.app, "PATCH", path, { deleted_frames: [3, 1, 3] }, t.ann);
      strictEqual(res.status, 200);
      deepStrictEqual((await json(res)).deleted_frames, [1, 3]);
      deepStrictEqual((await getJson(t, t.ann, path)).deleted_frames, [1, 3]);
      const jobs = (await getJson(t, t.ann, `/api/jobs?task_id=${id}&sort=id`)).results;
      const jobPath = `/api/jobs/${jobs[1].id}/data/meta`;
      deepStrictEqual((await getJson(t, t.ann, jobPath)).deleted_frames, [3]);
      res = await send(t.app, "PATCH", jobPath, { deleted_frames: [2] }, t.ann);
      strictEqual(res.status, 200);
      deepStrictEqual((await json(res)).deleted_frames, [2]);
      deepStrictEqual((await getJson(t, t.ann, path)).deleted_frames, [1, 2]);
      // Out of the job's range, not integers, not a list: 400 and nothing changed.
      for (
        const body of [{ deleted_frames: [0] }, { deleted_frames: ["a"] }, { deleted_frames: 1 }]
      ) {
        res = await send(t.app, "PATCH", jobPath, body, t.ann);
        strictEqual(res.status, 400);
        ok((await json(res)).deleted_frames);
      }
      res = await send(t.app, "PATCH", path, { deleted_frames: [5] }, t.ann);
      strictEqual(res.status, 400);
      res = await send(t.app, "PATCH", path, { deleted_frames: [2 ** 40] }, t.ann);
      strictEqual(res.status, 400);
      res = await send(t.app, "PATCH", path, "{bad", t.ann);
      strictEqual(res.status, 400);
      deepStrictEqual((await getJson(t, t.ann, path)).deleted_frames, [1, 2]);
    });
  });
}

Deno.test("lexicographical is the default and predefined keeps the upload order", async () => {
  await withDataApp("memory", async (t) => {
    const id = await createTask(t, t.ann);
    strictEqual(
      (await upload(t, t.ann, id, FILES, { image_quality: "70", sorting_method: "predefined" }))
        .status,
      202,
    );
    await waitStatus(t, t.ann, id);
    const meta = await getJson(t, t.ann, `/api/tasks/${id}/data/meta`);
    deepStrictEqual(names(meta), ["img10.png", "img2.jpg", "img1.png", "img3.jpg", "img4.png"]);
    const other = await createTask(t, t.ann);
    const order = ["img4.png", "img3.jpg", "img2.jpg", "img1.png", "img10.png"];
    const form = { image_quality: "70", sorting_method: "predefined" };
    const fields = Object.fromEntries(order.map((n, i) => [`upload_file_order[${i}]`, n]));
    strictEqual((await upload(t, t.ann, other, FILES, { ...form, ...fields })).status, 202);
    await waitStatus(t, t.ann, other);
    deepStrictEqual(names(await getJson(t, t.ann, `/api/tasks/${other}/data/meta`)), order);
  });
});

Deno.test("the trailing-slash path and an automatic chunk size for big frames", async () => {
  await withDataApp("memory", async (t) => {
    const id = await createTask(t, t.ann);
    const big: [string, Uint8Array][] = [["big.jpg", await imageBytes(1920, 1080, "jpeg")]];
    const res = await upload(t, t.ann, id, big, undefined, `/api/tasks/${id}/data/`);
    strictEqual(res.status, 202);
    await waitStatus(t, t.ann, id);
    strictEqual((await getJson(t, t.ann, `/api/tasks/${id}`)).data_chunk_size, 36);
  });
});
