import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { json, send } from "./_client.ts";
import {
  createTask,
  type DataApp,
  getJson,
  imageBytes,
  STORE_KINDS,
  tusSequence,
  upload,
  waitStatus,
  withDataApp,
} from "./task_data_fixture.ts";
import { type Json, waitRequest, zipTexts } from "./exchange_fixture.ts";
import {
  annotatedTask,
  exportBackup215,
  importBackup215,
  pollImport215,
  postBackup,
  taskState,
} from "./backup_fixture.ts";
import {
  bytesOf,
  CVAT_FRAMES,
  cvatBackup,
  cvatManifest,
  SKELETON_SVG,
} from "./backup_cvat_fixture.ts";

for (const kind of STORE_KINDS) {
  Deno.test(`backup round trip (2.15 flows) restores annotations, frames, labels, jobs [${kind}]`, async () => {
    await withDataApp(kind, async (t) => {
      const id = await annotatedTask(t, t.ann);
      const zip = await exportBackup215(t, t.ann, id);
      const files = await zipTexts(zip);
      ok(files.has("task.json") && files.has("annotations.json"));
      ok(files.has("data/frame_0.png") && files.has("data/manifest.jsonl"));
      const manifest = JSON.parse(files.get("task.json")!);
      strictEqual(manifest.version, "1.0");
      deepStrictEqual(manifest.jobs.map((j: Json) => j.status), [
        "annotation",
        "validation",
        "annotation",
      ]);
      ok(!files.get("annotations.json")!.includes('"id"'));
      // The 2.15 download forgets the request: the next GET starts a new export.
      strictEqual(
        (await t.app.request(`/api/tasks/${id}/backup?action=download`, { headers: t.ann })).status,
        400,
      );

      const restored = await importBackup215(t, t.ann, zip);
      ok(restored !== id);
      const before = await taskState(t, t.ann, id);
      const after = await taskState(t, t.ann, restored);
      deepStrictEqual(after, before);
      strictEqual((await getJson(t, t.ann, `/api/tasks/${restored}`)).owner.username, "ann");
      // A backup of the restored task is the same backup (but for nothing).
      const again = await zipTexts(await exportBackup215(t, t.ann, restored));
      deepStrictEqual(again.get("annotations.json"), files.get("annotations.json"));
      deepStrictEqual(again.get("task.json"), files.get("task.json"));
    });
  });
}

Deno.test("backup with the 2.16 request flow, restored by another user polling /api/requests", async () => {
  await withDataApp("memory", async (t) => {
    const id = await annotatedTask(t, t.ann);
    const started = await send(t.app, "POST", `/api/tasks/${id}/backup/export`, undefined, t.ann);
    strictEqual(started.status, 202);
    const { rq_id } = await json(started);
    const request = await waitRequest(t, t.ann, rq_id);
    strictEqual(request.status, "finished");
    strictEqual(request.operation.type, "export:backup");
    const url = new URL(request.result_url);
    strictEqual(url.pathname, `/api/tasks/${id}/backup/download`);
    const res = await t.app.request(`${url.pathname}${url.search}`, { headers: t.ann });
    strictEqual(res.status, 200);
    ok(/task_backup task_backup_\d{4}_/.test(res.headers.get("content-disposition")!));
    const zip = new Uint8Array(await res.arrayBuffer());
    // Another finished export: downloads again; eve may not download ann's.
    strictEqual(
      (await t.app.request(`${url.pathname}${url.search}`, { headers: t.ann })).status,
      200,
    );
    strictEqual(
      (await t.app.request(`${url.pathname}${url.search}`, { headers: t.eve })).status,
      403,
    );

    const posted = await postBackup(t, t.eve, zip);
    strictEqual(posted.status, 202);
    const imported = await waitRequest(t, t.eve, (await json(posted)).rq_id);
    strictEqual(imported.status, "finished");
    strictEqual(imported.operation.type, "import:backup");
    const restored = imported.result_id;
    strictEqual((await getJson(t, t.eve, `/api/tasks/${restored}`)).owner.username, "eve");
    const before = await taskState(t, t.ann, id);
    deepStrictEqual(await taskState(t, t.eve, restored), before);
  });
});

function tusImport(t: DataApp, zip: Uint8Array): Promise<Response> {
  return tusSequence(t, t.ann, { endpoint: "/api/tasks/backup", name: "b.zip", bytes: zip });
}

Deno.test("a backup uploaded with Upload-Start / TUS / Upload-Finish restores [kv]", async () => {
  await withDataApp("kv", async (t) => {
    const id = await annotatedTask(t, t.ann);
    const zip = await exportBackup215(t, t.ann, id);
    const res = await tusImport(t, zip);
    strictEqual(res.status, 202);
    const done = await pollImport215(t, t.ann, (await json(res)).rq_id);
    strictEqual(done.status, 201);
    const restored = (await json(done)).id;
    deepStrictEqual(await taskState(t, t.ann, restored), await taskState(t, t.ann, id));
    // The uploaded file is gone once imported.
    const again = await t.app.request("/api/tasks/backup?filename=b.zip", {
      method: "POST",
      headers: { ...t.ann, "Upload-Finish": "true" },
    });
    strictEqual(again.status, 400);
  });
});

