/**
 * Audit of the endpoints added with the exchange work (TUS, share, guides, analytics, exports,
 * imports, requests, backups, project dataset import) against two rules: "nobody reads or
 * changes what is not theirs" and "bad input never causes a 500". Every probe is made as a
 * stranger ("eve", a plain user who owns nothing of ann's), a job assignee ("cat", assigned one
 * job of ann's task) and anonymously. The three problems it found (a download with someone else's rq_id forgot their request) are fixed; their tests carry a note.
 */

import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { createUser, json, login, send } from "./_client.ts";
import { createTask, type DataApp, withDataApp } from "./task_data_fixture.ts";
import {
  EXPORT_FORMAT,
  IMPORT_FORMAT,
  pollUntilDone,
  putAnnotations,
  sampleAnnotations,
  taskWithFrames,
  waitRequest,
} from "./exchange_fixture.ts";
import { closeGate, GATED_FORMAT, openGate } from "./exchange_fake_codec.ts";

const EXPORT = encodeURIComponent(EXPORT_FORMAT);
const IMPORT = encodeURIComponent(IMPORT_FORMAT);
const ANON: Record<string, string> = {};

interface World {
  t: DataApp;
  cat: Record<string, string>;
  task: number;
  /** Ann's task without data. */
  empty: number;
  project: number;
  /** The job cat is assigned to, and the other job of the task. */
  catJob: number;
  otherJob: number;
  labels: Record<string, number>;
}

async function withWorld(fn: (w: World) => Promise<void>): Promise<void> {
  await withDataApp("memory", async (t) => {
    const { id: task, labels } = await taskWithFrames(t, t.ann, 4);
    await putAnnotations(t, t.ann, `/api/tasks/${task}/annotations`, sampleAnnotations(labels));
    const empty = await createTask(t, t.ann, { name: "empty" });
    const project = (await json(await send(t.app, "POST", "/api/projects", { name: "p" }, t.ann)))
      .id;
    const cat = await createUser(t, "cat", "pw-cat-1");
    const jobs = await json(await t.app.request(`/api/jobs?task_id=${task}`, { headers: t.ann }));
    const [catJob, otherJob] = jobs.results.map((j: { id: number }) => j.id).sort();
    const assign = await send(t.app, "PATCH", `/api/jobs/${catJob}`, { assignee: cat.id }, t.ann);
    strictEqual(assign.status, 200);
    await assign.body?.cancel();
    const catHeaders = (await login(t.app, "cat", "pw-cat-1")).headers;
    await fn({ t, cat: catHeaders, task, empty, project, catJob, otherJob, labels });
  });
}

/** Sends a request and returns its status (the body is read and dropped). */
async function status(
  w: World,
  method: string,
  path: string,
  headers: Record<string, string>,
  init: { body?: BodyInit; headers?: Record<string, string> } = {},
): Promise<number> {
  const res = await w.t.app.request(path, {
    method,
    headers: { ...headers, ...init.headers },
    body: init.body,
  });
  await res.body?.cancel();
  return res.status;
}

function annotationForm(text = "<annotations></annotations>", name = "a.xml"): FormData {
  const form = new FormData();
  form.append("annotation_file", new Blob([text]), name);
  return form;
}

const tusStart = (length: number, name = "a.png") => ({
  "Tus-Resumable": "1.0.0",
  "Upload-Length": String(length),
  "Upload-Metadata": `filename ${btoa(name)}`,
});

async function requestIds(w: World): Promise<string[]> {
  const ids: string[] = [];
  for await (const [id] of w.t.store.requests.list()) ids.push(id);
  return ids;
}

// --- TUS on /api/tasks/{id}/data/ ---------------------------------------------------------------

Deno.test("audit new: task data TUS — only who sees the task may start, resume or probe", async () => {
  await withWorld(async (w) => {
    const { t } = w;
    const base = `/api/tasks/${w.empty}/data/`;
    strictEqual(await status(w, "POST", base, t.eve, { headers: tusStart(10) }), 403);
    strictEqual(await status(w, "POST", base, w.cat, { headers: tusStart(10) }), 403);
    strictEqual(await status(w, "POST", base, ANON, { headers: tusStart(10) }), 401);
    strictEqual(await status(w, "OPTIONS", base, t.eve), 403);
    const created = await t.app.request(base, {
      method: "POST",
      headers: { ...t.ann, ...tusStart(4) },
    });
    strictEqual(created.status, 201);
    const location = new URL(created.headers.get("location")!).pathname;
    const uuid = location.split("/").at(-1)!;
    const patch = (headers: Record<string, string>, path = location) =>
      status(w, "PATCH", path, headers, {
        headers: { "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream" },
        body: new Uint8Array([1, 2]),
      });
    strictEqual(await patch(t.eve), 403);
    strictEqual(await patch(w.cat), 403);
    strictEqual(await patch(ANON), 401);
    strictEqual(await status(w, "HEAD", location, t.eve), 403);
    // Eve's own task does not reach ann's upload.
    const mine = await createTask(t, t.eve, { name: "eve's" });
    strictEqual(await patch(t.eve, `/api/tasks/${mine}/data/${uuid}`), 404);
    strictEqual(await status(w, "HEAD", `/api/tasks/${mine}/data/${uuid}`, t.eve), 404);
    // Ann's upload is untouched.
    const head = await t.app.request(location, { method: "HEAD", headers: t.ann });
    strictEqual(head.status, 200);
    strictEqual(head.headers.get("upload-offset"), "0");
    // A task with data refuses more.
    const full = `/api/tasks/${w.task}/data/`;
    strictEqual(await status(w, "POST", full, t.ann, { headers: tusStart(10) }), 400);
  });
});

