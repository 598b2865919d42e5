import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { addJob, counts, world } from "./projects_fixtures.ts";

const PROJECT_KEYS = [
  "assignee",
  "bug_tracker",
  "created_date",
  "dimension",
  "guide_id",
  "id",
  "labels",
  "name",
  "organization",
  "owner",
  "source_storage",
  "status",
  "target_storage",
  "task_subsets",
  "tasks",
  "updated_date",
  "url",
];

Deno.test("POST /api/projects answers 201 with ProjectRead, owned by the caller", async () => {
  const w = await world();
  const res = await w.ann("POST", "/api/projects", {
    name: "cars",
    bug_tracker: "http://bugs/1",
    assignee_id: w.ids.bob,
    labels: [{ name: "car" }],
  });
  strictEqual(res.status, 201);
  deepStrictEqual(Object.keys(res.body).sort(), PROJECT_KEYS);
  strictEqual(res.body.owner.username, "ann");
  strictEqual(res.body.assignee.username, "bob");
  strictEqual(res.body.status, "annotation");
  strictEqual(res.body.dimension, null);
  strictEqual(res.body.organization, null);
  deepStrictEqual(res.body.task_subsets, []);
  const id = res.body.id;
  deepStrictEqual(res.body.tasks, { count: 0, url: `http://localhost/api/tasks?project_id=${id}` });
  deepStrictEqual(res.body.labels, { url: `http://localhost/api/labels?project_id=${id}` });
  strictEqual(res.body.url, `http://localhost/api/projects/${id}`);
  ok(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(res.body.created_date));
  const labels = await w.ann("GET", `/api/labels?project_id=${id}`);
  deepStrictEqual(labels.body.results.map((l: { name: string }) => l.name), ["car"]);
});

Deno.test("project storages are stored with ids", async () => {
  const w = await world();
  const res = await w.ann("POST", "/api/projects", {
    name: "p",
    target_storage: { location: "local" },
  });
  strictEqual(res.status, 201);
  strictEqual(res.body.target_storage.location, "local");
  strictEqual(typeof res.body.target_storage.id, "number");
  strictEqual(res.body.source_storage, null);
  const bad = await w.ann("POST", "/api/projects", {
    name: "p",
    target_storage: { location: "cloud_storage", cloud_storage_id: 3 },
  });
  strictEqual(bad.status, 400);
  ok(bad.body.target_storage.cloud_storage_id);
});

Deno.test("creating projects: 401 without credentials, 403 for a worker", async () => {
  const w = await world();
  strictEqual((await w.anonymous("POST", "/api/projects", { name: "x" })).status, 401);
  strictEqual((await w.anonymous("GET", "/api/projects")).status, 401);
  const res = await w.worker("POST", "/api/projects", { name: "x" });
  strictEqual(res.status, 403);
  strictEqual(res.body.detail, "You do not have permission to perform this action.");
  strictEqual(await w.store.projects.count(), 0);
});

Deno.test("bad project bodies are 400 with CVAT's shapes and create nothing", async () => {
  const w = await world();
  const cases: [unknown, (body: Record<string, unknown>) => boolean][] = [
    [{}, (b) => (b.name as string[])[0] === "This field is required."],
    [{ name: "" }, (b) => (b.name as string[])[0] === "This field may not be blank."],
    [{ name: null }, (b) => (b.name as string[])[0] === "This field may not be null."],
    [{ name: "x".repeat(257) }, (b) => /no more than 256/.test((b.name as string[])[0])],
    [{ name: { a: 1 } }, (b) => (b.name as string[])[0] === "Not a valid string."],
    [{ name: "p", assignee_id: "abc" }, (b) => !!b.assignee_id],
    [{ name: "p", assignee_id: 2 ** 31 }, (b) => /less than or equal/.test(String(b.assignee_id))],
    [{ name: "p", assignee_id: 999 }, (b) => /object does not exist/.test(String(b.assignee_id))],
    [{ name: "p", bug_tracker: "x".repeat(2001) }, (b) => !!b.bug_tracker],
    [{ name: "p", labels: "car" }, (b) => !!b.labels],
    [{ name: "p", labels: [{ name: "a" }, { name: "a" }] }, (b) => Array.isArray(b)],
    [[1, 2], (b) => /Expected a dictionary/.test(String(b.non_field_errors))],
  ];
  for (const [body, check] of cases) {
    const res = await w.ann("POST", "/api/projects", body);
    strictEqual(res.status, 400, JSON.stringify(body).slice(0, 80));
    ok(check(res.body), JSON.stringify(res.body));
  }
  const raw = await w.ann("POST", "/api/projects", "{not json");
  strictEqual(raw.status, 400);
  ok(/JSON parse error/.test(raw.body.detail));
  deepStrictEqual(await counts(w.store), { projects: 0, tasks: 0, labels: 0, jobs: 0 });
});

