import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { addJob, counts, world } from "./projects_fixtures.ts";

const TASK_KEYS = [
  "assignee",
  "bug_tracker",
  "created_date",
  "dimension",
  "guide_id",
  "id",
  "jobs",
  "labels",
  "mode",
  "name",
  "organization",
  "overlap",
  "owner",
  "project_id",
  "segment_size",
  "source_storage",
  "status",
  "subset",
  "target_storage",
  "updated_date",
  "url",
];
const DATA_KEYS = [
  "data",
  "data_chunk_size",
  "data_compressed_chunk_type",
  "data_original_chunk_type",
  "image_quality",
  "size",
];

Deno.test("POST /api/tasks answers 201 with TaskRead (no data keys before data)", async () => {
  const w = await world();
  const res = await w.ann("POST", "/api/tasks", {
    name: "t",
    labels: [{ name: "car" }],
    segment_size: 5,
    overlap: 1,
    assignee_id: w.ids.bob,
  });
  strictEqual(res.status, 201);
  deepStrictEqual(Object.keys(res.body).sort(), TASK_KEYS);
  const id = res.body.id;
  strictEqual(res.body.mode, "");
  strictEqual(res.body.status, "annotation");
  strictEqual(res.body.dimension, "2d");
  strictEqual(res.body.subset, "");
  strictEqual(res.body.bug_tracker, "");
  strictEqual(res.body.segment_size, 5);
  strictEqual(res.body.overlap, 1);
  strictEqual(res.body.project_id, null);
  strictEqual(res.body.owner.username, "ann");
  strictEqual(res.body.assignee.username, "bob");
  deepStrictEqual(res.body.jobs, {
    count: 0,
    completed: 0,
    validation: 0,
    url: `http://localhost/api/jobs?task_id=${id}`,
  });
  deepStrictEqual(res.body.labels, { url: `http://localhost/api/labels?task_id=${id}` });
  const defaults = await w.ann("POST", "/api/tasks", { name: "u", labels: [{ name: "x" }] });
  strictEqual(defaults.body.overlap, null);
  strictEqual(defaults.body.segment_size, 0);
});

Deno.test("a task with data shows the data keys", async () => {
  const w = await world();
  const id = (await w.ann("POST", "/api/tasks", { name: "t", labels: [{ name: "a" }] })).body.id;
  const task = (await w.store.tasks.get(id))!;
  await w.store.tasks.update({
    ...task,
    mode: "annotation",
    data: {
      id: 7,
      size: 11,
      imageQuality: 70,
      chunkSize: 72,
      startFrame: 0,
      stopFrame: 10,
      frameFilter: "",
      compressedChunkType: "imageset",
      originalChunkType: "imageset",
      frames: [],
      deletedFrames: [],
      sortingMethod: "lexicographical",
      storageMethod: "cache",
      storage: "local",
    },
  });
  const body = (await w.ann("GET", `/api/tasks/${id}`)).body;
  deepStrictEqual(Object.keys(body).sort(), [...TASK_KEYS, ...DATA_KEYS].sort());
  strictEqual(body.size, 11);
  strictEqual(body.data, 7);
  strictEqual(body.data_chunk_size, 72);
  strictEqual(body.image_quality, 70);
  strictEqual(body.mode, "annotation");
});

Deno.test("a new task needs exactly one of labels and project_id", async () => {
  const w = await world();
  const project = (await w.ann("POST", "/api/projects", { name: "p", labels: [{ name: "a" }] }))
    .body.id;
  const neither = await w.ann("POST", "/api/tasks", { name: "t" });
  strictEqual(neither.status, 400);
  deepStrictEqual(neither.body, ["Label set or project_id must be present"]);
  const empty = await w.ann("POST", "/api/tasks", { name: "t", labels: [] });
  deepStrictEqual(empty.body, ["Label set or project_id must be present"]);
  const both = await w.ann("POST", "/api/tasks", {
    name: "t",
    project_id: project,
    labels: [{ name: "b" }],
  });
  strictEqual(both.status, 400);
  deepStrictEqual(both.body, ["Project must have only one of Label set or project_id"]);
  const inProject = await w.ann("POST", "/api/tasks", { name: "t", project_id: project });
  strictEqual(inProject.status, 201);
  strictEqual(inProject.body.project_id, project);
  const labels = await w.ann("GET", `/api/labels?task_id=${inProject.body.id}`);
  deepStrictEqual(labels.body.results.map((l: { project_id: number }) => l.project_id), [project]);
});

Deno.test("tasks in projects: missing project 400, someone else's project 403, worker 403", async () => {
  const w = await world();
  const bobs = (await w.bob("POST", "/api/projects", { name: "p" })).body.id;
  const missing = await w.ann("POST", "/api/tasks", { name: "t", project_id: 999 });
  strictEqual(missing.status, 400);
  ok(/does not exist/.test(missing.body.project_id[0]));
  strictEqual((await w.ann("POST", "/api/tasks", { name: "t", project_id: bobs })).status, 403);
  const worker = await w.worker("POST", "/api/tasks", { name: "t", labels: [{ name: "a" }] });
  strictEqual(worker.status, 403);
  strictEqual((await w.anonymous("POST", "/api/tasks", { name: "t" })).status, 401);
  strictEqual(await w.store.tasks.count(), 0);
});

