import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { addJob, world } from "./projects_fixtures.ts";
import { refreshTaskStatus } from "../../lib/server/tasks.ts";
import type { ServerContext } from "../../lib/server/context.ts";

Deno.test("PATCH /api/tasks/{id}: fields change, overlap and segment_size are read-only", async () => {
  const w = await world();
  const id = (await w.ann("POST", "/api/tasks", {
    name: "t",
    labels: [{ name: "a" }],
    segment_size: 4,
  })).body.id;
  const res = await w.ann("PATCH", `/api/tasks/${id}`, {
    name: "renamed",
    subset: "Train",
    bug_tracker: "http://bt",
    assignee_id: w.ids.bob,
    segment_size: 100,
    overlap: "junk",
  });
  strictEqual(res.status, 200);
  strictEqual(res.body.name, "renamed");
  strictEqual(res.body.subset, "Train");
  strictEqual(res.body.bug_tracker, "http://bt");
  strictEqual(res.body.assignee.id, w.ids.bob);
  strictEqual(res.body.segment_size, 4);
  strictEqual(res.body.overlap, null);
  // The assignee may change it, not delete it or give it away.
  strictEqual((await w.bob("PATCH", `/api/tasks/${id}`, { name: "b" })).status, 200);
  strictEqual((await w.bob("PATCH", `/api/tasks/${id}`, { owner_id: w.ids.bob })).status, 403);
  strictEqual((await w.bob("DELETE", `/api/tasks/${id}`)).status, 403);
  const before = await w.store.tasks.get(id);
  for (const body of [{ name: "" }, { assignee_id: -1 }, { labels: [{ id: 999 }] }, "{"]) {
    const bad = await w.ann("PATCH", `/api/tasks/${id}`, body);
    ok(bad.status === 400 || bad.status === 404, JSON.stringify(bad.body));
  }
  deepStrictEqual(await w.store.tasks.get(id), before);
});

Deno.test("label changes of a task in a project are ignored", async () => {
  const w = await world();
  const project = (await w.ann("POST", "/api/projects", { name: "p", labels: [{ name: "a" }] }))
    .body.id;
  const id = (await w.ann("POST", "/api/tasks", { name: "t", project_id: project })).body.id;
  const res = await w.ann("PATCH", `/api/tasks/${id}`, { labels: [{ name: "new" }] });
  strictEqual(res.status, 200);
  strictEqual(await w.store.labels.count(), 1);
});

Deno.test("moving a task into a project remaps its annotations by label and attribute names", async () => {
  const w = await world();
  const project = (await w.ann("POST", "/api/projects", {
    name: "p",
    labels: [
      { name: "dog" },
      { name: "car", attributes: [{ name: "color", input_type: "text", values: [] }] },
    ],
  })).body.id;
  const task = (await w.ann("POST", "/api/tasks", {
    name: "t",
    labels: [{
      name: "car",
      attributes: [
        { name: "color", input_type: "text", values: [] },
        { name: "gone", input_type: "text", values: [] },
      ],
    }],
  })).body.id;
  const job = await addJob(w.store, task);
  const [own] = await w.store.labels.listBy("taskId", task);
  const [color, gone] = own.attributes;
  await w.store.annotations.apply(job.id, {
    upsert: [{
      kind: "tags",
      object: {
        id: 1,
        frame: 0,
        label_id: own.id,
        group: 0,
        source: "manual",
        attributes: [{ spec_id: color.id, value: "red" }, { spec_id: gone.id, value: "x" }],
      },
    }],
    remove: [],
  });
  const res = await w.ann("PATCH", `/api/tasks/${task}`, { project_id: project });
  strictEqual(res.status, 200);
  strictEqual(res.body.project_id, project);
  const target = (await w.store.labels.listBy("projectId", project)).find((l) => l.name === "car")!;
  const [tag] = (await w.store.annotations.read(job.id)).tags;
  strictEqual(tag.label_id, target.id);
  deepStrictEqual(tag.attributes, [{ spec_id: target.attributes[0].id, value: "red" }]);
  strictEqual((await w.store.labels.listBy("taskId", task)).length, 0);
});

