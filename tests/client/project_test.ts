import { deepStrictEqual, ok, rejects, strictEqual, throws } from "node:assert/strict";
import { clientApp } from "./_fixture.ts";
import { getJson } from "../server/task_data_fixture.ts";

Deno.test("Project.save creates a project, then PATCHes changes and new labels", async () => {
  const t = await clientApp();
  const project = new t.cvat.Project({ name: "animals", labels: [{ name: "dog" }] });
  throws(() => project.name = "", /non-empty string/);
  await rejects(new t.cvat.Project({}).save(), /needs a name/);
  t.sent.length = 0;
  strictEqual(await project.save(), project);
  strictEqual(`${t.sent[0].method} ${t.sent[0].path}`, "POST /api/projects");
  deepStrictEqual(JSON.parse(t.sent[0].body!), {
    name: "animals",
    labels: [{ name: "dog", color: "", type: "any", attributes: [] }],
  });
  ok(Number.isInteger(project.id));
  ok(Number.isInteger(project.labels[0].id));
  strictEqual(project.owner.username, "admin");
  project.bugTracker = "http://bugs";
  project.labels = [...project.labels, { name: "cat" }];
  t.sent.length = 0;
  await project.save();
  const body = JSON.parse(t.sent[0].body!);
  strictEqual(`${t.sent[0].method} ${t.sent[0].path}`, `PATCH /api/projects/${project.id}`);
  deepStrictEqual(Object.keys(body).sort(), ["bug_tracker", "labels"]);
  deepStrictEqual(body.labels.map((l: { name: string }) => l.name), ["cat"]);
  deepStrictEqual(project.labels.map((l: { name: string }) => l.name).sort(), ["cat", "dog"]);
  strictEqual(project.bugTracker, "http://bugs");
  const [again] = await t.cvat.projects.get({ id: project.id });
  strictEqual(again.labels.length, 2);
});

Deno.test("Project.delete removes it; a new Task takes its projectId", async () => {
  const t = await clientApp();
  const project = new t.cvat.Project({ name: "p", labels: [{ name: "dog" }] });
  await project.save();
  const task = new t.cvat.Task({ name: "in project", projectId: project.id });
  strictEqual(task.projectId, project.id);
  await project.delete();
  strictEqual((await getJson(t, t.admin, "/api/projects")).count, 0);
  await rejects(new t.cvat.Project({ name: "x" }).delete(), /has no id/);
});
