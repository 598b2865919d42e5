import { deepStrictEqual, notStrictEqual, ok, strictEqual } from "node:assert/strict";
import { clientApp } from "./_fixture.ts";
import { createCvat } from "../../lib/client/cvat.ts";
import { imageBytes } from "../server/task_data_fixture.ts";

Deno.test("each cvat instance has its own Task, Job and Project classes", async () => {
  const t = await clientApp();
  const other = t.another();
  notStrictEqual(t.cvat.Task, other.Task);
  notStrictEqual(t.cvat.Job, other.Job);
  notStrictEqual(t.cvat.Project, other.Project);
  strictEqual(t.cvat.User, other.User);
  strictEqual(t.cvat.classes.Task, t.cvat.Task);
});

Deno.test("over a real HTTP port: login, tasks.get, create a task (TUS included)", async () => {
  const t = await clientApp();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    t.app.fetch,
  );
  try {
    const cvat = createCvat({ backendAPI: `http://127.0.0.1:${server.addr.port}/api` });
    strictEqual(await cvat.server.authenticated(), false);
    await cvat.server.login("admin", "s3cret!");
    strictEqual(await cvat.server.authenticated(), true);
    strictEqual((await cvat.tasks.get()).count, 0);
    const task = new cvat.Task({ name: "over http", labels: [{ name: "car" }] });
    const files = [];
    for (let i = 0; i < 2; i++) {
      const bytes = await imageBytes(32, 24, "jpeg", 0x112233ff + i);
      files.push(new File([new Uint8Array(bytes)], `f${i}.jpg`, { type: "image/jpeg" }));
    }
    task.clientFiles = files;
    cvat.config.uploadChunkSize = files[0].size / 2 / 1024 / 1024; // the first file goes by TUS
    const messages: string[] = [];
    await task.save((m: string) => messages.push(m));
    strictEqual(task.size, 2);
    strictEqual(messages[0], "CVAT is creating your task");
    const [again] = await cvat.tasks.get({ id: task.id });
    deepStrictEqual(again.labels.map((l: { name: string }) => l.name), ["car"]);
    ok(again.jobs.length >= 1);
    await cvat.server.logout();
  } finally {
    await server.shutdown();
  }
});
