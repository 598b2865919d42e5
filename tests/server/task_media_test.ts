import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { json, login, send } from "./_client.ts";
import {
  createTask,
  type DataApp,
  getJson,
  imageBytes,
  originalKeyOf,
  STORE_KINDS,
  upload,
  waitStatus,
  withDataApp,
} from "./task_data_fixture.ts";
import { probeImage } from "../../lib/media/probe.ts";

/** Three frames (lexicographical order a, b, c): PNG, JPEG, PNG of different sizes. */
const FILES: [string, Uint8Array][] = [
  ["a.png", await imageBytes(40, 30, "png")],
  ["b.jpg", await imageBytes(50, 20, "jpeg", 0xcc3333ff)],
  ["c.png", await imageBytes(30, 60, "png", 0x33cc33ff)],
];

/** The entries of a zip, in archive order, read from the local headers. */
function zipEntries(zip: Uint8Array): { name: string; bytes: Uint8Array; method: number }[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const entries = [];
  let at = 0;
  while (view.getUint32(at, true) === 0x04034b50) {
    const method = view.getUint16(at + 8, true);
    const size = view.getUint32(at + 18, true);
    const nameLength = view.getUint16(at + 26, true);
    const extra = view.getUint16(at + 28, true);
    const name = new TextDecoder().decode(zip.subarray(at + 30, at + 30 + nameLength));
    const start = at + 30 + nameLength + extra;
    entries.push({ name, bytes: zip.slice(start, start + size), method });
    at = start + size;
  }
  return entries;
}

async function bytesOf(res: Response): Promise<Uint8Array> {
  return new Uint8Array(await res.arrayBuffer());
}

/** A task with FILES, chunk size 2, segment size 2 (jobs [0, 1] and [2, 2]); its id and jobs. */
async function mediaTask(t: DataApp, fields: Record<string, string> = {}) {
  const id = await createTask(t, t.ann, { segment_size: 2 });
  const res = await upload(t, t.ann, id, FILES, {
    image_quality: "70",
    chunk_size: "2",
    ...fields,
  });
  strictEqual(res.status, 202);
  strictEqual((await waitStatus(t, t.ann, id)).state, "Finished");
  const jobs = await getJson(t, t.ann, `/api/jobs?task_id=${id}&sort=id`);
  return { id, jobs: jobs.results.map((j: { id: number }) => j.id) as number[] };
}

const get = (t: DataApp, path: string, headers = t.ann) => t.app.request(path, { headers });

