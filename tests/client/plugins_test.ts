/**
 * Plugins through a real `cvat` instance: registration checks, hook order, `this`, results,
 * preventMethodCall, PluginError, per-instance registries and the `classes...prototype` path
 * form. The CVAT JS API document's "Deep Extreme Cut" example is in plugins_dextr_test.ts.
 */
import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { type ClientApp, clientApp, taskWithImages } from "./_fixture.ts";
import { ArgumentError, PluginError } from "../../lib/core/errors.ts";
import type { ObjectState } from "../../lib/core/object_state.ts";
import type { Label } from "../../lib/core/label.ts";
import type { SessionEvent } from "../../lib/client/session_events.ts";
import { getJson } from "../server/task_data_fixture.ts";

// deno-lint-ignore no-explicit-any
type Any = any;

/** A task of 2 frames (one job) read through the client: the task, its job and "car". */
async function setup(t: ClientApp) {
  const taskId = await taskWithImages(t, { frames: 2 });
  const [task] = await t.cvat.tasks.get({ id: taskId });
  const job = task.jobs[0];
  const car = job.labels.find((l: Label) => l.name === "car") as Label;
  return { task, job, car };
}

function rect(t: ClientApp, label: Label, frame = 0): ObjectState {
  return new t.cvat.ObjectState({
    objectType: "shape",
    shapeType: "rectangle",
    label,
    frame,
    points: [5, 5, 20, 20],
  });
}

Deno.test("register checks the plugin and its cvat tree; a name registers once", async () => {
  const t = await clientApp();
  const enter = () => {};
  const bad: [unknown, RegExp][] = [
    [null, /must be an object/],
    [[], /must be an object/],
    ["dextr", /must be an object/],
    [{ description: "no name" }, /non-empty string "name", got undefined/],
    [{ name: "" }, /non-empty string "name", got ""/],
    [{ name: 5 }, /non-empty string "name", got 5/],
    [{ name: "a", description: 1 }, /"description" must be a string/],
    [{ name: "a", cvat: [] }, /"cvat" must be an object/],
    [{ name: "a", cvat: { Job: { save: { enter: "x" } } } }, /cvat\.Job\.save\.enter must be a/],
    [{ name: "a", cvat: { Job: { save: { leave: 1 } } } }, /cvat\.Job\.save\.leave must be a/],
    [{ name: "a", cvat: { Jbo: { save: { enter } } } }, /unknown API path "cvat\.Jbo"/],
    [{ name: "a", cvat: { classes: { Jbo: {} } } }, /unknown API path "cvat\.classes\.Jbo"/],
    [{ name: "a", cvat: { Job: { annotations: 5 } } }, /cvat\.Job\.annotations must be an obj/],
    [{ name: "a", cvat: { Job: { enter } } }, /cvat\.Job names no API method/],
  ];
  for (const [plugin, message] of bad) {
    await rejects(t.cvat.plugins.register(plugin as Any), (error: Error) => {
      ok(error instanceof ArgumentError, `${JSON.stringify(plugin)}: ${error}`);
      ok(message.test(error.message), `${JSON.stringify(plugin)}: ${error.message}`);
      return true;
    });
  }
  deepStrictEqual(t.cvat.plugins.list(), [], "a refused plugin is not registered");
  const first = { name: "first", description: "does nothing", cvat: { tasks: { get: { enter } } } };
  await t.cvat.plugins.register(first);
  await t.cvat.plugins.register({ name: "no hooks" });
  await rejects(t.cvat.plugins.register(first), /A plugin named "first" is already registered/);
  await rejects(t.cvat.plugins.register({ ...first }), /"first" is already registered/);
  deepStrictEqual(t.cvat.plugins.list().map((p) => p.name), ["first", "no hooks"]);
  strictEqual(t.cvat.plugins.list()[0], first, "list() gives the registered objects");
});