Deno.test("a hand-written CVAT 2.15 backup restores: labels, skeleton, frames, jobs, annotations", async () => {
  await withDataApp("memory", async (t) => {
    const id = await importBackup215(t, t.ann, await cvatBackup());
    const task = await getJson(t, t.ann, `/api/tasks/${id}`);
    strictEqual(task.name, "cvat task");
    strictEqual(task.subset, "Train");
    strictEqual(task.bug_tracker, "https://bugs.example/1");
    strictEqual(task.segment_size, 2);
    const meta = await getJson(t, t.ann, `/api/tasks/${id}/data/meta`);
    deepStrictEqual(meta.frames.map((f: Json) => [f.name, f.width, f.height]), CVAT_FRAMES);
    strictEqual(meta.chunk_size, 72);
    const jobs = (await getJson(t, t.ann, `/api/jobs?task_id=${id}&sort=id`)).results;
    deepStrictEqual(jobs.map((j: Json) => [j.start_frame, j.stop_frame, j.status]), [
      [0, 1, "completed"],
      [2, 2, "annotation"],
    ]);
    const labels = (await getJson(t, t.ann, `/api/labels?task_id=${id}`)).results;
    const person = labels.find((l: Json) => l.name === "person");
    const head = person.sublabels.find((s: Json) => s.name === "head");
    ok(
      person.svg.includes(`data-label-id="${head.id}"`) && !person.svg.includes("data-label-name"),
    );
    const car = labels.find((l: Json) => l.name === "car");
    const first = await getJson(t, t.ann, `/api/jobs/${jobs[0].id}/annotations`);
    strictEqual(first.shapes[0].label_id, car.id);
    deepStrictEqual(first.shapes[0].attributes.map((a: Json) => [a.spec_id, a.value]), [[
      car.attributes[0].id,
      "blue",
    ]]);
    strictEqual(first.shapes[1].elements[0].label_id, head.id);
    const second = await getJson(t, t.ann, `/api/jobs/${jobs[1].id}/annotations`);
    strictEqual(second.tags.length, 1);
    strictEqual(second.tracks[0].shapes[0].attributes[0].value, "red");
  });
});

Deno.test("a CVAT backup with the predefined order restores the manifest's order", async () => {
  await withDataApp("memory", async (t) => {
    const reversed = ['{"version":"1.1"}', '{"type":"images"}'];
    for (const [name, width, height] of [...CVAT_FRAMES].reverse()) {
      const dot = name.lastIndexOf(".");
      reversed.push(
        JSON.stringify({ name: name.slice(0, dot), extension: name.slice(dot), width, height }),
      );
    }
    const zip = await cvatBackup(
      { "data/manifest.jsonl": bytesOf(reversed.join("\n")) },
      cvatManifest({ sorting_method: "predefined" }),
    );
    const id = await importBackup215(t, t.ann, zip);
    const meta = await getJson(t, t.ann, `/api/tasks/${id}/data/meta`);
    deepStrictEqual(meta.frames.map((f: Json) => f.name), CVAT_FRAMES.map((f) => f[0]).reverse());
  });
});

Deno.test("a frame range, random order and a skeleton survive a round trip through a backup", async () => {
  await withDataApp("memory", async (t) => {
    const cvat = await importBackup215(t, t.ann, await cvatBackup());
    const zip = await exportBackup215(t, t.ann, cvat);
    const manifest = JSON.parse((await zipTexts(zip)).get("task.json")!);
    strictEqual(manifest.labels[1].svg, SKELETON_SVG);
    const again = await importBackup215(t, t.ann, zip);
    deepStrictEqual(await taskState(t, t.ann, again), await taskState(t, t.ann, cvat));

    const files: [string, Uint8Array][] = [];
    for (let i = 0; i < 7; i++) files.push([`f${i}.png`, await imageBytes(8 + i, 6, "png")]);
    const ranged = await createTask(t, t.ann, { name: "ranged", segment_size: 2 });
    const fields = {
      image_quality: "50",
      start_frame: "1",
      stop_frame: "6",
      frame_filter: "step=2",
      sorting_method: "random",
    };
    strictEqual((await upload(t, t.ann, ranged, files, fields)).status, 202);
    strictEqual((await waitStatus(t, t.ann, ranged)).state, "Finished");
    const rangedZip = await exportBackup215(t, t.ann, ranged);
    const data = JSON.parse((await zipTexts(rangedZip)).get("task.json")!).data;
    deepStrictEqual([data.start_frame, data.stop_frame, data.frame_filter], [0, 2, undefined]);
    deepStrictEqual(data.cvat_lite_frame_range, {
      start_frame: 1,
      stop_frame: 5,
      frame_filter: "step=2",
    });
    const restored = await importBackup215(t, t.ann, rangedZip);
    deepStrictEqual(await taskState(t, t.ann, restored), await taskState(t, t.ann, ranged));
  });
});