for (const kind of STORE_KINDS) {
  Deno.test(`[${kind}] compressed and original chunks, cached with ETag`, async () => {
    await withDataApp(kind, async (t) => {
      const { id } = await mediaTask(t);
      const path = `/api/tasks/${id}/data?type=chunk&number=0&quality=compressed`;
      const first = await get(t, path);
      strictEqual(first.status, 200);
      strictEqual(first.headers.get("Content-Type"), "application/zip");
      const zip = await bytesOf(first);
      strictEqual(first.headers.get("Content-Length"), String(zip.length));
      ok(first.headers.get("Cache-Control")?.startsWith("private, max-age="));
      const entries = zipEntries(zip);
      deepStrictEqual(entries.map((e) => e.name), ["000000.jpeg", "000001.jpeg"]);
      deepStrictEqual(entries.map((e) => e.method), [0, 0]);
      deepStrictEqual(
        entries.map((e) => probeImage(e.bytes, e.name)).map((i) => [i.mime, i.width, i.height]),
        [
          ["image/jpeg", 40, 30],
          ["image/jpeg", 50, 20],
        ],
      );
      ok(await t.store.blobs.get(`media/task/${id}/chunk/compressed/0`));
      const second = await get(t, path);
      deepStrictEqual(await bytesOf(second), zip);
      const etag = first.headers.get("ETag")!;
      strictEqual(second.headers.get("ETag"), etag);
      const cached = await t.app.request(path, { headers: { ...t.ann, "If-None-Match": etag } });
      strictEqual(cached.status, 304);
      strictEqual(cached.headers.get("ETag"), etag);
      const last = zipEntries(
        await bytesOf(await get(t, `/api/tasks/${id}/data?type=chunk&number=1`)),
      );
      deepStrictEqual(last.map((e) => [e.name, probeImage(e.bytes, e.name).height]), [[
        "000000.jpeg",
        60,
      ]]);
      const original = await get(t, `/api/tasks/${id}/data?type=chunk&number=0&quality=original`);
      strictEqual(original.status, 200);
      const raw = zipEntries(await bytesOf(original));
      deepStrictEqual(raw.map((e) => e.name), ["000000.png", "000001.jpg"]);
      deepStrictEqual(raw[0].bytes, FILES[0][1]);
      deepStrictEqual(raw[1].bytes, FILES[1][1]);
      ok(original.headers.get("ETag") !== etag);
      ok(await t.store.blobs.get(`media/task/${id}/chunk/original/0`));
      // Served from the cache: the originals are no longer needed.
      for (const frame of [0, 1]) await t.store.blobs.delete(await originalKeyOf(t, id, frame));
      deepStrictEqual(await bytesOf(await get(t, path)), zip);
    });
  });

  Deno.test(`[${kind}] job chunks, frames, previews and ranges`, async () => {
    await withDataApp(kind, async (t) => {
      const { id, jobs } = await mediaTask(t);
      strictEqual(jobs.length, 2);
      const outside = await get(
        t,
        `/api/jobs/${jobs[1]}/data?type=chunk&number=0&quality=compressed`,
      );
      strictEqual(outside.status, 400);
      deepStrictEqual(await json(outside), "The chunk number should be in the [1, 1] range");
      const inside = await get(
        t,
        `/api/jobs/${jobs[1]}/data?type=chunk&number=1&quality=compressed`,
      );
      strictEqual(inside.status, 200);
      strictEqual(zipEntries(await bytesOf(inside)).length, 1);
      const taskOut = await get(t, `/api/tasks/${id}/data?type=chunk&number=2`);
      deepStrictEqual([taskOut.status, await json(taskOut)], [
        400,
        "The chunk number should be in the [0, 1] range",
      ]);
      const frame = await get(
        t,
        `/api/jobs/${jobs[0]}/data?type=frame&number=1&quality=compressed`,
      );
      strictEqual(frame.headers.get("Content-Type"), "image/jpeg");
      const jpeg = await bytesOf(frame);
      deepStrictEqual([probeImage(jpeg, "f").width, probeImage(jpeg, "f").height], [50, 20]);
      ok(await t.store.blobs.get(`media/task/${id}/frame/compressed/1`));
      const png = await get(t, `/api/tasks/${id}/data?type=frame&number=2&quality=original`);
      strictEqual(png.headers.get("Content-Type"), "image/png");
      deepStrictEqual(await bytesOf(png), FILES[2][1]);
      const notInJob = await get(t, `/api/jobs/${jobs[0]}/data?type=frame&number=2`);
      deepStrictEqual([notInJob.status, await json(notInJob)], [
        400,
        "The frame number doesn't belong to the job",
      ]);
      const badFrame = await get(t, `/api/tasks/${id}/data?type=frame&number=3`);
      deepStrictEqual(await json(badFrame), "The frame number should be in the [0, 2] range");
      for (const path of [`/api/tasks/${id}/preview`, `/api/jobs/${jobs[1]}/preview`]) {
        const res = await get(t, path);
        strictEqual(res.status, 200, path);
        strictEqual(res.headers.get("Content-Type"), "image/jpeg");
        const info = probeImage(await bytesOf(res), "preview");
        ok(info.width <= 256 && info.height <= 256);
      }
      const jobPreview = probeImage(
        await bytesOf(await get(t, `/api/jobs/${jobs[1]}/preview`)),
        "p",
      );
      deepStrictEqual([jobPreview.width, jobPreview.height], [30, 60]);
      const context = await get(t, `/api/jobs/${jobs[0]}/data?type=context_image&number=0`);
      strictEqual(context.status, 404);
      await context.body?.cancel();
    });
  });
}