Deno.test("enter hooks run in order, then the method, then leave hooks; this = the job", async () => {
  const t = await clientApp();
  const { job, car } = await setup(t);
  const log: string[] = [];
  const selves: unknown[] = [];
  const spy = (name: string) => ({
    name,
    cvat: {
      Job: {
        annotations: {
          put: {
            enter(this: unknown, plugin: { name: string }, states: ObjectState[]) {
              selves.push(this);
              log.push(`${plugin.name} enter ${states.length}`);
            },
            leave(this: unknown, plugin: { name: string }, result: number[], states: unknown[]) {
              selves.push(this);
              log.push(`${plugin.name} leave ${JSON.stringify(result)} ${states.length}`);
              return [...result, plugin.name.length];
            },
          },
        },
      },
    },
  });
  await t.cvat.plugins.register(spy("one"));
  await t.cvat.plugins.register(spy("three"));
  const result = await job.annotations.put([rect(t, car)]);
  const [id] = (await job.annotations.export()).shapes.map((s: { clientID: number }) => s.clientID);
  deepStrictEqual(log, [
    "one enter 1",
    "three enter 1",
    `one leave [${id}] 1`,
    `three leave [${id},3] 1`,
  ]);
  deepStrictEqual(result, [id, 3, 5], "each leave replaced the result in turn");
  ok(selves.every((self) => self === job));
  strictEqual(selves.length, 4);
});

Deno.test("this: the Task for Task.save, the Job for Job.frames.get, cvat for tasks.get", async () => {
  const t = await clientApp();
  const { task, job } = await setup(t);
  const seen: Record<string, unknown[]> = {};
  const record = (path: string) => ({
    enter(this: unknown) {
      (seen[path] ??= []).push(this);
    },
    leave(this: unknown) {
      (seen[path] ??= []).push(this);
    },
  });
  await t.cvat.plugins.register({
    name: "this",
    cvat: {
      Task: { save: record("Task.save") },
      Job: { frames: { get: record("Job.frames.get") } },
      tasks: { get: record("tasks.get") },
      server: { about: record("server.about") },
      FrameData: { image: record("FrameData.image") },
    },
  });
  task.name = "renamed";
  await task.save();
  const frame = await job.frames.get(1);
  await frame.image();
  await t.cvat.tasks.get({ id: task.id });
  const { get } = t.cvat.tasks;
  await get({ id: task.id });
  await t.cvat.server.about();
  deepStrictEqual(seen["Task.save"], [task, task]);
  deepStrictEqual(seen["Job.frames.get"], [job, job]);
  ok(seen["FrameData.image"].every((self) => self === frame));
  strictEqual(seen["tasks.get"].length, 4);
  ok(seen["tasks.get"].every((self) => self === t.cvat), "the cvat instance, even unbound");
  ok(seen["server.about"].every((self) => self === t.cvat));
});

Deno.test("a leave hook on tasks.get replaces the result; this.jobs works inside it", async () => {
  const t = await clientApp();
  const { task } = await setup(t);
  await t.cvat.plugins.register({
    name: "with jobs",
    cvat: {
      tasks: {
        get: {
          async leave(this: Any, _plugin: unknown, tasks: Any[]) {
            const jobs = await this.jobs.get({ taskID: tasks[0].id });
            return { tasks, jobs: jobs.length };
          },
        },
      },
    },
  });
  const answer = await t.cvat.tasks.get({ id: task.id }) as Any;
  strictEqual(answer.tasks[0].id, task.id);
  strictEqual(answer.jobs, 1);
});