Deno.test("audit new: task data TUS — bad headers, names and ids are 4xx", async () => {
  await withWorld(async (w) => {
    const { t } = w;
    const base = `/api/tasks/${w.empty}/data/`;
    const post = (headers: Record<string, string>) =>
      status(w, "POST", base, t.ann, { headers: { "Tus-Resumable": "1.0.0", ...headers } });
    const meta = (name: string) => `filename ${btoa(name)}`;
    strictEqual(await post({ "Upload-Length": "abc", "Upload-Metadata": meta("a.png") }), 400);
    strictEqual(await post({ "Upload-Length": "-1", "Upload-Metadata": meta("a.png") }), 400);
    strictEqual(await post({ "Upload-Length": "1e3", "Upload-Metadata": meta("a.png") }), 400);
    strictEqual(
      await post({ "Upload-Length": "99999999999999999999999", "Upload-Metadata": meta("a.png") }),
      400,
    );
    strictEqual(
      await post({ "Upload-Length": String(2 ** 40), "Upload-Metadata": meta("a.png") }),
      413,
    );
    strictEqual(await post({ "Upload-Length": "5", "Upload-Metadata": meta("../../etc/x") }), 400);
    strictEqual(await post({ "Upload-Length": "5", "Upload-Metadata": meta("..") }), 400);
    strictEqual(await post({ "Upload-Length": "5", "Upload-Metadata": "filename !!!notb64" }), 400);
    strictEqual(await post({ "Upload-Length": "5", "Upload-Metadata": "" }), 400);
    strictEqual(await post({ "Upload-Length": "5", "Upload-Metadata": meta("a\nb.png") }), 400);
    const created = await t.app.request(base, {
      method: "POST",
      headers: { ...t.ann, ...tusStart(4) },
    });
    const location = new URL(created.headers.get("location")!).pathname;
    const patch = (offset: string, body: Uint8Array<ArrayBuffer>) =>
      status(w, "PATCH", location, t.ann, { headers: { "Upload-Offset": offset }, body });
    strictEqual(await patch("abc", new Uint8Array([1])), 409);
    strictEqual(await patch("3", new Uint8Array([1])), 409);
    strictEqual(await patch("0", new Uint8Array(9)), 413);
    strictEqual(await status(w, "GET", location, t.ann), 405);
    const unknown = `${base}00000000-0000-4000-8000-000000000000`;
    strictEqual(await status(w, "HEAD", unknown, t.ann), 404);
    strictEqual(
      await status(w, "PATCH", unknown, t.ann, { headers: { "Upload-Offset": "0" } }),
      404,
    );
    strictEqual(await status(w, "PATCH", `${base}not-a-uuid`, t.ann), 404);
    strictEqual(
      await status(w, "POST", "/api/tasks/abc/data/", t.ann, { headers: tusStart(4) }),
      404,
    );
    strictEqual(
      await status(w, "POST", "/api/tasks/99999999999/data/", t.ann, { headers: tusStart(4) }),
      404,
    );
  });
});

// --- GET /api/server/share ----------------------------------------------------------------------

Deno.test("audit new: server share — anonymous 401, traversal and odd input 400, never 500", async () => {
  await withWorld(async (w) => {
    const { t } = w;
    strictEqual(await status(w, "GET", "/api/server/share", ANON), 401);
    strictEqual(await status(w, "GET", "/api/server/share", t.eve), 200);
    strictEqual(await status(w, "GET", "/api/server/share", w.cat), 200);
    for (const dir of ["../", "/../etc", "a/../../", "%00", "x".repeat(5000)]) {
      const code = await status(w, "GET", `/api/server/share?directory=${dir}`, t.eve);
      ok(code === 400, `directory=${dir.slice(0, 20)} → ${code}`);
    }
    strictEqual(await status(w, "POST", "/api/server/share", t.eve), 405);
  });
});

Deno.test("audit new: server share with a share dir — no escape through .., symlinks or NUL", async () => {
  const share = await Deno.makeTempDir({ prefix: "audit_share_" });
  const outside = await Deno.makeTempDir({ prefix: "audit_outside_" });
  try {
    await Deno.mkdir(`${share}/sub`);
    await Deno.writeTextFile(`${share}/sub/a.png`, "x");
    await Deno.writeTextFile(`${outside}/secret.txt`, "s");
    await Deno.symlink(outside, `${share}/link`);
    await withDataApp("memory", { shareDir: share }, async (t) => {
      const get = (q: string) => t.app.request(`/api/server/share${q}`, { headers: t.eve });
      const root = await get("");
      strictEqual(root.status, 200);
      deepStrictEqual((await json(root)).map((e: { name: string }) => e.name), ["sub"]);
      for (
        const q of [
          "?directory=link",
          "?directory=../",
          "?directory=sub/../..",
          "?directory=sub%00",
        ]
      ) {
        const res = await get(q);
        await res.body?.cancel();
        strictEqual(res.status, 400, q);
      }
      const sub = await get("?directory=sub/&search=a");
      deepStrictEqual(await json(sub), [{ name: "a.png", type: "REG", mime_type: "image" }]);
      const file = await get("?directory=sub/a.png");
      await file.body?.cancel();
      strictEqual(file.status, 400);
    });
  } finally {
    await Deno.remove(share, { recursive: true });
    await Deno.remove(outside, { recursive: true });
  }
});

// --- Guides -------------------------------------------------------------------------------------