Deno.test("moving a task fails with 400 when a label has no match, and changes nothing", async () => {
  const w = await world();
  const project = (await w.ann("POST", "/api/projects", { name: "p", labels: [{ name: "a" }] }))
    .body.id;
  const other = (await w.bob("POST", "/api/projects", { name: "q", labels: [{ name: "b" }] }))
    .body.id;
  const task = (await w.ann("POST", "/api/tasks", { name: "t", labels: [{ name: "b" }] })).body.id;
  const res = await w.ann("PATCH", `/api/tasks/${task}`, { project_id: project, name: "new" });
  strictEqual(res.status, 400);
  deepStrictEqual(res.body, ['Target project does not have label with name "b"']);
  strictEqual((await w.ann("PATCH", `/api/tasks/${task}`, { project_id: other })).status, 403);
  strictEqual((await w.ann("PATCH", `/api/tasks/${task}`, { project_id: 999 })).status, 400);
  const stored = (await w.store.tasks.get(task))!;
  strictEqual(stored.projectId, null);
  strictEqual(stored.name, "t");
  strictEqual((await w.store.labels.listBy("taskId", task)).length, 1);
});

Deno.test("DELETE /api/tasks/{id} removes jobs, labels, annotations, issues and comments", async () => {
  const w = await world();
  const task = (await w.ann("POST", "/api/tasks", { name: "t", labels: [{ name: "a" }] })).body.id;
  const keep = (await w.ann("POST", "/api/tasks", { name: "k", labels: [{ name: "a" }] })).body.id;
  const job = await addJob(w.store, task);
  const kept = await addJob(w.store, keep);
  const issue = await w.store.issues.create({
    frame: 0,
    position: [1, 2],
    jobId: job.id,
    ownerId: w.ids.ann,
    assigneeId: null,
    resolved: false,
    createdDate: "",
    updatedDate: "",
  });
  await w.store.comments.create({
    issueId: issue.id,
    ownerId: null,
    message: "x",
    createdDate: "",
    updatedDate: "",
  });
  await w.store.annotations.apply(job.id, {
    upsert: [{
      kind: "tags",
      object: { id: 3, frame: 0, label_id: 1, group: 0, source: "manual", attributes: [] },
    }],
    remove: [],
  });
  const res = await w.ann("DELETE", `/api/tasks/${task}`);
  strictEqual(res.status, 204);
  strictEqual((await w.ann("GET", `/api/tasks/${task}`)).status, 404);
  strictEqual(await w.store.jobs.get(job.id), null);
  strictEqual(await w.store.issues.count(), 0);
  strictEqual(await w.store.comments.count(), 0);
  strictEqual((await w.store.annotations.read(job.id)).tags.length, 0);
  strictEqual((await w.store.labels.listBy("taskId", task)).length, 0);
  ok(await w.store.jobs.get(kept.id));
  strictEqual((await w.store.labels.listBy("taskId", keep)).length, 1);
});

Deno.test("task status follows its jobs; the jobs summary counts them", async () => {
  const w = await world();
  const id = (await w.ann("POST", "/api/tasks", { name: "t", labels: [{ name: "a" }] })).body.id;
  const a = await addJob(w.store, id, { stage: "acceptance", state: "completed" });
  const b = await addJob(w.store, id, { stage: "validation" });
  const c = await addJob(w.store, id);
  const ctx = { store: w.store } as ServerContext;
  strictEqual((await refreshTaskStatus(ctx, id))!.status, "annotation");
  await w.store.jobs.update({ ...c, stage: "validation" });
  strictEqual((await refreshTaskStatus(ctx, id))!.status, "validation");
  await w.store.jobs.update({ ...b, stage: "acceptance" });
  await w.store.jobs.update({ ...c, stage: "acceptance" });
  strictEqual((await refreshTaskStatus(ctx, id))!.status, "completed");
  strictEqual(await refreshTaskStatus(ctx, 999), null);
  const body = (await w.ann("GET", `/api/tasks/${id}`)).body;
  strictEqual(body.status, "completed");
  strictEqual(body.jobs.count, 3);
  strictEqual(body.jobs.completed, 1);
  strictEqual(body.jobs.validation, 0);
  ok(a);
});

Deno.test("task status poll, preview and wrong methods", async () => {
  const w = await world();
  const id = (await w.ann("POST", "/api/tasks", { name: "t", labels: [{ name: "a" }] })).body.id;
  const status = await w.ann("GET", `/api/tasks/${id}/status`);
  strictEqual(status.status, 200);
  deepStrictEqual(status.body, { state: "Finished", message: "", progress: 0 });
  strictEqual((await w.ann("GET", `/api/tasks/${id}/preview`)).status, 404);
  strictEqual((await w.ann("GET", "/api/tasks/999/status")).status, 404);
  strictEqual((await w.ann("PUT", `/api/tasks/${id}`, {})).status, 405);
  strictEqual((await w.ann("DELETE", "/api/tasks")).status, 405);
  strictEqual((await w.ann("POST", `/api/tasks/${id}/status`)).status, 405);
});
