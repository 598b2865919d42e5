import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { createUser, json, login, send } from "./_client.ts";
import { type DataApp, withDataApp } from "./task_data_fixture.ts";
import { annotatedTask, pollImport215, postBackup } from "./backup_fixture.ts";
import { bytesOf, cvatBackup, cvatManifest } from "./backup_cvat_fixture.ts";

async function taskCount(t: DataApp): Promise<[number, number]> {
  let labels = 0;
  for await (const _ of t.store.labels.list()) labels++;
  return [await t.store.tasks.count(), labels];
}

Deno.test("malformed backups are refused with 400 and leave nothing behind", async () => {
  await withDataApp("kv", async (t) => {
    const before = await taskCount(t);
    const refusedNow = [
      bytesOf("not a zip at all"),
      await cvatBackup({ "task.json": null }),
      await cvatBackup({ "annotations.json": null }),
      await cvatBackup({ "task.json": bytesOf("{not json") }),
      await cvatBackup({}, { ...cvatManifest(), version: "2.0" }),
      await cvatBackup({ "../evil.png": bytesOf("x") }),
      await cvatBackup({ "data/../../evil.png": bytesOf("x") }),
    ];
    for (const zip of refusedNow) {
      const res = await postBackup(t, t.ann, zip);
      strictEqual(res.status, 400, await res.text());
    }
    const refusedLater = [
      await cvatBackup({ "annotations.json": bytesOf('[{"tags":[{"frame":0,"label":"plane"}]}]') }),
      await cvatBackup({ "data/img_a.png": bytesOf("not an image") }),
      await cvatBackup({}, {
        ...cvatManifest(),
        jobs: [{ start_frame: 0, stop_frame: 0, type: "ground_truth" }],
      }),
      await cvatBackup({
        "annotations.json": bytesOf(
          '[{"shapes":[{"frame":2,"label":"car","type":"rectangle","points":[1,1,2,2]}]}]',
        ),
      }),
      await cvatBackup({}, { ...cvatManifest(), labels: [{ name: "car" }, { name: "car" }] }),
    ];
    for (const zip of refusedLater) {
      const res = await postBackup(t, t.ann, zip);
      strictEqual(res.status, 202);
      const done = await pollImport215(t, t.ann, (await json(res)).rq_id);
      strictEqual(done.status, 400, await done.text());
    }
    deepStrictEqual(await taskCount(t), before);
  });
});

Deno.test("backup permissions and refusals", async () => {
  await withDataApp("memory", async (t) => {
    const id = await annotatedTask(t, t.ann);
    strictEqual((await t.app.request(`/api/tasks/${id}/backup`, { headers: t.eve })).status, 403);
    const empty = await send(t.app, "POST", "/api/tasks", {
      name: "empty",
      labels: [{ name: "a" }],
    }, t.ann);
    const emptyId = (await json(empty)).id;
    strictEqual(
      (await t.app.request(`/api/tasks/${emptyId}/backup`, { headers: t.ann })).status,
      400,
    );
    strictEqual(
      (await send(t.app, "POST", `/api/tasks/${emptyId}/backup/export`, undefined, t.ann)).status,
      400,
    );
    // A browser session may only download (CVAT's CSRF workaround).
    const session = (await login(t.app, "ann", "pw-ann-1")).session;
    strictEqual((await t.app.request(`/api/tasks/${id}/backup`, { headers: session })).status, 401);
    // Workers may not create tasks, so they may not restore them.
    await createUser(t, "wendy", "pw-wendy-1", ["worker"]);
    const wendy = (await login(t.app, "wendy", "pw-wendy-1")).headers;
    strictEqual((await postBackup(t, wendy, await cvatBackup())).status, 403);
    // Someone else's restore request is not theirs to read.
    const res = await postBackup(t, t.ann, await cvatBackup());
    const rqId = (await json(res)).rq_id;
    strictEqual(
      (await t.app.request(`/api/tasks/backup?rq_id=${rqId}`, { method: "POST", headers: t.eve }))
        .status,
      403,
    );
    strictEqual((await pollImport215(t, t.ann, rqId)).status, 201);
    strictEqual((await postBackup(t, t.ann, new Uint8Array())).status, 400);
    const none = await t.app.request("/api/tasks/backup", { method: "POST", headers: t.ann });
    deepStrictEqual(await json(none), { task_file: ["No file was submitted."] });
  });
});

Deno.test("a backup over the upload limit is refused (413), by form and by TUS", async () => {
  await withDataApp("memory", { maxUploadBytes: 2000 }, async (t) => {
    const zip = await cvatBackup();
    ok(zip.length > 2000);
    strictEqual((await postBackup(t, t.ann, zip)).status, 413);
    const res = await t.app.request("/api/tasks/backup/", {
      method: "POST",
      headers: {
        ...t.ann,
        "Tus-Resumable": "1.0.0",
        "Upload-Length": String(zip.length),
        "Upload-Metadata": `filename ${btoa("b.zip")}`,
      },
    });
    strictEqual(res.status, 413);
  });
});