Deno.test("audit new: guides — strangers neither read nor change; the job assignee reads only", async () => {
  await withWorld(async (w) => {
    const { t } = w;
    const created = await send(
      t.app,
      "POST",
      "/api/guides",
      { task_id: w.task, markdown: "x" },
      t.ann,
    );
    strictEqual(created.status, 201);
    const guide = (await json(created)).id;
    const project = await send(t.app, "POST", "/api/guides", { project_id: w.project }, t.ann);
    strictEqual(project.status, 201);
    const projectGuide = (await json(project)).id;
    const path = `/api/guides/${guide}`;
    strictEqual(await status(w, "GET", path, ANON), 401);
    strictEqual(await status(w, "GET", path, t.eve), 403);
    strictEqual(await status(w, "GET", `/api/guides/${projectGuide}`, t.eve), 403);
    strictEqual(await status(w, "GET", path, w.cat), 200);
    const body = JSON.stringify({ markdown: "hacked" });
    const jsonHeaders = { "Content-Type": "application/json" };
    for (const who of [t.eve, w.cat]) {
      strictEqual(await status(w, "PATCH", path, who, { headers: jsonHeaders, body }), 403);
      strictEqual(await status(w, "DELETE", path, who), 403);
    }
    strictEqual(await status(w, "PATCH", path, ANON, { headers: jsonHeaders, body }), 401);
    strictEqual(await status(w, "DELETE", path, ANON), 401);
    strictEqual((await json(await t.app.request(path, { headers: t.ann }))).markdown, "x");
    // Creating a guide on someone else's task or project.
    strictEqual(
      (await send(t.app, "POST", "/api/guides", { task_id: w.empty }, t.eve)).status,
      403,
    );
    strictEqual(
      (await send(t.app, "POST", "/api/guides", { task_id: w.empty }, w.cat)).status,
      403,
    );
    strictEqual((await send(t.app, "POST", "/api/guides", { task_id: w.empty }, ANON)).status, 401);
  });
});

Deno.test("audit new: guides — bad ids and bodies are 4xx", async () => {
  await withWorld(async (w) => {
    const { t } = w;
    for (const id of ["abc", "99999999999", "-1", "1.5", "0"]) {
      strictEqual(await status(w, "GET", `/api/guides/${id}`, t.ann), 404, id);
    }
    const bodies: unknown[] = [
      {},
      { task_id: "abc" },
      { task_id: 99999999999 },
      { task_id: w.task, project_id: w.project },
      { task_id: [w.task] },
      { task_id: 424242 },
      [],
      null,
      "text",
    ];
    for (const body of bodies) {
      const res = await send(t.app, "POST", "/api/guides", body, t.ann);
      await res.body?.cancel();
      strictEqual(res.status, 400, JSON.stringify(body));
    }
    // DRF's CharField takes a number as its text, as here.
    const number = await send(
      t.app,
      "POST",
      "/api/guides",
      { task_id: w.task, markdown: 12 },
      t.ann,
    );
    strictEqual(number.status, 201);
    strictEqual((await json(number)).markdown, "12");
    const boolean = await send(
      t.app,
      "POST",
      "/api/guides",
      { task_id: w.empty, markdown: true },
      t.ann,
    );
    strictEqual(boolean.status, 400);
    await boolean.body?.cancel();
    for (const raw of ["", "{bad", "[1,"]) {
      const code = await status(w, "POST", "/api/guides", t.ann, {
        headers: { "Content-Type": "application/json" },
        body: raw,
      });
      strictEqual(code, 400, JSON.stringify(raw));
    }
    const xml = await status(w, "POST", "/api/guides", t.ann, {
      headers: { "Content-Type": "application/xml" },
      body: "<a/>",
    });
    ok(xml >= 400 && xml < 500, `xml → ${xml}`);
  });
});

// --- GET /api/analytics/reports -----------------------------------------------------------------

Deno.test("audit new: analytics reports — only for what the caller sees; bad ids and dates 400", async () => {
  await withWorld(async (w) => {
    const { t } = w;
    const get = (q: string, h: Record<string, string>) =>
      status(w, "GET", `/api/analytics/reports?${q}`, h);
    strictEqual(await get(`task_id=${w.task}`, ANON), 401);
    strictEqual(await get(`task_id=${w.task}`, t.eve), 403);
    strictEqual(await get(`project_id=${w.project}`, t.eve), 403);
    strictEqual(await get(`job_id=${w.catJob}`, t.eve), 403);
    strictEqual(await get(`task_id=${w.task}`, w.cat), 403);
    strictEqual(await get(`job_id=${w.otherJob}`, w.cat), 403);
    strictEqual(await get(`job_id=${w.catJob}`, w.cat), 200);
    strictEqual(await get(`task_id=${w.task}`, t.ann), 200);
    for (const q of ["task_id=abc", "task_id=99999999999", "task_id=-1", "", "task_id=424242"]) {
      strictEqual(await get(q, t.ann), 400, q);
    }
    for (const date of ["garbage", "2024-13-01", "2024-02-30T10:00", "9".repeat(400)]) {
      strictEqual(await get(`task_id=${w.task}&start_date=${date}`, t.ann), 400, date);
    }
  });
});

// --- Dataset and annotation exports -------------------------------------------------------------

