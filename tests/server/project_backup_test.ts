import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { createUser, json, login, send } from "./_client.ts";
import {
  type DataApp,
  getJson,
  STORE_KINDS,
  tusSequence,
  withDataApp,
} from "./task_data_fixture.ts";
import { type Json, waitRequest, zipTexts } from "./exchange_fixture.ts";
import { counts } from "./projects_fixtures.ts";
import {
  annotatedProject,
  exportProject215,
  importProject215,
  pollProjectImport215,
  postProjectBackup,
  projectState,
} from "./project_backup_fixture.ts";
import { openZip } from "../../lib/formats/zip_reader.ts";
import { type ZipEntry, zipStream } from "../../lib/formats/zip_writer.ts";

for (const kind of STORE_KINDS) {
  Deno.test(`project backup round trip (2.15 flows): labels, tasks, frames, annotations, jobs [${kind}]`, async () => {
    await withDataApp(kind, async (t) => {
      const { projectId } = await annotatedProject(t, t.ann);
      const zip = await exportProject215(t, t.ann, projectId);
      const files = await zipTexts(zip);
      const manifest = JSON.parse(files.get("project.json")!);
      deepStrictEqual(Object.keys(manifest), [
        "name",
        "bug_tracker",
        "status",
        "labels",
        "version",
      ]);
      strictEqual(manifest.name, "backup project");
      strictEqual(manifest.labels[2].svg.includes('data-label-name="head"'), true);
      // task_<n> counts every task in id order; the task without data (task_1) is left out.
      ok(files.has("task_0/task.json") && files.has("task_0/data/first_0.png"));
      ok(files.has("task_2/annotations.json") && files.has("task_2/data/manifest.jsonl"));
      ok(![...files.keys()].some((name) => name.startsWith("task_1/")));
      ok(!files.get("task_0/annotations.json")!.includes('"id"'));

      const restored = await importProject215(t, t.ann, zip);
      ok(restored !== projectId);
      deepStrictEqual(
        await projectState(t, t.ann, restored),
        await projectState(t, t.ann, projectId),
      );
      const tasks = (await getJson(t, t.ann, `/api/tasks?project_id=${restored}&sort=id`)).results;
      deepStrictEqual(tasks.map((task: Json) => task.name), ["first", "second"]);
      strictEqual((await getJson(t, t.ann, `/api/projects/${restored}`)).owner.username, "ann");
      // Restored tasks own no labels: they use the project's.
      const own = await t.store.labels.listBy("taskId", tasks[0].id);
      strictEqual(own.length, 0);
    });
  });
}

Deno.test("project backup with the 2.16 flow, restored by another user through /api/requests", async () => {
  await withDataApp("memory", async (t) => {
    const { projectId } = await annotatedProject(t, t.ann);
    const started = await send(
      t.app,
      "POST",
      `/api/projects/${projectId}/backup/export`,
      undefined,
      t.ann,
    );
    strictEqual(started.status, 202);
    const { rq_id } = await json(started);
    strictEqual(rq_id, `export:backup-for-project.id${projectId}-by-user.id2`);
    const request = await waitRequest(t, t.ann, rq_id);
    strictEqual(request.status, "finished");
    strictEqual(request.operation.type, "export:backup");
    strictEqual(request.operation.project_id, projectId);
    const url = new URL(request.result_url);
    strictEqual(url.pathname, `/api/projects/${projectId}/backup/download`);
    const res = await t.app.request(`${url.pathname}${url.search}`, { headers: t.ann });
    strictEqual(res.status, 200);
    ok(/project_backup project_backup_\d{4}_/.test(res.headers.get("content-disposition")!));
    const zip = new Uint8Array(await res.arrayBuffer());
    const stranger = await t.app.request(`${url.pathname}${url.search}`, { headers: t.eve });
    strictEqual(stranger.status, 403);
    await stranger.body?.cancel();

    const posted = await postProjectBackup(t, t.eve, zip);
    strictEqual(posted.status, 202);
    const posted_id = (await json(posted)).rq_id;
    ok(/^import:project-[0-9a-f-]{36}-backup-by-eve$/.test(posted_id));
    const imported = await waitRequest(t, t.eve, posted_id);
    strictEqual(imported.status, "finished", imported.message);
    strictEqual(imported.operation.type, "import:backup");
    const restored = imported.result_id;
    strictEqual((await getJson(t, t.eve, `/api/projects/${restored}`)).owner.username, "eve");
    deepStrictEqual(
      await projectState(t, t.eve, restored),
      await projectState(t, t.ann, projectId),
    );
  });
});