Deno.test("users do not see each other's projects: lists leave them out, details are 403", async () => {
  const w = await world();
  const mine = (await w.ann("POST", "/api/projects", { name: "ann's" })).body.id;
  const theirs = (await w.bob("POST", "/api/projects", { name: "bob's" })).body.id;
  const annList = await w.ann("GET", "/api/projects");
  deepStrictEqual(annList.body.results.map((p: { id: number }) => p.id), [mine]);
  strictEqual(annList.body.count, 1);
  strictEqual((await w.admin("GET", "/api/projects")).body.count, 2);
  strictEqual((await w.ann("GET", `/api/projects/${theirs}`)).status, 403);
  strictEqual((await w.ann("PATCH", `/api/projects/${theirs}`, { name: "x" })).status, 403);
  strictEqual((await w.ann("DELETE", `/api/projects/${theirs}`)).status, 403);
  strictEqual((await w.ann("GET", "/api/projects/999")).status, 404);
  strictEqual((await w.ann("GET", "/api/projects/abc")).status, 404);
  strictEqual((await w.ann("GET", "/api/projects/99999999999")).status, 404);
  strictEqual((await w.ann("GET", "/api/projects/")).status, 404);
  strictEqual((await w.bob("GET", `/api/projects/${theirs}`)).body.name, "bob's");
});

Deno.test("PATCH /api/projects/{id} changes fields; only the owner or an admin changes the owner", async () => {
  const w = await world();
  const id = (await w.ann("POST", "/api/projects", { name: "p" })).body.id;
  const res = await w.ann("PATCH", `/api/projects/${id}`, {
    name: "renamed",
    assignee_id: w.ids.bob,
    bug_tracker: "http://bt",
    overlap: 3,
  });
  strictEqual(res.status, 200);
  strictEqual(res.body.name, "renamed");
  strictEqual(res.body.assignee.id, w.ids.bob);
  strictEqual(res.body.bug_tracker, "http://bt");
  // The assignee now sees it and may change it, but not give it away.
  strictEqual((await w.bob("GET", `/api/projects/${id}`)).status, 200);
  strictEqual((await w.bob("PATCH", `/api/projects/${id}`, { name: "by bob" })).status, 200);
  strictEqual((await w.bob("PATCH", `/api/projects/${id}`, { owner_id: w.ids.bob })).status, 403);
  strictEqual((await w.bob("DELETE", `/api/projects/${id}`)).status, 403);
  const given = await w.ann("PATCH", `/api/projects/${id}`, { owner_id: w.ids.bob });
  strictEqual(given.body.owner.id, w.ids.bob);
  // Ann gave it away: she is neither owner nor assignee any more.
  strictEqual((await w.ann("GET", `/api/projects/${id}`)).status, 403);
  strictEqual((await w.bob("PATCH", `/api/projects/${id}`, { assignee_id: null })).status, 200);
  strictEqual((await w.admin("PATCH", `/api/projects/${id}`, { owner_id: w.ids.ann })).status, 200);
  strictEqual((await w.ann("GET", `/api/projects/${id}`)).body.assignee, null);
});

Deno.test("a bad PATCH of a project changes nothing", async () => {
  const w = await world();
  const created = await w.ann("POST", "/api/projects", { name: "p", labels: [{ name: "a" }] });
  const id = created.body.id;
  const before = await w.store.projects.get(id);
  const bodies = [
    { name: "" },
    { name: "ok", assignee_id: 12345 },
    { name: "ok", labels: [{ name: "b" }, { id: 9999, name: "c" }] },
    { name: "ok", labels: [{ name: "a" }] },
    { name: "ok", labels: [{ deleted: true }] },
    { name: "ok", target_storage: "local" },
  ];
  for (const body of bodies) {
    const res = await w.ann("PATCH", `/api/projects/${id}`, body);
    ok(res.status === 400 || res.status === 404, `${JSON.stringify(body)} → ${res.status}`);
  }
  deepStrictEqual(await w.store.projects.get(id), before);
  strictEqual(await w.store.labels.count(), 1);
});