Deno.test("audit new: exports — strangers, the job assignee and anonymous are refused", async () => {
  await withWorld(async (w) => {
    const { t } = w;
    for (const sub of ["annotations", "dataset"]) {
      const task = `/api/tasks/${w.task}/${sub}?format=${EXPORT}`;
      strictEqual(await status(w, "GET", task, t.eve), 403);
      strictEqual(await status(w, "GET", task, w.cat), 403);
      strictEqual(await status(w, "GET", task, ANON), 401);
      strictEqual(await status(w, "GET", `${task}&action=download`, t.eve), 403);
      strictEqual(await status(w, "GET", `${task}&action=download`, w.cat), 403);
      const other = `/api/jobs/${w.otherJob}/${sub}?format=${EXPORT}`;
      strictEqual(await status(w, "GET", other, w.cat), 403);
      strictEqual(await status(w, "GET", other, t.eve), 403);
      const project = `/api/projects/${w.project}/${sub}?format=${EXPORT}`;
      strictEqual(await status(w, "GET", project, t.eve), 403);
      strictEqual(await status(w, "GET", project, w.cat), 403);
    }
    // The job assignee exports their own job.
    const own = `/api/jobs/${w.catJob}/annotations?format=${EXPORT}`;
    strictEqual((await pollUntilDone(t, w.cat, own)).at(-1), 201);
    for (const kind of ["tasks", "projects"]) {
      const id = kind === "tasks" ? w.task : w.project;
      const post = `/api/${kind}/${id}/dataset/export?format=${EXPORT}&save_images=true`;
      strictEqual(await status(w, "POST", post, t.eve), 403);
      strictEqual(await status(w, "POST", post, w.cat), 403);
      strictEqual(await status(w, "POST", post, ANON), 401);
    }
    strictEqual(
      await status(w, "POST", `/api/jobs/${w.otherJob}/dataset/export?format=${EXPORT}`, w.cat),
      403,
    );
    // Nothing was started on their behalf.
    deepStrictEqual(
      (await requestIds(w)).filter((id) => id.startsWith("export:") && !id.includes("job.id")),
      [],
    );
  });
});

Deno.test("audit new: exports — someone else's rq_id downloads nothing", async () => {
  await withWorld(async (w) => {
    const { t } = w;
    const started = await send(
      t.app,
      "POST",
      `/api/tasks/${w.task}/dataset/export?format=${EXPORT}&save_images=true`,
      undefined,
      t.ann,
    );
    strictEqual(started.status, 202);
    const rqId = (await json(started)).rq_id;
    strictEqual((await waitRequest(t, t.ann, rqId)).status, "finished");
    const q = `rq_id=${encodeURIComponent(rqId)}`;
    strictEqual(await status(w, "GET", `/api/tasks/${w.task}/dataset/download?${q}`, t.eve), 403);
    strictEqual(await status(w, "GET", `/api/tasks/${w.task}/dataset/download?${q}`, w.cat), 403);
    strictEqual(await status(w, "GET", `/api/tasks/${w.task}/dataset/download?${q}`, ANON), 401);
    strictEqual(await status(w, "GET", `/api/jobs/${w.catJob}/dataset/download?${q}`, w.cat), 404);
    strictEqual(await status(w, "GET", `/api/requests/${encodeURIComponent(rqId)}`, t.eve), 404);
    strictEqual(await status(w, "GET", `/api/requests/${encodeURIComponent(rqId)}`, w.cat), 404);
    // Still there for ann.
    strictEqual(await status(w, "GET", `/api/tasks/${w.task}/dataset/download?${q}`, t.ann), 200);
  });
});

Deno.test({
  name:
    "audit new: exports — downloading with someone else's rq_id on one's own project leaves it alone",
  // Was a BUG (fixed): eve's GET /api/projects/{own}/dataset/download?rq_id=<ann's> answers 404 but currentExport() runs first and forgets ann's finished export (its record is older than eve's project); ann's request and download are gone (ann's finished task-creation request goes the same way). Should answer 404 and touch nothing.
  fn: async () => {
    await withWorld(async (w) => {
      const { t } = w;
      const started = await send(
        t.app,
        "POST",
        `/api/tasks/${w.task}/dataset/export?format=${EXPORT}`,
        undefined,
        t.ann,
      );
      const rqId = (await json(started)).rq_id;
      strictEqual((await waitRequest(t, t.ann, rqId)).status, "finished");
      await new Promise((resolve) => setTimeout(resolve, 5));
      const mine = await json(await send(t.app, "POST", "/api/projects", { name: "e" }, t.eve));
      const q = `rq_id=${encodeURIComponent(rqId)}`;
      strictEqual(
        await status(w, "GET", `/api/projects/${mine.id}/dataset/download?${q}`, t.eve),
        404,
      );
      strictEqual(await status(w, "GET", `/api/requests/${encodeURIComponent(rqId)}`, t.ann), 200);
      strictEqual(await status(w, "GET", `/api/tasks/${w.task}/dataset/download?${q}`, t.ann), 200);
      // The same with ann's task creation request.
      const create = (await requestIds(w)).find((id) => id.startsWith("create:"))!;
      const c = `rq_id=${encodeURIComponent(create)}`;
      strictEqual(
        await status(w, "GET", `/api/projects/${mine.id}/dataset/download?${c}`, t.eve),
        404,
      );
      strictEqual(
        await status(w, "GET", `/api/requests/${encodeURIComponent(create)}`, t.ann),
        200,
      );
    });
  },
});

