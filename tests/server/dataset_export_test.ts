/**
 * Dataset and annotation exports (issue 7): CVAT 2.15's GET flow (202 → 201 → download) and
 * the 2.16+ `dataset/export` + `/api/requests` + `dataset/download` flow, on both stores.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { json, login, send } from "./_client.ts";
import { createTask, STORE_KINDS, withDataApp } from "./task_data_fixture.ts";
import {
  EXPORT_FORMAT,
  pollUntilDone,
  putAnnotations,
  sampleAnnotations,
  taskWithFrames,
  waitRequest,
  zipTexts,
} from "./exchange_fixture.ts";
import { closeGate, GATED_FORMAT, openGate } from "./exchange_fake_codec.ts";

const FORMAT = encodeURIComponent(EXPORT_FORMAT);

for (const kind of STORE_KINDS) {
  Deno.test(`export (${kind}): a task dataset goes 202 → 201 → download, then is forgotten`, async () => {
    await withDataApp(kind, async (t) => {
      const { id, labels } = await taskWithFrames(t, t.ann, 4);
      await putAnnotations(t, t.ann, `/api/tasks/${id}/annotations`, sampleAnnotations(labels));
      const url = `/api/tasks/${id}/dataset?format=${FORMAT}`;
      const first = await t.app.request(url, { headers: t.ann });
      strictEqual(first.status, 202);
      strictEqual(await first.text(), "");
      const seen = await pollUntilDone(t, t.ann, url);
      strictEqual(seen.at(-1), 201);
      const file = await t.app.request(`${url}&action=download`, { headers: t.ann });
      strictEqual(file.status, 200);
      strictEqual(file.headers.get("content-type"), "application/zip");
      const disposition = file.headers.get("content-disposition") ?? "";
      ok(/^attachment; filename="task_export task_dataset_\d{4}_.*\.zip"/.test(disposition));
      const bytes = new Uint8Array(await file.arrayBuffer());
      strictEqual(Number(file.headers.get("content-length")), bytes.byteLength);
      const files = await zipTexts(bytes);
      deepStrictEqual([...files.keys()].sort(), [
        "annotations.xml",
        "images/frame_0.png",
        "images/frame_1.png",
        "images/frame_2.png",
        "images/frame_3.png",
      ]);
      ok(files.get("annotations.xml")!.includes('<box label="car"'));
      // Downloaded once: the request is gone, its file too.
      const again = await t.app.request(`${url}&action=download`, { headers: t.ann });
      strictEqual(again.status, 400);
      strictEqual(await json(again), "Export has not finished");
      const record = await t.store.requests.get(
        `export:dataset-for-task.id${id}-in-CVAT_for_images_1.1-format`,
      );
      strictEqual(record, null);
    });
  });
}

Deno.test("export: a job's annotations cover its frames only, without images", async () => {
  await withDataApp("memory", async (t) => {
    const { id, labels } = await taskWithFrames(t, t.ann, 4);
    await putAnnotations(t, t.ann, `/api/tasks/${id}/annotations`, sampleAnnotations(labels));
    const jobs = await json(await t.app.request(`/api/jobs?task_id=${id}`, { headers: t.ann }));
    const second = jobs.results.find((j: { start_frame: number }) => j.start_frame === 2);
    const url = `/api/jobs/${second.id}/annotations?format=${FORMAT}`;
    strictEqual((await pollUntilDone(t, t.ann, url)).at(-1), 201);
    const file = await t.app.request(`${url}&action=download`, { headers: t.ann });
    strictEqual(file.status, 200);
    ok((file.headers.get("content-disposition") ?? "").includes(`job_${second.id}_annotations_`));
    const files = await zipTexts(new Uint8Array(await file.arrayBuffer()));
    deepStrictEqual([...files.keys()], ["annotations.xml"]);
    const xml = files.get("annotations.xml")!;
    ok(xml.includes("<job>") && xml.includes("frame_3.png") && !xml.includes("frame_0.png"));
    ok(xml.includes("<polygon") && !xml.includes("<box"));
  });
});

Deno.test("export: one request is shared by concurrent calls and by other users", async () => {
  await withDataApp("memory", async (t) => {
    const { id } = await taskWithFrames(t, t.ann, 2);
    closeGate();
    const url = `/api/tasks/${id}/annotations?format=${encodeURIComponent(GATED_FORMAT)}`;
    const answers = await Promise.all([1, 2, 3].map(() => t.app.request(url, { headers: t.ann })));
    deepStrictEqual(answers.map((r) => r.status), [202, 202, 202]);
    const rqId = `export:annotations-for-task.id${id}-in-Gated_test_format_1.0-format`;
    const created = (await t.store.requests.get(rqId))!.created;
    strictEqual((await t.app.request(url, { headers: t.admin })).status, 202);
    strictEqual((await t.store.requests.get(rqId))!.created, created);
    const early = await t.app.request(`${url}&action=download`, { headers: t.admin });
    strictEqual(early.status, 400);
    strictEqual(await json(early), "Export has not finished");
    openGate();
    strictEqual((await pollUntilDone(t, t.admin, url)).at(-1), 201);
    const file = await t.app.request(`${url}&action=download`, { headers: t.admin });
    strictEqual(await file.text(), "gated");
  });
});

Deno.test("export: bad format, bad action, no data, projects and strangers", async () => {
  await withDataApp("memory", async (t) => {
    const { id } = await taskWithFrames(t, t.ann, 2);
    const get = (path: string, headers = t.ann) => t.app.request(path, { headers });
    const unknown = await get(`/api/tasks/${id}/dataset?format=Nope+9`);
    strictEqual(unknown.status, 400);
    deepStrictEqual(await json(unknown), ["Unknown format specified for the request"]);
    const action = await get(`/api/tasks/${id}/dataset?format=${FORMAT}&action=dump`);
    strictEqual(action.status, 400);
    deepStrictEqual(await json(action), ["Unexpected action specified for the request"]);
    const empty = await createTask(t, t.ann);
    const noData = await get(`/api/tasks/${empty}/annotations?format=${FORMAT}`);
    strictEqual(noData.status, 400);
    strictEqual(
      await json(noData),
      "Exporting annotations from a task without data is not allowed",
    );
    strictEqual((await get(`/api/tasks/${id}/dataset?format=${FORMAT}`, t.eve)).status, 403);
    strictEqual((await get(`/api/tasks/9999/dataset?format=${FORMAT}`)).status, 404);
    const project = await json(await send(t.app, "POST", "/api/projects", { name: "p" }, t.ann));
    const noFormat = await get(`/api/projects/${project.id}/annotations`);
    strictEqual(noFormat.status, 400);
    strictEqual(await json(noFormat), "Format is not specified");
    // Project exports: project_export_test.ts.
    // Without `format`, GET annotations is still the JSON.
    const plain = await get(`/api/tasks/${id}/annotations`);
    strictEqual(plain.status, 200);
    deepStrictEqual((await json(plain)).shapes, []);
  });
});

Deno.test("export: a session-only GET that may start an export is 401, as CVAT", async () => {
  await withDataApp("memory", async (t) => {
    const { id } = await taskWithFrames(t, t.ann, 2);
    const session = (await login(t.app, "ann", "pw-ann-1")).session;
    const url = `/api/tasks/${id}/annotations?format=${FORMAT}`;
    strictEqual((await t.app.request(url, { headers: session })).status, 401);
    strictEqual(
      (await t.app.request(`/api/tasks/${id}/dataset?format=`, { headers: session })).status,
      401,
    );
    // Downloads and the JSON stay available to the session.
    const download = await t.app.request(`${url}&action=download`, { headers: session });
    strictEqual(download.status, 400);
    strictEqual(
      (await t.app.request(`/api/tasks/${id}/annotations`, { headers: session })).status,
      200,
    );
  });
});

Deno.test("export: a result older than the task's last change is redone", async () => {
  await withDataApp("memory", async (t) => {
    const { id, labels } = await taskWithFrames(t, t.ann, 2);
    const url = `/api/tasks/${id}/annotations?format=${FORMAT}`;
    strictEqual((await pollUntilDone(t, t.ann, url)).at(-1), 201);
    const body = sampleAnnotations(labels);
    body.shapes = body.shapes.filter((s: { frame: number }) => s.frame < 2);
    await putAnnotations(t, t.ann, `/api/tasks/${id}/annotations`, body);
    const seen = await pollUntilDone(t, t.ann, url);
    deepStrictEqual([seen[0], seen.at(-1)], [202, 201]);
    const file = await t.app.request(`${url}&action=download`, { headers: t.ann });
    const xml = (await zipTexts(new Uint8Array(await file.arrayBuffer()))).get("annotations.xml")!;
    ok(xml.includes('<box label="car"'));
  });
});

for (const kind of STORE_KINDS) {
  Deno.test(`export (${kind}): the 2.16 flow — POST export, /api/requests, download`, async () => {
    await withDataApp(kind, async (t) => {
      const { id } = await taskWithFrames(t, t.ann, 2);
      const path = `/api/tasks/${id}/dataset/export?format=${FORMAT}&save_images=true`;
      const started = await send(t.app, "POST", path, undefined, t.ann);
      strictEqual(started.status, 202);
      const { rq_id } = await json(started);
      ok(rq_id.startsWith(`export:dataset-for-task.id${id}-in-CVAT_for_images_1.1-format`));
      const request = await waitRequest(t, t.ann, rq_id);
      strictEqual(request.status, "finished");
      deepStrictEqual(request.operation, {
        type: "export:dataset",
        target: "task",
        project_id: null,
        task_id: id,
        job_id: null,
        format: EXPORT_FORMAT,
        function_id: null,
      });
      strictEqual(request.owner.username, "ann");
      ok(request.expiry_date > request.finished_date);
      const resultUrl = new URL(request.result_url);
      strictEqual(resultUrl.pathname, `/api/tasks/${id}/dataset/download`);
      for (let i = 0; i < 2; i++) {
        const file = await t.app.request(resultUrl.pathname + resultUrl.search, { headers: t.ann });
        strictEqual(file.status, 200);
        strictEqual((await zipTexts(new Uint8Array(await file.arrayBuffer()))).size, 3);
      }
      const denied = await t.app.request(resultUrl.pathname + resultUrl.search, { headers: t.eve });
      strictEqual(denied.status, 403);
      const listed = await json(
        await t.app.request("/api/requests?action=export", { headers: t.ann }),
      );
      deepStrictEqual(listed.results.map((r: { id: string }) => r.id), [rq_id]);
      // Deleting the task deletes its exports.
      const manifest = `exchange/task/${id}/export/${encodeURIComponent(rq_id)}/manifest`;
      ok(await t.store.blobs.get(manifest));
      strictEqual((await send(t.app, "DELETE", `/api/tasks/${id}`, undefined, t.ann)).status, 204);
      strictEqual(await t.store.blobs.get(manifest), null);
      strictEqual(await t.store.requests.get(rq_id), null);
    });
  });
}

Deno.test("export: a second POST while the request runs is 409; unknown rq_id is 404", async () => {
  await withDataApp("memory", async (t) => {
    const { id } = await taskWithFrames(t, t.ann, 2);
    closeGate();
    const path = `/api/tasks/${id}/dataset/export?format=${encodeURIComponent(GATED_FORMAT)}`;
    const first = await send(t.app, "POST", path, undefined, t.ann);
    strictEqual(first.status, 202);
    const second = await send(t.app, "POST", path, undefined, t.ann);
    strictEqual(second.status, 409);
    const { rq_id } = await json(first);
    const running = await t.app.request(
      `/api/tasks/${id}/dataset/download?rq_id=${encodeURIComponent(rq_id)}`,
      { headers: t.ann },
    );
    strictEqual(running.status, 400);
    openGate();
    strictEqual((await waitRequest(t, t.ann, rq_id)).status, "finished");
    const unknown = await t.app.request(`/api/tasks/${id}/dataset/download?rq_id=x`, {
      headers: t.ann,
    });
    strictEqual(unknown.status, 404);
    const bad = await send(
      t.app,
      "POST",
      `/api/tasks/${id}/dataset/export?format=Nope`,
      undefined,
      t.ann,
    );
    strictEqual(bad.status, 400);
  });
});
