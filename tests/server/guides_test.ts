import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { addJob, annTask, world } from "./projects_fixtures.ts";
import { MAX_MARKDOWN } from "../../lib/server/guides.ts";
import { json, send } from "./_client.ts";
import { createTask, withDataApp } from "./task_data_fixture.ts";

const KEYS = ["created_date", "id", "markdown", "project_id", "task_id", "updated_date"];

async function setup() {
  const w = await world();
  const task = await annTask(w, [{ name: "car" }]);
  return { w, task };
}

Deno.test("guide of a task: create, read, update, delete; the task's guide_id follows", async () => {
  const { w, task } = await setup();
  const before = (await w.ann("GET", `/api/tasks/${task}`)).body;
  strictEqual(before.guide_id, null);
  const created = await w.ann("POST", "/api/guides", {
    task_id: task,
    project_id: null,
    markdown: "# Rules\nBox every car.",
  });
  strictEqual(created.status, 201, JSON.stringify(created.body));
  deepStrictEqual(Object.keys(created.body).sort(), KEYS);
  const id = created.body.id;
  strictEqual(created.body.task_id, task);
  strictEqual(created.body.project_id, null);
  strictEqual(created.body.markdown, "# Rules\nBox every car.");
  const after = (await w.ann("GET", `/api/tasks/${task}`)).body;
  strictEqual(after.guide_id, id);
  ok(after.updated_date >= before.updated_date);
  deepStrictEqual(await w.ann("GET", `/api/guides/${id}`), { status: 200, body: created.body });

  const patched = await w.ann("PATCH", `/api/guides/${id}`, { markdown: "new text" });
  strictEqual(patched.status, 200);
  strictEqual(patched.body.markdown, "new text");
  strictEqual(patched.body.created_date, created.body.created_date);
  ok(patched.body.updated_date >= created.body.updated_date);
  strictEqual((await w.ann("GET", `/api/guides/${id}`)).body.markdown, "new text");
  strictEqual((await w.ann("PATCH", `/api/guides/${id}`, {})).body.markdown, "new text");

  strictEqual((await w.ann("DELETE", `/api/guides/${id}`)).status, 204);
  strictEqual((await w.ann("GET", `/api/tasks/${task}`)).body.guide_id, null);
  deepStrictEqual(await w.ann("GET", `/api/guides/${id}`), {
    status: 404,
    body: { detail: "Not found." },
  });
  // A new guide may be made once the old one is gone; markdown defaults to "".
  const again = await w.ann("POST", "/api/guides", { task_id: task });
  strictEqual(again.status, 201);
  strictEqual(again.body.markdown, "");
  ok(again.body.id > id);
});

Deno.test("guide of a project: its guide_id, and readers among its tasks' staff", async () => {
  const { w } = await setup();
  const project = (await w.ann("POST", "/api/projects", { name: "p", labels: [{ name: "a" }] }))
    .body.id;
  const task = (await w.ann("POST", "/api/tasks", { name: "t", project_id: project })).body.id;
  await addJob(w.store, task, { assigneeId: w.ids.worker });
  const created = await w.ann("POST", "/api/guides", { project_id: project, markdown: "p" });
  strictEqual(created.status, 201, JSON.stringify(created.body));
  strictEqual(created.body.project_id, project);
  strictEqual(created.body.task_id, null);
  strictEqual((await w.ann("GET", `/api/projects/${project}`)).body.guide_id, created.body.id);
  const path = `/api/guides/${created.body.id}`;
  strictEqual((await w.worker("GET", path)).status, 200);
  strictEqual((await w.worker("PATCH", path, { markdown: "x" })).status, 403);
  strictEqual((await w.bob("GET", path)).status, 403);
  deepStrictEqual(await w.ann("POST", "/api/guides", { project_id: project }), {
    status: 400,
    body: { project_id: ["annotation guide with this project already exists."] },
  });
  // Deleting the project deletes its guide.
  strictEqual((await w.ann("DELETE", `/api/projects/${project}`)).status, 204);
  strictEqual(await w.store.blobs.get(`guide/${created.body.id}`), null);
});

Deno.test("guide permissions: strangers, job assignees, task assignees, the admin", async () => {
  const { w, task } = await setup();
  strictEqual((await w.bob("POST", "/api/guides", { task_id: task })).status, 403);
  strictEqual((await w.anonymous("POST", "/api/guides", { task_id: task })).status, 401);
  const id = (await w.ann("POST", "/api/guides", { task_id: task, markdown: "m" })).body.id;
  const path = `/api/guides/${id}`;
  strictEqual((await w.anonymous("GET", path)).status, 401);
  for (const [method, body] of [["GET"], ["PATCH", { markdown: "x" }], ["DELETE"]] as const) {
    strictEqual((await w.bob(method, path, body)).status, 403, method);
    strictEqual((await w.worker(method, path, body)).status, 403, method);
  }
  // A job's assignee may read the task's guide, not change it.
  await addJob(w.store, task, { assigneeId: w.ids.worker });
  strictEqual((await w.worker("GET", path)).body.markdown, "m");
  strictEqual((await w.worker("PATCH", path, { markdown: "x" })).status, 403);
  // The task's assignee may change it.
  strictEqual((await w.ann("PATCH", `/api/tasks/${task}`, { assignee_id: w.ids.bob })).status, 200);
  strictEqual((await w.bob("PATCH", path, { markdown: "by bob" })).status, 200);
  strictEqual((await w.admin("GET", path)).body.markdown, "by bob");
  strictEqual((await w.admin("PATCH", path, { markdown: "by admin" })).status, 200);
  strictEqual((await w.admin("DELETE", path)).status, 204);
});