Deno.test({
  name: "audit new: exports — a download probe does not forget someone else's running import",
  // Was a BUG (fixed): GET /api/projects/{own}/dataset/download?rq_id=import:task-N-annotations-by-ann (ids are guessable) calls currentExport() before any check; it deletes every not-finished record that no export of this process runs, so ann's running import vanishes from /api/requests (and her PUT ?format= poll then answers 400 "No file was submitted"). Should answer 404 and touch nothing.
  fn: async () => {
    await withWorld(async (w) => {
      const { t } = w;
      closeGate();
      try {
        const started = await t.app.request(
          `/api/tasks/${w.task}/annotations?format=${encodeURIComponent(GATED_FORMAT)}`,
          { method: "POST", headers: t.ann, body: annotationForm() },
        );
        strictEqual(started.status, 202);
        const rqId = (await json(started)).rq_id;
        const mine = await json(await send(t.app, "POST", "/api/projects", { name: "e" }, t.eve));
        const q = `rq_id=${encodeURIComponent(rqId)}`;
        const probe = `/api/projects/${mine.id}/dataset/download?${q}`;
        strictEqual(await status(w, "GET", probe, t.eve), 404);
        strictEqual(
          await status(w, "GET", `/api/requests/${encodeURIComponent(rqId)}`, t.ann),
          200,
        );
      } finally {
        openGate();
      }
    });
  },
});

Deno.test("audit new: exports — bad ids, formats, actions, rq_ids and filenames are 4xx", async () => {
  await withWorld(async (w) => {
    const { t } = w;
    const get = (path: string) => status(w, "GET", path, t.ann);
    strictEqual(await get(`/api/tasks/abc/dataset?format=${EXPORT}`), 404);
    strictEqual(await get(`/api/tasks/99999999999/dataset?format=${EXPORT}`), 404);
    strictEqual(await get(`/api/jobs/99999999999/annotations?format=${EXPORT}`), 404);
    strictEqual(await get(`/api/projects/99999999999/dataset?format=${EXPORT}`), 404);
    strictEqual(await get(`/api/tasks/${w.task}/dataset?format=Nope`), 400);
    strictEqual(await get(`/api/tasks/${w.task}/dataset?format=%00`), 400);
    strictEqual(await get(`/api/tasks/${w.task}/dataset?format=${"x".repeat(10000)}`), 400);
    strictEqual(await get(`/api/tasks/${w.task}/dataset?format=${EXPORT}&action=%ff`), 400);
    strictEqual(await get(`/api/tasks/${w.task}/dataset?format=${EXPORT}&location=moon`), 400);
    strictEqual(await get(`/api/tasks/${w.empty}/dataset?format=${EXPORT}`), 400);
    strictEqual(await get(`/api/projects/${w.project}/dataset`), 400);
    const post = (q: string) =>
      status(w, "POST", `/api/tasks/${w.task}/dataset/export?${q}`, t.ann);
    strictEqual(await post(""), 400);
    strictEqual(await post("format=Nope"), 400);
    strictEqual(await post(`format=${EXPORT}&location=cloud_storage`), 400);
    strictEqual(
      await status(w, "POST", `/api/tasks/${w.task}/dataset/export?format=${EXPORT}`, t.ann, {
        headers: { "Content-Type": "application/json" },
        body: "{not json",
      }),
      202,
    );
    const download = (q: string) => get(`/api/tasks/${w.task}/dataset/download?${q}`);
    strictEqual(await download(""), 400);
    strictEqual(await download("rq_id="), 400);
    for (const rq of ["nope", "%25%25%25", "x".repeat(5000), "export%3A..%2F..%2F", "%E0%A4%A"]) {
      strictEqual(await download(`rq_id=${rq}`), 404, rq);
    }
    // Weird file names on a finished download are sanitised.
    const url = `/api/tasks/${w.task}/annotations?format=${EXPORT}`;
    strictEqual((await pollUntilDone(t, t.ann, url)).at(-1), 201);
    const file = await t.app.request(
      `${url}&action=download&filename=${encodeURIComponent('a"\r\n/../b\u00e9.zip')}`,
      { headers: t.ann },
    );
    strictEqual(file.status, 200);
    const disposition = file.headers.get("content-disposition") ?? "";
    ok(!/[\r\n]/.test(disposition) && !disposition.includes("/"), disposition);
    await file.body?.cancel();
  });
});

// --- Annotation imports -------------------------------------------------------------------------

Deno.test("audit new: imports — strangers and the job assignee cannot import into what is not theirs", async () => {
  await withWorld(async (w) => {
    const { t } = w;
    const task = `/api/tasks/${w.task}/annotations?format=${IMPORT}`;
    const other = `/api/jobs/${w.otherJob}/annotations?format=${IMPORT}`;
    for (const [who, code] of [[t.eve, 403], [w.cat, 403], [ANON, 401]] as const) {
      strictEqual(await status(w, "POST", task, who, { body: annotationForm() }), code);
      strictEqual(await status(w, "PUT", task, who, { body: annotationForm() }), code);
      strictEqual(await status(w, "POST", other, who, { body: annotationForm() }), code);
      strictEqual(
        await status(w, "POST", `/api/tasks/${w.task}/annotations/`, who, {
          headers: tusStart(5, "a.xml"),
        }),
        code,
      );
      strictEqual(
        await status(w, "PUT", `${task}&rq_id=import:task-${w.task}-annotations-by-ann`, who),
        code,
      );
    }
    // Ann's annotations are untouched.
    const body = await json(
      await t.app.request(`/api/tasks/${w.task}/annotations`, { headers: t.ann }),
    );
    strictEqual(body.shapes.length, 2);
    deepStrictEqual((await requestIds(w)).filter((id) => id.startsWith("import:")), []);
    // The job assignee may import into their own job.
    const own = await t.app.request(`/api/jobs/${w.catJob}/annotations?format=${IMPORT}`, {
      method: "POST",
      headers: w.cat,
      body: annotationForm(),
    });
    strictEqual(own.status, 202);
    deepStrictEqual(await json(own), { rq_id: `import:job-${w.catJob}-annotations-by-cat` });
  });
});

