import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { clientApp, taskWithImages } from "./_fixture.ts";
import { createUser, send } from "../server/_client.ts";

Deno.test("tasks.get lists tasks with a count; by id it brings labels and jobs", async () => {
  const t = await clientApp();
  const first = await taskWithImages(t, { frames: 4, segmentSize: 2 });
  await taskWithImages(t, { frames: 1 });
  t.sent.length = 0;
  const all = await t.cvat.tasks.get();
  strictEqual(all.count, 2);
  ok(all.every((task: unknown) => task instanceof t.cvat.Task));
  strictEqual(t.sent[0].path, "/api/tasks?page_size=10");
  t.sent.length = 0;
  const [task, ...rest] = await t.cvat.tasks.get({ id: first });
  strictEqual(rest.length, 0);
  deepStrictEqual(t.sent.map((s) => s.path.split("&page")[0]), [
    `/api/tasks/${first}`,
    `/api/labels?task_id=${first}`,
    `/api/jobs?task_id=${first}`,
  ]);
  strictEqual(task.id, first);
  strictEqual(task.size, 4);
  strictEqual(task.segmentSize, 2);
  strictEqual(task.owner.username, "admin");
  deepStrictEqual(task.labels.map((l: { name: string }) => l.name), ["car", "person"]);
  strictEqual(task.jobs.length, 2);
  const job = task.jobs.find((j: { startFrame: number }) => j.startFrame === 2);
  strictEqual(job.stopFrame, 3);
  strictEqual(job.taskId, first);
  strictEqual(job.labels.length, 2);
  strictEqual(typeof task.annotations.get, "function");
  strictEqual((await task.labels.get({ name: "car" })).length, 1);
});

Deno.test("tasks.get of a missing id is empty; filters become query parameters", async () => {
  const t = await clientApp();
  const missing = await t.cvat.tasks.get({ id: 999 });
  deepStrictEqual([...missing], []);
  strictEqual(missing.count, 0);
  t.sent.length = 0;
  const none = await t.cvat.tasks.get({
    projectId: 3,
    filter: { "==": [{ var: "name" }, "x"] },
    page: 1,
  });
  strictEqual(none.count, 0);
  const url = new URL(`http://x${t.sent[0].path}`);
  strictEqual(url.searchParams.get("page"), "1");
  deepStrictEqual(JSON.parse(url.searchParams.get("filter")!), {
    and: [{ "==": [{ var: "name" }, "x"] }, { "==": [{ var: "project_id" }, 3] }],
  });
  t.sent.length = 0;
  await t.cvat.tasks.get({ search: "cars", sort: "-id" });
  strictEqual(t.sent[0].path, "/api/tasks?page_size=10&sort=-id&search=cars");
});

Deno.test("jobs.get by task and by id, with labels; a missing job is empty", async () => {
  const t = await clientApp();
  const taskId = await taskWithImages(t, { frames: 4, segmentSize: 2 });
  const jobs = await t.cvat.jobs.get({ taskID: taskId });
  strictEqual(jobs.count, 2);
  ok(jobs.every((j: { taskId: number }) => j.taskId === taskId));
  strictEqual(jobs[0].labels.length, 2);
  const [job] = await t.cvat.jobs.get({ jobID: jobs[1].id });
  strictEqual(job.id, jobs[1].id);
  deepStrictEqual(job.labels.map((l: { name: string }) => l.name), ["car", "person"]);
  strictEqual(job.stage, "annotation");
  strictEqual(job.state, "new");
  strictEqual(typeof job.frames.get, "function");
  const none = await t.cvat.jobs.get({ jobID: 12345 });
  strictEqual(none.count, 0);
  const filtered = await t.cvat.jobs.get({ filter: { "==": [{ var: "task_id" }, taskId] } });
  strictEqual(filtered.count, 2);
});

Deno.test("projects.get lists projects and brings labels by id", async () => {
  const t = await clientApp();
  const res = await send(t.app, "POST", "/api/projects", {
    name: "proj",
    labels: [{ name: "dog" }],
  }, t.admin);
  const { id } = await res.json();
  const all = await t.cvat.projects.get();
  strictEqual(all.count, 1);
  strictEqual(all[0].name, "proj");
  const [project] = await t.cvat.projects.get({ id });
  deepStrictEqual(project.labels.map((l: { name: string }) => l.name), ["dog"]);
  strictEqual((await t.cvat.projects.get({ id: 77 })).count, 0);
});

Deno.test("users.get: self, by id, search", async () => {
  const t = await clientApp();
  await createUser(t, "zoe", "pw-zoe-12");
  const [self] = await t.cvat.users.get({ self: true });
  strictEqual(self.username, "admin");
  ok(self.isSuperuser);
  const found = await t.cvat.users.get({ search: "zoe" });
  deepStrictEqual(found.map((u: { username: string }) => u.username), ["zoe"]);
  strictEqual(found.count, 1);
  const [byId] = await t.cvat.users.get({ id: found[0].id });
  strictEqual(byId.username, "zoe");
  const all = await t.cvat.users.get();
  strictEqual(all.count, 2);
});
