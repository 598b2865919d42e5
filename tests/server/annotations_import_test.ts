/**
 * Annotation imports (issue 7): multipart POST and PUT, TUS, polling with `rq_id`, the request
 * record, all-or-nothing failures, job imports and permissions.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { json, send, type TestApp } from "./_client.ts";
import { STORE_KINDS, withDataApp } from "./task_data_fixture.ts";
import {
  EXPORT_FORMAT,
  IMPORT_FORMAT,
  type Json,
  pollUntilDone,
  putAnnotations,
  sampleAnnotations,
  taskWithFrames,
  waitRequest,
} from "./exchange_fixture.ts";
import { closeGate, GATED_FORMAT, openGate } from "./exchange_fake_codec.ts";

const IMPORT = encodeURIComponent(IMPORT_FORMAT);

/** Exports a task's (or job's) annotations in CVAT for images 1.1; returns the zip. */
async function exportFile(t: TestApp, headers: Record<string, string>, path: string) {
  const url = `${path}/annotations?format=${encodeURIComponent(EXPORT_FORMAT)}`;
  strictEqual((await pollUntilDone(t, headers, url)).at(-1), 201);
  const file = await t.app.request(`${url}&action=download`, { headers });
  return new Uint8Array(await file.arrayBuffer());
}

function form(bytes: Uint8Array, name = "annotations.zip"): FormData {
  const data = new FormData();
  data.append("annotation_file", new Blob([new Uint8Array(bytes)]), name);
  return data;
}

/** What import round trips keep: objects by kind, frame, type, label and points. */
function essence(data: Json, labels: Record<number, string>) {
  const shapes = data.shapes.map((s: Json) => [s.frame, s.type, labels[s.label_id], s.points]);
  const tags = data.tags.map((g: Json) => [g.frame, labels[g.label_id]]);
  return { shapes: shapes.sort(), tags: tags.sort(), tracks: data.tracks.length };
}

const names = (labels: Record<string, number>) =>
  Object.fromEntries(Object.entries(labels).map(([name, id]) => [id, name]));

async function annotations(t: TestApp, headers: Record<string, string>, path: string) {
  return await json(await t.app.request(`${path}/annotations`, { headers }));
}

for (const kind of STORE_KINDS) {
  Deno.test(`import (${kind}): export → import into another task keeps the annotations`, async () => {
    await withDataApp(kind, async (t) => {
      const a = await taskWithFrames(t, t.ann, 4, "source");
      const b = await taskWithFrames(t, t.ann, 4, "target");
      await putAnnotations(t, t.ann, `/api/tasks/${a.id}/annotations`, sampleAnnotations(a.labels));
      const zip = await exportFile(t, t.ann, `/api/tasks/${a.id}`);
      const url = `/api/tasks/${b.id}/annotations?format=${IMPORT}&filename=a.zip`;
      const started = await t.app.request(url, { method: "POST", headers: t.ann, body: form(zip) });
      strictEqual(started.status, 202);
      const { rq_id } = await json(started);
      strictEqual(rq_id, `import:task-${b.id}-annotations-by-ann`);
      const request = await waitRequest(t, t.ann, rq_id);
      strictEqual(request.status, "finished");
      strictEqual(request.operation.type, "import:annotations");
      strictEqual(request.operation.task_id, b.id);
      strictEqual(request.operation.format, IMPORT_FORMAT);
      const poll = `/api/tasks/${b.id}/annotations?format=${IMPORT}&rq_id=${rq_id}`;
      deepStrictEqual(await pollUntilDone(t, t.ann, poll, { method: "PUT" }), [201]);
      strictEqual(await t.store.requests.get(rq_id), null);
      const source = essence(await annotations(t, t.ann, `/api/tasks/${a.id}`), names(a.labels));
      const target = essence(await annotations(t, t.ann, `/api/tasks/${b.id}`), names(b.labels));
      deepStrictEqual(target, source);
      strictEqual(target.shapes.length, 2);
    });
  });
}