Deno.test("audit new: imports — someone else's TUS upload and rq_id stay theirs", async () => {
  await withWorld(async (w) => {
    const { t } = w;
    const base = `/api/tasks/${w.task}/annotations/`;
    const created = await t.app.request(base, {
      method: "POST",
      headers: { ...t.ann, ...tusStart(5, "a.xml") },
    });
    strictEqual(created.status, 201);
    const location = new URL(created.headers.get("location")!).pathname;
    const uuid = location.split("/").at(-1)!;
    for (const who of [t.eve, w.cat]) {
      strictEqual(await status(w, "HEAD", location, who), 403);
      strictEqual(
        await status(w, "PATCH", location, who, {
          headers: { "Upload-Offset": "0" },
          body: "<a/>",
        }),
        403,
      );
      strictEqual(
        await status(w, "PATCH", `/api/jobs/${w.catJob}/annotations/${uuid}`, who),
        who === w.cat ? 404 : 403,
      );
    }
    // The assignee's own job PUT with ann's rq_id.
    strictEqual(
      await status(
        w,
        "PUT",
        `/api/jobs/${w.catJob}/annotations?format=${IMPORT}&rq_id=import:task-${w.task}-annotations-by-ann`,
        w.cat,
      ),
      403,
    );
    const head = await t.app.request(location, { method: "HEAD", headers: t.ann });
    strictEqual(head.headers.get("upload-offset"), "0");
    await head.body?.cancel();
  });
});

Deno.test("audit new: imports — bad formats, bodies, content types and file names are 4xx", async () => {
  await withWorld(async (w) => {
    const { t } = w;
    const path = `/api/tasks/${w.task}/annotations`;
    const cases: [string, string, { body?: BodyInit; headers?: Record<string, string> }][] = [
      ["POST", `${path}?format=Nope`, { body: annotationForm() }],
      ["PUT", `${path}?format=Nope`, { body: annotationForm() }],
      ["POST", `${path}?format=${IMPORT}`, {}],
      ["POST", `${path}?format=${IMPORT}`, { body: "", headers: { "Content-Type": "text/plain" } }],
      ["POST", `${path}?format=${IMPORT}`, {
        body: "{}",
        headers: { "Content-Type": "application/json" },
      }],
      ["PUT", `${path}?format=${IMPORT}`, { body: "x", headers: { "Content-Type": "text/plain" } }],
      [
        "POST",
        `${path}?format=${IMPORT}`,
        { body: "--x\r\nbroken", headers: { "Content-Type": "multipart/form-data; boundary=x" } },
      ],
      ["POST", `${path}?format=${IMPORT}&filename=../../etc/passwd`, {
        headers: { "Upload-Finish": "" },
      }],
      ["POST", `${path}?format=${IMPORT}&filename=%00`, { headers: { "Upload-Finish": "" } }],
      ["POST", `${path}?format=${IMPORT}&rq_id=garbage`, { body: annotationForm() }],
      ["PUT", `${path}?format=${IMPORT}&rq_id=%ZZ`, { body: annotationForm() }],
      ["POST", `/api/tasks/${w.empty}/annotations?format=${IMPORT}`, { body: annotationForm() }],
      ["POST", `/api/tasks/abc/annotations?format=${IMPORT}`, { body: annotationForm() }],
      ["POST", `/api/jobs/99999999999/annotations?format=${IMPORT}`, { body: annotationForm() }],
      ["POST", `${path}/`, { headers: tusStart(5, "../x.xml") }],
      ["POST", `${path}/`, {
        headers: { "Upload-Length": "zz", "Upload-Metadata": `filename ${btoa("a.xml")}` },
      }],
    ];
    for (const [method, url, init] of cases) {
      const code = await status(w, method, url, t.ann, init);
      ok(code >= 400 && code < 500, `${method} ${url.slice(0, 80)} → ${code}`);
    }
    // A file that does not parse ends as a failed request, not a 500 from the server.
    const bad = await t.app.request(`${path}?format=${IMPORT}`, {
      method: "POST",
      headers: t.ann,
      body: annotationForm("<<< not xml", "../../weird name?.xml"),
    });
    strictEqual(bad.status, 202);
    const rqId = (await json(bad)).rq_id;
    strictEqual((await waitRequest(t, t.ann, rqId)).status, "failed");
    strictEqual(await status(w, "PUT", `${path}?format=${IMPORT}&rq_id=${rqId}`, t.ann), 400);
    const body = await json(await t.app.request(path, { headers: t.ann }));
    strictEqual(body.shapes.length, 2);
  });
});

// --- /api/requests ------------------------------------------------------------------------------

