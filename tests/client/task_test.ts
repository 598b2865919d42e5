import { deepStrictEqual, ok, rejects, strictEqual, throws } from "node:assert/strict";
import { clientApp, taskWithImages } from "./_fixture.ts";
import { ArgumentError } from "../../lib/core/errors.ts";
import { Label } from "../../lib/core/label.ts";
import { getJson } from "../server/task_data_fixture.ts";

Deno.test("a new Task takes snake_case or camelCase fields and checks them", async () => {
  const t = await clientApp();
  const task = new t.cvat.Task({
    name: "new",
    segmentSize: 5,
    image_quality: 90,
    bug_tracker: "http://bugs",
    labels: [new Label({ name: "car" }), { name: "bus", attributes: [] }],
  });
  strictEqual(task.id, undefined);
  strictEqual(task.segmentSize, 5);
  strictEqual(task.imageQuality, 90);
  strictEqual(task.bugTracker, "http://bugs");
  deepStrictEqual(task.labels.map((l: Label) => l.name), ["car", "bus"]);
  strictEqual(task.annotations, undefined, "no session before the task exists");
  task.overlap = 1;
  task.zOrder = true;
  strictEqual(task.overlap, 1);
  throws(() => new t.cvat.Task({ name: "x", segment_size: -1 }), /segmentSize must be/);
  throws(() => new t.cvat.Task({ name: "x", labels: [{ name: "a" }, { name: "a" }] }), /duplicate/);
  throws(() => new t.cvat.Task({ name: "x", client_files: ["a.jpg"] }), /client_files\[0\]/);
  throws(() => task.name = "", ArgumentError);
  strictEqual(task.name, "new");
  throws(() => task.size = 3, /read-only/);
  throws(() => task.data = { server_files: [1] }, /server_files\[0\]/);
  task.serverFiles = ["a.jpg"];
  deepStrictEqual(task.data, { client_files: [], server_files: ["a.jpg"], remote_files: [] });
  await task.addLabel({ name: "truck" });
  await rejects(task.addLabel({ name: "car" }), /duplicate label name "car"/);
  strictEqual(task.labels.length, 3);
  strictEqual(t.sent.length, 0);
});

Deno.test("saving an existing task PATCHes the changed fields and new labels", async () => {
  const t = await clientApp();
  const id = await taskWithImages(t, { frames: 2 });
  const [task] = await t.cvat.tasks.get({ id });
  task.name = "renamed";
  task.subset = "train";
  await task.addLabel({ name: "bike", attributes: [] });
  throws(() => task.segmentSize = 3, /cannot be changed once the task exists/);
  throws(() => task.clientFiles = [], /cannot be changed/);
  throws(() => task.labels = [], /"car" cannot be removed/);
  t.sent.length = 0;
  await task.save();
  strictEqual(`${t.sent[0].method} ${t.sent[0].path}`, `PATCH /api/tasks/${id}`);
  const body = JSON.parse(t.sent[0].body!);
  deepStrictEqual(Object.keys(body).sort(), ["labels", "name", "subset"]);
  deepStrictEqual(body.labels.map((l: { name: string }) => l.name), ["bike"]);
  strictEqual(task.name, "renamed");
  strictEqual(task.subset, "train");
  const bike = task.labels.find((l: Label) => l.name === "bike");
  ok(Number.isInteger(bike.id));
  strictEqual((await task.labels.get({ name: "bike" }))[0].id, bike.id);
  t.sent.length = 0;
  await task.save();
  strictEqual(t.sent[0].method, "GET", "nothing changed: the task is only read again");
});

Deno.test("Task.delete removes the task; plugins see Task.delete with this = the task", async () => {
  const t = await clientApp();
  const id = await taskWithImages(t, { frames: 1 });
  const [task] = await t.cvat.tasks.get({ id });
  const seen: unknown[] = [];
  await t.cvat.plugins.register({
    name: "spy",
    cvat: {
      Task: {
        delete: {
          enter(this: unknown) {
            seen.push(this);
          },
        },
      },
    },
  });
  await task.delete();
  strictEqual(seen[0], task);
  strictEqual((await getJson(t, t.admin, "/api/tasks")).count, 0);
  await rejects(new t.cvat.Task({ name: "x" }).delete(), /has no id/);
});

Deno.test("plugins can replace the result of Task.save", async () => {
  const t = await clientApp();
  const id = await taskWithImages(t, { frames: 1 });
  const [task] = await t.cvat.tasks.get({ id });
  await t.cvat.plugins.register({
    name: "tag",
    cvat: { Task: { save: { leave: (_p: unknown, result: { name: string }) => result.name } } },
  });
  strictEqual(await task.save(), task.name);
});