function tusRestore(t: DataApp, zip: Uint8Array): Promise<Response> {
  return tusSequence(t, t.ann, { endpoint: "/api/projects/backup", name: "p.zip", bytes: zip });
}

Deno.test("a project backup uploaded with Upload-Start / TUS / Upload-Finish restores [kv]", async () => {
  await withDataApp("kv", async (t) => {
    const { projectId } = await annotatedProject(t, t.ann);
    const zip = await exportProject215(t, t.ann, projectId);
    const res = await tusRestore(t, zip);
    strictEqual(res.status, 202);
    const done = await pollProjectImport215(t, t.ann, (await json(res)).rq_id);
    strictEqual(done.status, 201);
    const restored = (await json(done)).id;
    deepStrictEqual(
      await projectState(t, t.ann, restored),
      await projectState(t, t.ann, projectId),
    );
    // The uploaded file is gone once restored; the task endpoint never saw it.
    const again = await t.app.request("/api/projects/backup?filename=p.zip", {
      method: "POST",
      headers: { ...t.ann, "Upload-Finish": "true" },
    });
    strictEqual(again.status, 400);
    await again.body?.cancel();
  });
});

/** The zip with some entries replaced (or dropped, for null). */
async function edited(zip: Uint8Array, changes: Record<string, string | null>) {
  const archive = await openZip(zip);
  const entries: ZipEntry[] = [];
  for (const entry of archive.entries) {
    const change = changes[entry.name];
    if (change === null) continue;
    const bytes = change === undefined
      ? await archive.bytes(entry)
      : new TextEncoder().encode(change);
    entries.push({ name: entry.name, data: () => [bytes] });
  }
  return new Uint8Array(await new Response(zipStream(entries)).arrayBuffer());
}

Deno.test("malformed project backups are refused with 400 and leave nothing behind", async () => {
  await withDataApp("memory", async (t) => {
    const { projectId } = await annotatedProject(t, t.ann);
    const zip = await exportProject215(t, t.ann, projectId);
    const before = await counts(t.store);
    const manifest = JSON.parse((await zipTexts(zip)).get("project.json")!);
    const refusedAtOnce = [
      new TextEncoder().encode("not a zip"),
      await edited(zip, { "project.json": null }),
      await edited(zip, { "project.json": "{" }),
      await edited(zip, { "project.json": JSON.stringify({ ...manifest, version: "2.0" }) }),
    ];
    for (const bad of refusedAtOnce) {
      const res = await postProjectBackup(t, t.ann, bad);
      strictEqual(res.status, 400);
      ok(Array.isArray(await json(res)));
    }
    // The file goes in `project_file`.
    const form = new FormData();
    form.append("task_file", new Blob([new Uint8Array(zip)]), "x.zip");
    const wrongField = await t.app.request("/api/projects/backup", {
      method: "POST",
      headers: t.ann,
      body: form,
    });
    strictEqual(wrongField.status, 400);
    deepStrictEqual(await json(wrongField), { project_file: ["No file was submitted."] });

    // Failures found in the background: a bad project label, a task whose annotations name an
    // unknown label (found after the first task is restored), a bad job list.
    const annotations = JSON.parse((await zipTexts(zip)).get("task_2/annotations.json")!);
    annotations[0].shapes[0].label = "nope";
    const task = JSON.parse((await zipTexts(zip)).get("task_0/task.json")!);
    const failing = [
      await edited(zip, { "project.json": JSON.stringify({ ...manifest, labels: [{}] }) }),
      await edited(zip, { "task_2/annotations.json": JSON.stringify(annotations) }),
      await edited(zip, { "task_0/task.json": JSON.stringify({ ...task, jobs: [] }) }),
    ];
    let last = 0;
    for await (const task of t.store.tasks.list({ reverse: true, limit: 1 })) last = task.id;
    const messages = [];
    for (const bad of failing) {
      const res = await postProjectBackup(t, t.ann, bad);
      strictEqual(res.status, 202);
      const done = await pollProjectImport215(t, t.ann, (await json(res)).rq_id);
      strictEqual(done.status, 400);
      messages.push(JSON.stringify(await json(done)));
    }
    ok(messages[1].includes("task_2"), messages[1]);
    ok(messages[2].includes("task_0"), messages[2]);
    deepStrictEqual(await counts(t.store), before);
    strictEqual((await getJson(t, t.ann, "/api/projects")).count, 1);
    // The media of the tasks restored before the failure went with them.
    for (let id = last + 1; id <= last + 12; id++) {
      strictEqual(await t.store.blobs.get(`media/task/${id}/preview`), null);
      strictEqual(await t.store.blobs.get(`media/task/${id}/original/0`), null);
    }
  });
});