Deno.test("bad task bodies are 400 and create nothing", async () => {
  const w = await world();
  const labels = [{ name: "a" }];
  const cases: Record<string, unknown>[] = [
    { labels },
    { name: "", labels },
    { name: "x".repeat(257), labels },
    { name: "t", labels, segment_size: -1 },
    { name: "t", labels, segment_size: "abc" },
    { name: "t", labels, segment_size: 2 ** 31 },
    { name: "t", labels, segment_size: 1.5 },
    { name: "t", labels, overlap: true },
    { name: "t", labels, subset: "s".repeat(65) },
    { name: "t", labels, project_id: "p" },
    { name: "t", labels, owner_id: 4242 },
    { name: "t", labels: [{ name: "a" }, { name: 5, color: [] }] },
    { name: "t", labels: [{}] },
  ];
  for (const body of cases) {
    const res = await w.ann("POST", "/api/tasks", body);
    strictEqual(res.status, 400, JSON.stringify(body).slice(0, 100));
    ok(res.body && typeof res.body === "object", JSON.stringify(res.body));
  }
  const nested = await w.ann("POST", "/api/tasks", { name: "t", labels: [{ name: "a" }, {}] });
  deepStrictEqual(nested.body, { labels: [{}, { name: ["This field is required."] }] });
  const huge = await w.ann("POST", "/api/tasks", { name: "t", labels, segment_size: 1e300 });
  deepStrictEqual(huge.body, {
    segment_size: ["Ensure this value is less than or equal to 2147483647."],
  });
  strictEqual((await w.ann("POST", "/api/tasks", "[")).status, 400);
  strictEqual((await w.ann("POST", "/api/tasks", "null")).status, 400);
  deepStrictEqual(await counts(w.store), { projects: 0, tasks: 0, labels: 0, jobs: 0 });
});

Deno.test("users do not see each other's tasks; project staff see the project's tasks", async () => {
  const w = await world();
  const annTask =
    (await w.ann("POST", "/api/tasks", { name: "ann", labels: [{ name: "a" }] })).body;
  const bobTask =
    (await w.bob("POST", "/api/tasks", { name: "bob", labels: [{ name: "a" }] })).body;
  const annList = (await w.ann("GET", "/api/tasks")).body;
  deepStrictEqual(annList.results.map((t: { id: number }) => t.id), [annTask.id]);
  strictEqual(annList.count, 1);
  strictEqual((await w.admin("GET", "/api/tasks")).body.count, 2);
  strictEqual((await w.ann("GET", `/api/tasks/${bobTask.id}`)).status, 403);
  strictEqual((await w.ann("PATCH", `/api/tasks/${bobTask.id}`, { name: "x" })).status, 403);
  strictEqual((await w.ann("DELETE", `/api/tasks/${bobTask.id}`)).status, 403);
  strictEqual((await w.ann("GET", `/api/tasks/${bobTask.id}/status`)).status, 403);
  strictEqual((await w.ann("GET", "/api/tasks/4242")).status, 404);
  strictEqual((await w.ann("GET", "/api/tasks/x1")).status, 404);
  // Bob is assigned to Ann's project: he sees its tasks, not her other ones.
  const project = (await w.ann("POST", "/api/projects", { name: "p", assignee_id: w.ids.bob }))
    .body.id;
  const inProject = (await w.ann("POST", "/api/tasks", { name: "in", project_id: project })).body;
  const bobList = (await w.bob("GET", "/api/tasks")).body;
  deepStrictEqual(bobList.results.map((t: { id: number }) => t.id), [inProject.id, bobTask.id]);
  strictEqual((await w.bob("GET", `/api/tasks/${inProject.id}`)).status, 200);
  // A job assignee opens the job, not the task.
  await addJob(w.store, annTask.id, { assigneeId: w.ids.bob });
  strictEqual((await w.bob("GET", `/api/tasks/${annTask.id}`)).status, 403);
});

Deno.test("task lists: project_id, project_name search, filter and paging", async () => {
  const w = await world();
  const project = (await w.ann("POST", "/api/projects", { name: "Zoo", labels: [{ name: "a" }] }))
    .body.id;
  await w.ann("POST", "/api/tasks", { name: "lion", project_id: project, subset: "train" });
  await w.ann("POST", "/api/tasks", { name: "tiger", labels: [{ name: "a" }] });
  await w.ann("POST", "/api/tasks", {
    name: "bear",
    labels: [{ name: "a" }],
    assignee_id: w.ids.bob,
  });
  const names = async (query: string) =>
    (await w.ann("GET", `/api/tasks?${query}`)).body.results.map((t: { name: string }) => t.name);
  deepStrictEqual(await names(`project_id=${project}`), ["lion"]);
  deepStrictEqual(await names("search=zoo"), ["lion"]);
  deepStrictEqual(await names("subset=train"), ["lion"]);
  deepStrictEqual(await names("sort=name"), ["bear", "lion", "tiger"]);
  deepStrictEqual(await names("assignee=bob"), ["bear"]);
  const filter = encodeURIComponent(JSON.stringify({ "==": [{ var: "project_id" }, project] }));
  deepStrictEqual(await names(`filter=${filter}`), ["lion"]);
  const page = (await w.ann("GET", "/api/tasks?page_size=2&page=2")).body;
  strictEqual(page.count, 3);
  deepStrictEqual(page.results.map((t: { name: string }) => t.name), ["lion"]);
  strictEqual((await w.ann("GET", "/api/tasks?page=9")).status, 404);
  strictEqual((await w.ann("GET", "/api/tasks?project_id=abc")).status, 400);
});
