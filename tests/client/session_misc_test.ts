import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { type ClientApp, clientApp } from "./_fixture.ts";
import { chunkedTask, jobIds, type Session, testSession } from "./_session_fixture.ts";
import { Label } from "../../lib/core/label.ts";
import { ArgumentError } from "../../lib/core/errors.ts";

async function jobSession(): Promise<{ t: ClientApp; s: Session; taskId: number; jobId: number }> {
  const t = await clientApp();
  const taskId = await chunkedTask(t, { frames: 2, chunkSize: 2 });
  const [jobId] = await jobIds(t, taskId);
  const s = await testSession(t, "job", jobId);
  t.sent.length = 0;
  return { t, s, taskId, jobId };
}

Deno.test("labels.get answers Label instances, filtered by id and name", async () => {
  const { t, s } = await jobSession();
  const all: Label[] = await s.instance.labels.get();
  ok(all.every((label) => label instanceof Label));
  deepStrictEqual(all.map((l) => l.name), ["car", "person"]);
  const [car, person] = all;
  ok(typeof car.id === "number" && typeof person.id === "number");
  deepStrictEqual((await s.instance.labels.get({ id: person.id })).map((l: Label) => l.name), [
    "person",
  ]);
  deepStrictEqual((await s.instance.labels.get({ name: "car" })).map((l: Label) => l.id), [car.id]);
  deepStrictEqual(await s.instance.labels.get({ id: car.id, name: "person" }), []);
  deepStrictEqual(await s.instance.labels.get({ name: "truck" }), []);
  // Fresh instances: changing one does not change the session's labels.
  ok((await s.instance.labels.get())[0] !== car);
  deepStrictEqual(t.sent, []);
});

Deno.test("labels.get rejects unknown filter keys and bad values", async () => {
  const { s } = await jobSession();
  await rejects(s.instance.labels.get({ foo: 1 }), /Unknown filter key "foo" for labels.get/);
  await rejects(s.instance.labels.get({ id: "1" }), ArgumentError);
  await rejects(s.instance.labels.get({ id: 1.5 }), /"id" of labels.get must be an integer/);
  await rejects(s.instance.labels.get({ name: 3 }), /"name" of labels.get must be a string/);
  await rejects(s.instance.labels.get(null), /must be an object/);
  await rejects(s.instance.labels.get([]), ArgumentError);
});

Deno.test("logs.put adds the session's ids; logs.save posts to /api/events", async () => {
  const { t, s, taskId, jobId } = await jobSession();
  await s.instance.logs.put("load:job", { duration: 5 });
  await s.instance.logs.put("save:job", { job_id: 99 }); // explicit details win
  await s.instance.logs.save();
  deepStrictEqual(t.sent.map((r) => `${r.method} ${r.path} ${r.status}`), [
    "POST /api/events 201",
  ]);
  const { events } = JSON.parse(t.sent[0].body!);
  deepStrictEqual(
    events.map((e: Record<string, unknown>) => [e.scope, e.task_id, e.job_id, e.project_id]),
    [["load:job", taskId, jobId, undefined], ["save:job", taskId, 99, undefined]],
  );
  strictEqual(events[0].duration, 5);
  const stored = [];
  for await (const record of t.store.events.list()) stored.push(record.event);
  deepStrictEqual(stored.map((e) => [e.scope, e.task_id, e.job_id]), [
    ["load:job", taskId, jobId],
    ["save:job", taskId, 99],
  ]);
});

Deno.test("a task session's logs carry task_id and no job_id", async () => {
  const t = await clientApp();
  const taskId = await chunkedTask(t, { frames: 2, chunkSize: 2 });
  const s = await testSession(t, "task", taskId);
  t.sent.length = 0;
  await s.instance.logs.put("send:task_info", { frame_count: 2 });
  await s.instance.logs.save();
  const [event] = JSON.parse(t.sent[0].body!).events;
  deepStrictEqual([event.task_id, "job_id" in event], [taskId, false]);
});

Deno.test("logs.put rejects bad input, emits exception and buffers nothing", async () => {
  const { t, s } = await jobSession();
  const errors: unknown[] = [];
  await s.instance.events.subscribe("exception", (e: { error: unknown }) => errors.push(e.error));
  await rejects(s.instance.logs.put("nope", {}), /Unknown log scope "nope"/);
  await rejects(s.instance.logs.put("load:job", 5), /must be an object/);
  await rejects(s.instance.logs.put("action:redo", {}), /"count"/);
  strictEqual(errors.length, 3);
  ok(errors.every((e) => e instanceof ArgumentError));
  await s.instance.logs.save();
  deepStrictEqual(t.sent, []);
});

Deno.test("plugins hook Job.labels.get and Job.logs.put with this = the job", async () => {
  const { s } = await jobSession();
  const seen: string[] = [];
  await s.ctx.plugins.register({
    name: "spy",
    cvat: {
      Job: {
        labels: {
          get: {
            leave(this: unknown, _p: unknown, result: Label[]) {
              seen.push(`labels ${result.length} ${this === s.instance}`);
              return result.slice(0, 1);
            },
          },
        },
        logs: {
          put: {
            enter(this: unknown, _p: unknown, scope: string) {
              seen.push(`put ${scope} ${this === s.instance}`);
            },
          },
        },
      },
    },
  });
  strictEqual((await s.instance.labels.get()).length, 1);
  await s.instance.logs.put("load:job", {});
  deepStrictEqual(seen, ["labels 2 true", "put load:job true"]);
});
