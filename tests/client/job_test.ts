import { deepStrictEqual, ok, rejects, strictEqual, throws } from "node:assert/strict";
import { clientApp, taskWithImages } from "./_fixture.ts";
import { ArgumentError } from "../../lib/core/errors.ts";
import { createUser } from "../server/_client.ts";

async function firstJob(t: Awaited<ReturnType<typeof clientApp>>) {
  const taskId = await taskWithImages(t, { frames: 2 });
  const [task] = await t.cvat.tasks.get({ id: taskId });
  return task.jobs[0];
}

Deno.test("Job.save sends stage, state and assignee set through the setters", async () => {
  const t = await clientApp();
  const job = await firstJob(t);
  const user = await createUser(t, "ann", "pw-ann-12");
  job.stage = "validation";
  job.state = "in progress";
  job.assignee = user.id;
  t.sent.length = 0;
  strictEqual(await job.save(), job);
  strictEqual(t.sent.length, 1);
  strictEqual(`${t.sent[0].method} ${t.sent[0].path}`, `PATCH /api/jobs/${job.id}`);
  deepStrictEqual(JSON.parse(t.sent[0].body!), {
    stage: "validation",
    state: "in progress",
    assignee: user.id,
  });
  strictEqual(job.stage, "validation");
  strictEqual(job.state, "in progress");
  strictEqual(job.assignee.username, "ann");
  strictEqual(job.labels.length, 2, "labels survive a save");
  t.sent.length = 0;
  await job.save();
  strictEqual(t.sent.length, 0, "nothing changed, nothing sent");
});

Deno.test("Job.save(fields) takes a User or null as assignee and checks the enums", async () => {
  const t = await clientApp();
  const job = await firstJob(t);
  const [admin] = await t.cvat.users.get({ self: true });
  await job.save({ assignee: admin, stage: "acceptance", state: "completed" });
  strictEqual(job.assignee.id, admin.id);
  strictEqual(job.status, "completed");
  await job.save({ assignee: null });
  strictEqual(job.assignee, null);
  t.sent.length = 0;
  await rejects(job.save({ stage: "done" }), /stage must be one of/);
  await rejects(job.save({ state: "new", stage: "nope" }), ArgumentError);
  await rejects(job.save({ assignee: "ann" }), /assignee must be a User/);
  await rejects(job.save({ frames: 2 }), /unknown field "frames"/);
  strictEqual(t.sent.length, 0);
  throws(() => job.state = "finished", /state must be one of/);
  strictEqual(job.state, "completed", "a refused value changes nothing");
  throws(() => job.id = 5, /read-only/);
});

Deno.test("a Job has the session namespaces over its frame range", async () => {
  const t = await clientApp();
  const taskId = await taskWithImages(t, { frames: 4, segmentSize: 2 });
  const [job] = await t.cvat.jobs.get({ taskID: taskId, sort: "id" });
  for (const name of ["annotations", "frames", "logs", "actions", "events"]) {
    strictEqual(typeof job[name], "object", name);
  }
  ok(job.frameCount === 2 && job.stopFrame - job.startFrame === 1);
  strictEqual(typeof job.labels.get, "function");
});

Deno.test("plugins hook Job.save with this = the job", async () => {
  const t = await clientApp();
  const job = await firstJob(t);
  const seen: unknown[] = [];
  await t.cvat.plugins.register({
    name: "spy",
    cvat: {
      Job: {
        save: {
          enter(this: unknown) {
            seen.push(this);
          },
        },
      },
    },
  });
  await job.save({ stage: "validation" });
  strictEqual(seen[0], job);
});