Deno.test("import: a failing import reports 400 and changes nothing", async () => {
  await withDataApp("memory", async (t) => {
    const b = await taskWithFrames(t, t.ann, 4);
    await putAnnotations(t, t.ann, `/api/tasks/${b.id}/annotations`, sampleAnnotations(b.labels));
    const before = await annotations(t, t.ann, `/api/tasks/${b.id}`);
    const bad = new TextEncoder().encode("<annotations><image id='0' name='nope.png'");
    const url = `/api/tasks/${b.id}/annotations?format=${IMPORT}`;
    const started = await t.app.request(url, {
      method: "PUT",
      headers: t.ann,
      body: form(bad, "annotations.xml"),
    });
    strictEqual(started.status, 202);
    const { rq_id } = await json(started);
    strictEqual((await waitRequest(t, t.ann, rq_id)).status, "failed");
    const answer = await t.app.request(`${url}&rq_id=${rq_id}`, { method: "PUT", headers: t.ann });
    strictEqual(answer.status, 400);
    const message = await json(answer);
    ok(typeof message === "string" && message.length > 0, String(message));
    deepStrictEqual(await annotations(t, t.ann, `/api/tasks/${b.id}`), before);
  });
});

Deno.test("import: a second import while one runs is 409; the poll says 202 then 201", async () => {
  await withDataApp("memory", async (t) => {
    const b = await taskWithFrames(t, t.ann, 4);
    await putAnnotations(t, t.ann, `/api/tasks/${b.id}/annotations`, sampleAnnotations(b.labels));
    closeGate();
    const url = `/api/tasks/${b.id}/annotations?format=${encodeURIComponent(GATED_FORMAT)}`;
    const body = () => form(new Uint8Array([1, 2, 3]));
    const first = await t.app.request(url, { method: "POST", headers: t.ann, body: body() });
    strictEqual(first.status, 202);
    const second = await t.app.request(url, { method: "POST", headers: t.ann, body: body() });
    strictEqual(second.status, 409);
    strictEqual(await json(second), "Import job already exists");
    const { rq_id } = await json(first);
    const poll = `${url}&rq_id=${rq_id}`;
    strictEqual((await t.app.request(poll, { method: "PUT", headers: t.ann })).status, 202);
    // Another user's request id is refused.
    const other = await t.app.request(poll, { method: "PUT", headers: t.admin });
    strictEqual(other.status, 403);
    openGate();
    strictEqual((await pollUntilDone(t, t.ann, poll, { method: "PUT" })).at(-1), 201);
    // The gated import read nothing: the task is now empty.
    deepStrictEqual((await annotations(t, t.ann, `/api/tasks/${b.id}`)).shapes, []);
  });
});

Deno.test("import: TUS upload, then Upload-Finish with filename", async () => {
  await withDataApp("kv", async (t) => {
    const a = await taskWithFrames(t, t.ann, 4, "source");
    const b = await taskWithFrames(t, t.ann, 4, "target");
    await putAnnotations(t, t.ann, `/api/tasks/${a.id}/annotations`, sampleAnnotations(a.labels));
    const zip = await exportFile(t, t.ann, `/api/tasks/${a.id}`);
    const base = `/api/tasks/${b.id}/annotations`;
    const query = `?format=${IMPORT}&filename=up.zip`;
    const startRes = await t.app.request(base + query, {
      method: "POST",
      headers: { ...t.ann, "Upload-Start": "true" },
    });
    strictEqual(startRes.status, 202);
    const created = await t.app.request(`${base}/`, {
      method: "POST",
      headers: {
        ...t.ann,
        "Tus-Resumable": "1.0.0",
        "Upload-Length": String(zip.byteLength),
        "Upload-Metadata": `filename ${btoa("up.zip")}`,
      },
    });
    strictEqual(created.status, 201);
    const location = new URL(created.headers.get("location")!);
    ok(location.pathname.startsWith(`${base}/`));
    const patched = await t.app.request(location.pathname, {
      method: "PATCH",
      headers: { ...t.ann, "Tus-Resumable": "1.0.0", "Upload-Offset": "0" },
      body: zip,
    });
    strictEqual(patched.status, 204);
    const finished = await t.app.request(base + query, {
      method: "POST",
      headers: { ...t.ann, "Upload-Finish": "true" },
    });
    strictEqual(finished.status, 202);
    const { rq_id } = await json(finished);
    strictEqual((await waitRequest(t, t.ann, rq_id)).status, "finished");
    const source = essence(await annotations(t, t.ann, `/api/tasks/${a.id}`), names(a.labels));
    const target = essence(await annotations(t, t.ann, `/api/tasks/${b.id}`), names(b.labels));
    deepStrictEqual(target, source);
    // The uploaded file is gone once imported.
    strictEqual(await t.store.blobs.get(`exchange/task/${b.id}/import/upload/up.zip`), null);
    const missing = await t.app.request(`${base}?format=${IMPORT}&filename=none.zip`, {
      method: "POST",
      headers: { ...t.ann, "Upload-Finish": "true" },
    });
    strictEqual(missing.status, 400);
  });
});