Deno.test("ProjectRead reports task subsets, the first task's dimension and the task count", async () => {
  const w = await world();
  const id = (await w.ann("POST", "/api/projects", { name: "p", labels: [{ name: "a" }] })).body.id;
  for (const subset of ["train", "", "val", "train"]) {
    const res = await w.ann("POST", "/api/tasks", { name: `t-${subset}`, project_id: id, subset });
    strictEqual(res.status, 201);
  }
  const body = (await w.ann("GET", `/api/projects/${id}`)).body;
  deepStrictEqual(body.task_subsets, ["train", "val"]);
  strictEqual(body.dimension, "2d");
  strictEqual(body.tasks.count, 4);
});

Deno.test("DELETE /api/projects/{id} removes its tasks, jobs, labels, annotations and issues", async () => {
  const w = await world();
  const id = (await w.ann("POST", "/api/projects", { name: "p", labels: [{ name: "a" }] })).body.id;
  const task = (await w.ann("POST", "/api/tasks", { name: "t", project_id: id })).body.id;
  const job = await addJob(w.store, task);
  const other = (await w.ann("POST", "/api/tasks", { name: "keep", labels: [{ name: "x" }] })).body;
  const kept = await addJob(w.store, other.id);
  const label = (await w.store.labels.listBy("projectId", id))[0];
  await w.store.annotations.apply(job.id, {
    upsert: [{
      kind: "tags",
      object: { id: 1, frame: 0, label_id: label.id, group: 0, source: "manual", attributes: [] },
    }],
    remove: [],
  });
  const issue = await w.store.issues.create({
    frame: 0,
    position: [0, 0],
    jobId: job.id,
    ownerId: w.ids.ann,
    assigneeId: null,
    resolved: false,
    createdDate: "",
    updatedDate: "",
  });
  await w.store.comments.create({
    issueId: issue.id,
    ownerId: w.ids.ann,
    message: "m",
    createdDate: "",
    updatedDate: "",
  });
  const res = await w.ann("DELETE", `/api/projects/${id}`);
  strictEqual(res.status, 204);
  strictEqual(res.body, null);
  strictEqual((await w.ann("GET", `/api/projects/${id}`)).status, 404);
  strictEqual(await w.store.tasks.get(task), null);
  strictEqual(await w.store.jobs.get(job.id), null);
  strictEqual((await w.store.labels.listBy("projectId", id)).length, 0);
  strictEqual((await w.store.annotations.read(job.id)).tags.length, 0);
  strictEqual(await w.store.issues.count(), 0);
  strictEqual(await w.store.comments.count(), 0);
  ok(await w.store.jobs.get(kept.id));
  strictEqual((await w.store.labels.listBy("taskId", other.id)).length, 1);
});

Deno.test("project routes: preview 404, wrong method 405, list search and filters", async () => {
  const w = await world();
  const id = (await w.ann("POST", "/api/projects", { name: "Alpha" })).body.id;
  await w.ann("POST", "/api/projects", { name: "beta", assignee_id: w.ids.bob });
  strictEqual((await w.ann("GET", `/api/projects/${id}/preview`)).status, 404);
  strictEqual((await w.bob("GET", `/api/projects/${id}/preview`)).status, 403);
  const put = await w.ann("PUT", `/api/projects/${id}`, { name: "x" });
  strictEqual(put.status, 405);
  strictEqual(put.body.detail, 'Method "PUT" not allowed.');
  strictEqual((await w.anonymous("PUT", `/api/projects/${id}`)).status, 401);
  const names = async (query: string) =>
    (await w.ann("GET", `/api/projects?${query}`)).body.results.map((p: { name: string }) =>
      p.name
    );
  deepStrictEqual(await names("search=alp"), ["Alpha"]);
  deepStrictEqual(await names("search=bob"), ["beta"]);
  deepStrictEqual(await names("assignee=bob"), ["beta"]);
  deepStrictEqual(await names("owner=ann&sort=name"), ["Alpha", "beta"]);
  deepStrictEqual(await names(""), ["beta", "Alpha"]);
  const filter = encodeURIComponent(JSON.stringify({ "==": [{ var: "name" }, "beta"] }));
  deepStrictEqual(await names(`filter=${filter}`), ["beta"]);
  deepStrictEqual(await names("org="), ["beta", "Alpha"]);
});