Deno.test("audit new: requests — nobody reads, lists or cancels another user's requests", async () => {
  await withWorld(async (w) => {
    const { t } = w;
    const exp = await send(
      t.app,
      "POST",
      `/api/tasks/${w.task}/dataset/export?format=${EXPORT}`,
      undefined,
      t.ann,
    );
    await waitRequest(t, t.ann, (await json(exp)).rq_id);
    const backup = await send(
      t.app,
      "POST",
      `/api/tasks/${w.task}/backup/export`,
      undefined,
      t.ann,
    );
    await waitRequest(t, t.ann, (await json(backup)).rq_id);
    const imp = await t.app.request(`/api/tasks/${w.task}/annotations?format=${IMPORT}`, {
      method: "POST",
      headers: t.ann,
      body: annotationForm(),
    });
    await waitRequest(t, t.ann, (await json(imp)).rq_id);
    const ids = await requestIds(w);
    ok(ids.length >= 4, ids.join()); // the creation, the export, the backup and the import
    for (const id of ids) {
      const path = `/api/requests/${encodeURIComponent(id)}`;
      strictEqual(await status(w, "GET", path, t.eve), 404, id);
      strictEqual(await status(w, "GET", path, w.cat), 404, id);
      strictEqual(await status(w, "GET", path, ANON), 401, id);
      strictEqual(await status(w, "GET", path, t.ann), 200, id);
      strictEqual(await status(w, "POST", `${path}/cancel`, t.eve), 404, id);
      strictEqual(await status(w, "POST", `${path}/cancel`, ANON), 401, id);
    }
    for (const who of [t.eve, w.cat]) {
      strictEqual((await json(await t.app.request("/api/requests", { headers: who }))).count, 0);
    }
    strictEqual(await status(w, "GET", "/api/requests", ANON), 401);
    strictEqual(
      (await json(await t.app.request("/api/requests", { headers: t.ann }))).count,
      ids.length,
    );
  });
});

Deno.test("audit new: requests — malformed ids and filters are 4xx", async () => {
  await withWorld(async (w) => {
    const { t } = w;
    for (const id of ["nope", "%25", "%ZZ", "x".repeat(5000), "..%2F..", "%00"]) {
      const code = await status(w, "GET", `/api/requests/${id}`, t.ann);
      ok(code === 404 || code === 400, `${id.slice(0, 20)} → ${code}`);
    }
    for (
      const q of [
        "status=bogus",
        "page=abc",
        "page_size=-1",
        "task_id=abc",
        "sort=nope",
        "filter={bad",
      ]
    ) {
      const code = await status(w, "GET", `/api/requests?${q}`, t.ann);
      ok(code < 500, `${q} → ${code}`);
    }
  });
});

// --- Task and project backups -------------------------------------------------------------------

Deno.test("audit new: backups — strangers, the job assignee and anonymous are refused", async () => {
  await withWorld(async (w) => {
    const { t } = w;
    for (const [kind, id] of [["tasks", w.task], ["projects", w.project]] as const) {
      for (const [who, code] of [[t.eve, 403], [w.cat, 403], [ANON, 401]] as const) {
        strictEqual(await status(w, "GET", `/api/${kind}/${id}/backup`, who), code);
        strictEqual(await status(w, "GET", `/api/${kind}/${id}/backup?action=download`, who), code);
        strictEqual(await status(w, "POST", `/api/${kind}/${id}/backup/export`, who), code);
        strictEqual(
          await status(w, "GET", `/api/${kind}/${id}/backup/download?rq_id=x`, who),
          code,
        );
      }
    }
    deepStrictEqual((await requestIds(w)).filter((id) => id.startsWith("export:backup")), []);
  });
});

Deno.test("audit new: backups — someone else's export rq_id downloads nothing; restore rq_id is theirs", async () => {
  await withWorld(async (w) => {
    const { t } = w;
    const exp = await send(t.app, "POST", `/api/tasks/${w.task}/backup/export`, undefined, t.ann);
    strictEqual(exp.status, 202);
    const rqId = (await json(exp)).rq_id;
    strictEqual((await waitRequest(t, t.ann, rqId)).status, "finished");
    const q = `rq_id=${encodeURIComponent(rqId)}`;
    strictEqual(await status(w, "GET", `/api/tasks/${w.task}/backup/download?${q}`, t.eve), 403);
    strictEqual(await status(w, "GET", `/api/tasks/${w.task}/backup/download?${q}`, w.cat), 403);
    const file = await t.app.request(`/api/tasks/${w.task}/backup/download?${q}`, {
      headers: t.ann,
    });
    strictEqual(file.status, 200);
    const bytes = new Uint8Array(await file.arrayBuffer());
    // Ann restores; eve and cat may not read ann's restore request.
    const form = new FormData();
    form.append("task_file", new Blob([bytes]), "backup.zip");
    const restore = await t.app.request("/api/tasks/backup", {
      method: "POST",
      headers: t.ann,
      body: form,
    });
    strictEqual(restore.status, 202);
    const restoreId = (await json(restore)).rq_id;
    await waitRequest(t, t.ann, restoreId);
    for (const who of [t.eve, w.cat]) {
      const res = await send(t.app, "POST", "/api/tasks/backup", { rq_id: restoreId }, who);
      await res.body?.cancel();
      strictEqual(res.status, 403);
      const query = await t.app.request(
        `/api/tasks/backup?rq_id=${encodeURIComponent(restoreId)}`,
        {
          method: "POST",
          headers: who,
        },
      );
      await query.body?.cancel();
      strictEqual(query.status, 403);
    }
    strictEqual(
      (await send(t.app, "POST", "/api/tasks/backup", { rq_id: restoreId }, ANON)).status,
      401,
    );
    // Still there for ann: 201 with the new task's id.
    const mine = await send(t.app, "POST", "/api/tasks/backup", { rq_id: restoreId }, t.ann);
    strictEqual(mine.status, 201);
    ok(Number.isInteger((await json(mine)).id));
    // A task restore id is not a project restore.
    const crossed = await send(t.app, "POST", "/api/projects/backup", { rq_id: restoreId }, t.eve);
    ok(
      crossed.status === 400 || crossed.status === 403 || crossed.status === 404,
      `${crossed.status}`,
    );
    await crossed.body?.cancel();
  });
});