Deno.test("project backup permissions: export by whoever sees the project, restore needs creation rights", async () => {
  await withDataApp("memory", async (t) => {
    const { projectId } = await annotatedProject(t, t.ann);
    for (const path of ["backup", "backup/export"]) {
      const method = path === "backup" ? "GET" : "POST";
      const res = await send(t.app, method, `/api/projects/${projectId}/${path}`, undefined, t.eve);
      strictEqual(res.status, 403);
      await res.body?.cancel();
    }
    const missing = await t.app.request("/api/projects/999/backup", { headers: t.ann });
    strictEqual(missing.status, 404);
    await missing.body?.cancel();
    // The admin sees every project; a worker may not create one.
    const zip = await exportProject215(t, t.admin, projectId);
    await createUser(t, "wes", "pw-wes-1", ["worker"]);
    const wes = (await login(t.app, "wes", "pw-wes-1")).headers;
    const refused = await postProjectBackup(t, wes, zip);
    strictEqual(refused.status, 403);
    await refused.body?.cancel();
    // A restore request is its starter's: another user's rq_id → 403.
    const posted = await json(await postProjectBackup(t, t.ann, zip));
    const other = await pollProjectImport215(t, t.eve, posted.rq_id);
    strictEqual(other.status, 403);
    await other.body?.cancel();
    strictEqual((await pollProjectImport215(t, t.ann, posted.rq_id)).status, 201);
    // A task restore's rq_id means nothing to the project endpoint (and the reverse).
    const form = new FormData();
    form.append("task_file", new Blob([new Uint8Array(zip)]), "x.zip");
    const taskPost = await t.app.request("/api/tasks/backup", {
      method: "POST",
      headers: t.ann,
      body: form,
    });
    strictEqual(taskPost.status, 400);
    await taskPost.body?.cancel();
  });
});

Deno.test("a project without tasks backs up as project.json alone and restores with its labels", async () => {
  await withDataApp("memory", async (t) => {
    const body = { name: "bare", labels: [{ name: "cat", attributes: [] }] };
    const projectId = (await json(await send(t.app, "POST", "/api/projects", body, t.ann))).id;
    const zip = await exportProject215(t, t.ann, projectId);
    deepStrictEqual([...(await zipTexts(zip)).keys()], ["project.json"]);
    const restored = await importProject215(t, t.ann, zip);
    deepStrictEqual(
      await projectState(t, t.ann, restored),
      await projectState(t, t.ann, projectId),
    );
    strictEqual((await getJson(t, t.ann, `/api/projects/${restored}`)).name, "bare");
  });
});