Deno.test("import: into a job, only the job's frames change", async () => {
  await withDataApp("memory", async (t) => {
    const a = await taskWithFrames(t, t.ann, 4, "source");
    const b = await taskWithFrames(t, t.ann, 4, "target");
    await putAnnotations(t, t.ann, `/api/tasks/${a.id}/annotations`, sampleAnnotations(a.labels));
    const zip = await exportFile(t, t.ann, `/api/tasks/${a.id}`);
    const jobs = await json(await t.app.request(`/api/jobs?task_id=${b.id}`, { headers: t.ann }));
    const second = jobs.results.find((j: { start_frame: number }) => j.start_frame === 2);
    const url = `/api/jobs/${second.id}/annotations?format=${IMPORT}`;
    const started = await t.app.request(url, { method: "POST", headers: t.ann, body: form(zip) });
    const { rq_id } = await json(started);
    strictEqual(rq_id, `import:job-${second.id}-annotations-by-ann`);
    strictEqual((await waitRequest(t, t.ann, rq_id)).status, "finished");
    const task = await annotations(t, t.ann, `/api/tasks/${b.id}`);
    deepStrictEqual(task.shapes.map((s: Json) => [s.frame, s.type]), [[3, "polygon"]]);
    deepStrictEqual(task.tags, []);
  });
});

Deno.test("import: unknown formats, strangers, missing files and size limits", async () => {
  await withDataApp("memory", { maxUploadBytes: 64 * 1024 }, async (t) => {
    const b = await taskWithFrames(t, t.ann, 4);
    const base = `/api/tasks/${b.id}/annotations`;
    const small = form(new Uint8Array([1]));
    const unknown = await t.app.request(`${base}?format=Nope`, {
      method: "POST",
      headers: t.ann,
      body: small,
    });
    strictEqual(unknown.status, 400);
    deepStrictEqual(await json(unknown), ["Unknown input format 'Nope'"]);
    const stranger = await t.app.request(`${base}?format=${IMPORT}`, {
      method: "POST",
      headers: t.eve,
      body: form(new Uint8Array([1])),
    });
    strictEqual(stranger.status, 403);
    const noFile = await send(t.app, "PUT", `${base}?format=${IMPORT}`, undefined, t.ann);
    strictEqual(noFile.status, 400);
    deepStrictEqual(await json(noFile), { annotation_file: ["No file was submitted."] });
    const big = await t.app.request(`${base}?format=${IMPORT}`, {
      method: "POST",
      headers: t.ann,
      body: form(new Uint8Array(100 * 1024)),
    });
    strictEqual(big.status, 413);
    // PUT without format is still the JSON replace.
    const plain = await send(t.app, "PUT", base, sampleAnnotations(b.labels), t.ann);
    strictEqual(plain.status, 200);
  });
});