Deno.test("preventMethodCall skips the method; preventMethodCallWithReturn gives the result", async () => {
  const t = await clientApp();
  const { job, car } = await setup(t);
  await t.cvat.plugins.register({
    name: "read-only",
    cvat: { Job: { save: { enter: () => ({ preventMethodCall: true }) } } },
  });
  job.stage = "validation";
  t.sent.length = 0;
  strictEqual(await job.save(), undefined);
  strictEqual(t.sent.length, 0, "no PATCH was sent");
  strictEqual((await getJson(t, t.admin, `/api/jobs/${job.id}`)).stage, "annotation");

  await t.cvat.plugins.register({
    name: "cache one",
    cvat: { tasks: { get: { enter: () => ({ preventMethodCallWithReturn: ["cached"] }) } } },
  });
  await t.cvat.plugins.register({
    name: "cache two",
    cvat: {
      tasks: { get: { enter: () => ({ preventMethodCallWithReturn: ["newer"] }) } },
      Job: {
        annotations: { put: { enter: () => ({ preventMethodCallWithReturn: [] }) } },
      },
    },
  });
  t.sent.length = 0;
  deepStrictEqual(await t.cvat.tasks.get({ id: 1 }), ["newer"], "the last plugin wins");
  strictEqual(t.sent.length, 0);
  deepStrictEqual(await job.annotations.put([rect(t, car)]), []);
  deepStrictEqual((await job.annotations.export()).shapes, [], "nothing was put");
});

Deno.test("a throwing hook rejects with PluginError; cause is the original error", async () => {
  const t = await clientApp();
  const { job, car } = await setup(t);
  const boom = new TypeError("boom");
  const exceptions: SessionEvent[] = [];
  await job.events.subscribe("exception", (event: SessionEvent) => exceptions.push(event));
  await t.cvat.plugins.register({
    name: "fragile",
    cvat: {
      Job: {
        annotations: {
          put: {
            enter: (_p: unknown, states: ObjectState[]) => {
              if (states.length > 1) throw boom;
            },
          },
          save: {
            leave: () => {
              throw "after save";
            },
          },
        },
      },
    },
  });
  const error = await job.annotations.put([rect(t, car), rect(t, car, 1)]).catch((e: Error) => e);
  ok(error instanceof PluginError, String(error));
  strictEqual(error.name, "PluginError");
  strictEqual(error.cause, boom);
  ok(error.message.includes('Plugin "fragile" failed in enter of Job.annotations.put: boom'));
  deepStrictEqual((await job.annotations.export()).shapes, [], "enter failed: nothing was put");
  strictEqual(exceptions.length, 1);
  strictEqual(exceptions[0].error, error);

  await job.annotations.put([rect(t, car)]);
  const late = await job.annotations.save().catch((e: Error) => e);
  ok(late instanceof PluginError && late.cause === "after save", String(late));
  ok(late.message.includes("in leave of Job.annotations.save: after save"));
  const saved = await getJson(t, t.admin, `/api/jobs/${job.id}/annotations`);
  strictEqual(saved.shapes.length, 1, "leave failed after the save had been done");
});

Deno.test("plugins belong to one cvat instance", async () => {
  const t = await clientApp();
  const { task, car } = await setup(t);
  const other = t.another();
  const calls: string[] = [];
  const plugin = {
    name: "counter",
    cvat: {
      Job: { annotations: { put: { enter: () => void calls.push("put") } } },
      tasks: { get: { enter: () => void calls.push("get") } },
    },
  };
  await t.cvat.plugins.register(plugin);
  const [otherTask] = await other.tasks.get({ id: task.id });
  await otherTask.jobs[0].annotations.put([rect(t, car)]);
  deepStrictEqual(calls, [], "the other instance has no plugins");
  deepStrictEqual(other.plugins.list(), []);
  await t.cvat.tasks.get({ id: task.id });
  await task.jobs[0].annotations.put([rect(t, car)]);
  deepStrictEqual(calls, ["get", "put"]);
  await other.plugins.register(plugin);
  await other.tasks.get({ id: task.id });
  deepStrictEqual(calls, ["get", "put", "get"], "the same plugin may join another instance");
});

Deno.test("cvat-core's classes.Job.prototype path form decorates the same methods", async () => {
  const t = await clientApp();
  const { job, car } = await setup(t);
  const seen: unknown[] = [];
  await t.cvat.plugins.register({
    name: "prototype form",
    cvat: {
      classes: {
        Job: {
          prototype: {
            annotations: {
              put: {
                enter(this: unknown, _p: unknown, states: ObjectState[]) {
                  seen.push(this, states.length);
                },
              },
            },
          },
        },
      },
    },
  });
  await job.annotations.put([rect(t, car)]);
  deepStrictEqual(seen, [job, 1]);
});