Deno.test({
  name: "audit new: backups — a download probe with someone else's rq_id leaves their backup alone",
  // Was a BUG (fixed): eve's GET /api/projects/{own}/backup/download?rq_id=<ann's task backup rq_id> answers 404 but currentExport() forgets ann's finished backup first (its record is older than eve's project): ann's /api/requests/{id} and backup/download then answer 404. Should answer 404 and touch nothing.
  fn: async () => {
    await withWorld(async (w) => {
      const { t } = w;
      const exp = await send(t.app, "POST", `/api/tasks/${w.task}/backup/export`, undefined, t.ann);
      const rqId = (await json(exp)).rq_id;
      strictEqual((await waitRequest(t, t.ann, rqId)).status, "finished");
      await new Promise((resolve) => setTimeout(resolve, 5));
      const mine = await json(await send(t.app, "POST", "/api/projects", { name: "e" }, t.eve));
      const q = `rq_id=${encodeURIComponent(rqId)}`;
      strictEqual(
        await status(w, "GET", `/api/projects/${mine.id}/backup/download?${q}`, t.eve),
        404,
      );
      strictEqual(await status(w, "GET", `/api/requests/${encodeURIComponent(rqId)}`, t.ann), 200);
      strictEqual(await status(w, "GET", `/api/tasks/${w.task}/backup/download?${q}`, t.ann), 200);
    });
  },
});

Deno.test("audit new: backup import — workers refused, bad bodies and rq_ids are 4xx", async () => {
  await withWorld(async (w) => {
    const { t } = w;
    await createUser(t, "wendy", "pw-wendy-1", ["worker"]);
    const wendy = (await login(t.app, "wendy", "pw-wendy-1")).headers;
    for (const path of ["/api/tasks/backup", "/api/projects/backup"]) {
      const form = new FormData();
      form.append(path.includes("tasks") ? "task_file" : "project_file", new Blob(["PK"]), "b.zip");
      strictEqual(await status(w, "POST", path, wendy, { body: form }), 403);
      strictEqual(
        await status(w, "POST", `${path}/`, wendy, { headers: tusStart(5, "b.zip") }),
        403,
      );
      strictEqual(await status(w, "POST", path, ANON), 401);
      const cases: { body?: BodyInit; headers?: Record<string, string> }[] = [
        {},
        { body: "", headers: { "Content-Type": "application/json" } },
        { body: "{bad", headers: { "Content-Type": "application/json" } },
        { body: "[1]", headers: { "Content-Type": "application/json" } },
        { body: "null", headers: { "Content-Type": "application/json" } },
        { body: '{"rq_id": 5}', headers: { "Content-Type": "application/json" } },
        { body: "x", headers: { "Content-Type": "text/plain" } },
        { body: "a=b", headers: { "Content-Type": "application/x-www-form-urlencoded" } },
        { body: "--x\r\nbroken", headers: { "Content-Type": "multipart/form-data; boundary=x" } },
      ];
      for (const init of cases) {
        const code = await status(w, "POST", path, t.eve, init);
        ok(code === 400, `${path} ${JSON.stringify(init.body)} → ${code}`);
      }
      const form2 = new FormData();
      form2.append(
        path.includes("tasks") ? "task_file" : "project_file",
        new Blob(["not a zip"]),
        "b.zip",
      );
      strictEqual(await status(w, "POST", path, t.eve, { body: form2 }), 400);
      for (
        const q of ["rq_id=nope", "rq_id=%ZZ", "filename=../../x", "filename=%00", "location=moon"]
      ) {
        const code = await status(w, "POST", `${path}?${q}`, t.eve);
        ok(code >= 400 && code < 500, `${path}?${q} → ${code}`);
      }
    }
  });
});

// --- Project dataset import ---------------------------------------------------------------------

Deno.test("audit new: project dataset import — 400 for the owner, 403 for others, 401 anonymous", async () => {
  await withWorld(async (w) => {
    const { t } = w;
    const path = `/api/projects/${w.project}/dataset?format=${IMPORT}`;
    const form = () => {
      const f = new FormData();
      f.append("dataset_file", new Blob(["PK"]), "d.zip");
      return f;
    };
    strictEqual(await status(w, "POST", path, t.ann, { body: form() }), 400);
    strictEqual(await status(w, "POST", path, t.eve, { body: form() }), 403);
    strictEqual(await status(w, "POST", path, w.cat, { body: form() }), 403);
    strictEqual(await status(w, "POST", path, ANON, { body: form() }), 401);
    strictEqual(
      await status(w, "POST", `/api/projects/${w.project}/dataset/`, t.eve, {
        headers: tusStart(5),
      }),
      403,
    );
    const uuid = "00000000-0000-4000-8000-000000000000";
    strictEqual(await status(w, "PATCH", `/api/projects/${w.project}/dataset/${uuid}`, t.eve), 403);
    const status2 = `${path}&action=import_status`;
    strictEqual(await status(w, "GET", status2, t.eve), 403);
    strictEqual(await status(w, "GET", status2, t.ann), 400);
    strictEqual(await status(w, "POST", `/api/projects/abc/dataset`, t.ann), 404);
    strictEqual(await status(w, "POST", `/api/projects/99999999999/dataset`, t.ann), 404);
    strictEqual(
      await status(w, "POST", path, t.ann, {
        body: "{",
        headers: { "Content-Type": "application/json" },
      }),
      400,
    );
  });
});