Deno.test("bad parameters get CVAT's 400 messages", async () => {
  await withDataApp("memory", async (t) => {
    const { id, jobs } = await mediaTask(t);
    const cases: [string, string][] = [
      ["", "Data type not specified or has wrong value"],
      ["type=video&number=0", "Data type not specified or has wrong value"],
      ["type=chunk", "Number is not specified"],
      ["type=frame&quality=original", "Number is not specified"],
      ["type=chunk&number=0&quality=best", "Wrong quality value"],
      ["type=chunk&number=abc", "The number should be an integer"],
      ["type=chunk&number=99999999999", "The number should be an integer"],
      ["type=frame&number=-1", "The frame number should be in the [0, 2] range"],
    ];
    for (const [query, message] of cases) {
      const res = await get(t, `/api/tasks/${id}/data?${query}`);
      deepStrictEqual([res.status, await json(res)], [400, message], query);
    }
    const res = await get(t, `/api/jobs/${jobs[0]}/data?type=chunk&number=0&quality=x`);
    deepStrictEqual([res.status, await json(res)], [400, "Wrong quality value"]);
    const put = await send(t.app, "PUT", `/api/jobs/${jobs[0]}/data`, {}, t.ann);
    strictEqual(put.status, 405);
    await put.body?.cancel();
  });
});

Deno.test("access: strangers get 403, cookies alone work, no data is 404", async () => {
  await withDataApp("memory", async (t) => {
    const { id, jobs } = await mediaTask(t);
    for (
      const path of [
        `/api/tasks/${id}/data?type=chunk&number=0`,
        `/api/jobs/${jobs[0]}/data?type=chunk&number=0`,
        `/api/tasks/${id}/preview`,
        `/api/jobs/${jobs[0]}/preview`,
      ]
    ) {
      const res = await get(t, path, t.eve);
      strictEqual(res.status, 403, path);
      await res.body?.cancel();
      const anonymous = await t.app.request(path);
      strictEqual(anonymous.status, 401, path);
      await anonymous.body?.cancel();
    }
    const session = await login(t.app, "ann", "pw-ann-1");
    const worker = await t.app.request(
      `/api/jobs/${jobs[0]}/data?org=&quality=compressed&type=chunk&number=0`,
      { headers: { Cookie: session.cookie } },
    );
    strictEqual(worker.status, 200);
    strictEqual(zipEntries(await bytesOf(worker)).length, 2);
    const empty = await createTask(t, t.ann);
    for (
      const path of [`/api/tasks/${empty}/preview`, `/api/tasks/${empty}/data?type=chunk&number=0`]
    ) {
      const res = await get(t, path);
      strictEqual(res.status, 404, path);
      await res.body?.cancel();
    }
  });
});

Deno.test("project preview: the newest task with data, else 404", async () => {
  await withDataApp("memory", async (t) => {
    const created = await send(t.app, "POST", "/api/projects", {
      name: "p",
      labels: [{ name: "car" }],
    }, t.ann);
    const project = (await json(created)).id;
    const none = await get(t, `/api/projects/${project}/preview`);
    strictEqual(none.status, 404);
    await none.body?.cancel();
    const task = await send(t.app, "POST", "/api/tasks", { name: "t", project_id: project }, t.ann);
    const taskId = (await json(task)).id;
    const res = await upload(t, t.ann, taskId, [FILES[2], FILES[0]], { image_quality: "0" });
    strictEqual(res.status, 202);
    strictEqual((await waitStatus(t, t.ann, taskId)).state, "Finished");
    const preview = await get(t, `/api/projects/${project}/preview`);
    strictEqual(preview.status, 200);
    strictEqual(preview.headers.get("Content-Type"), "image/jpeg");
    const info = probeImage(await bytesOf(preview), "p");
    deepStrictEqual([info.width, info.height], [40, 30]);
    // image_quality 0 still encodes (as quality 1).
    const chunk = await get(t, `/api/tasks/${taskId}/data?type=chunk&number=0`);
    strictEqual(chunk.status, 200);
    strictEqual(zipEntries(await bytesOf(chunk)).length, 2);
    const stranger = await get(t, `/api/projects/${project}/preview`, t.eve);
    strictEqual(stranger.status, 403);
    await stranger.body?.cancel();
  });
});