Deno.test("guide bad input: 400 with CVAT's messages, nothing stored", async () => {
  const { w, task } = await setup();
  const post = (body: unknown) => w.ann("POST", "/api/guides", body);
  deepStrictEqual(await post({ markdown: "x" }), {
    status: 400,
    body: ["One of project_id or task_id must be specified"],
  });
  deepStrictEqual(await post({ task_id: task, project_id: 1 }), {
    status: 400,
    body: ["Both project_id and task_id must not be specified"],
  });
  deepStrictEqual(await post({ task_id: 999 }), {
    status: 400,
    body: ["Task matching query does not exist."],
  });
  deepStrictEqual(await post({ project_id: 999 }), {
    status: 400,
    body: ["Project matching query does not exist."],
  });
  deepStrictEqual(await post({ task_id: "abc" }), {
    status: 400,
    body: { task_id: ["A valid integer is required."] },
  });
  deepStrictEqual(await post({ task_id: task, markdown: { a: 1 } }), {
    status: 400,
    body: { markdown: ["Not a valid string."] },
  });
  strictEqual((await post({ task_id: task, markdown: null })).status, 400);
  strictEqual((await post([task])).status, 400);
  strictEqual((await post("{not json")).status, 400);
  const big = await post({ task_id: task, markdown: "x".repeat(MAX_MARKDOWN + 1) });
  strictEqual(big.status, 400);
  ok(Array.isArray(big.body.markdown));
  const wide = await post({ task_id: task, markdown: "é".repeat(MAX_MARKDOWN / 2 + 1) });
  strictEqual(wide.status, 400);
  strictEqual((await w.ann("GET", `/api/tasks/${task}`)).body.guide_id, null);

  const ok1 = await post({ task_id: task, markdown: "x".repeat(MAX_MARKDOWN) });
  strictEqual(ok1.status, 201);
  deepStrictEqual(await post({ task_id: task }), {
    status: 400,
    body: { task_id: ["annotation guide with this task already exists."] },
  });
  const path = `/api/guides/${ok1.body.id}`;
  strictEqual((await w.ann("PATCH", path, { markdown: 5 })).body.markdown, "5");
  strictEqual((await w.ann("PATCH", path, { markdown: ["x"] })).status, 400);
  strictEqual((await w.ann("GET", "/api/guides/abc")).status, 404);
  strictEqual((await w.ann("GET", "/api/guides/99999999999")).status, 404);
  strictEqual((await w.ann("PUT", path, { markdown: "x" })).status, 405);
  strictEqual((await w.ann("GET", "/api/guides")).status, 405);
});

Deno.test("deleting a task deletes its guide", async () => {
  const { w, task } = await setup();
  const id = (await w.ann("POST", "/api/guides", { task_id: task, markdown: "m" })).body.id;
  ok(await w.store.blobs.get(`guide/${id}`));
  strictEqual((await w.ann("DELETE", `/api/tasks/${task}`)).status, 204);
  strictEqual(await w.store.blobs.get(`guide/${id}`), null);
  strictEqual((await w.ann("GET", `/api/guides/${id}`)).status, 404);
});

Deno.test("assets are not supported: 403 on upload, 404 on read", async () => {
  const { w } = await setup();
  const res = await w.ann("POST", "/api/assets", { guide_id: 1 });
  strictEqual(res.status, 403);
  ok(/not supported/.test(res.body.detail));
  strictEqual((await w.anonymous("POST", "/api/assets", {})).status, 401);
  strictEqual((await w.ann("GET", "/api/assets/0b8a8b2e-0000-4000-8000-000000000000")).status, 404);
});

Deno.test("a 1 MiB guide round-trips on the KV store", async () => {
  await withDataApp("kv", async (t) => {
    const task = await createTask(t, t.ann);
    const markdown = "ü".repeat(MAX_MARKDOWN / 2);
    const res = await send(t.app, "POST", "/api/guides", { task_id: task, markdown }, t.ann);
    strictEqual(res.status, 201);
    const id = (await json(res)).id;
    const read = await json(await send(t.app, "GET", `/api/guides/${id}`, undefined, t.ann));
    strictEqual(read.markdown, markdown);
    const other = await send(t.app, "GET", `/api/guides/${id}`, undefined, t.eve);
    strictEqual(other.status, 403);
    await other.body?.cancel();
  });
});
