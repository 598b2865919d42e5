import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { type ClientApp, clientApp } from "./_fixture.ts";
import { chunkedTask, jobIds, testContext, testSession, waitFor } from "./_session_fixture.ts";
import { ArgumentError, Exception, ServerError } from "../../lib/core/errors.ts";

const posts = (t: ClientApp) =>
  t.sent.filter((s) => s.method === "POST" && s.path === "/api/events");
const bodyOf = (t: ClientApp, i: number) => JSON.parse(posts(t)[i].body!);

async function storedEvents(t: ClientApp): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const record of t.store.events.list()) out.push(record.event);
  return out;
}

Deno.test("logger.put checks the scope and the details and buffers nothing bad", async () => {
  const t = await clientApp();
  const { logger } = testContext(t);
  const bad: [unknown, unknown, RegExp][] = [
    ["load:jobs", {}, /Unknown log scope "load:jobs"/],
    [42, {}, /Unknown log scope 42/],
    ["load:job", [], /details of a "load:job" log must be an object/],
    ["load:job", "x", /must be an object/],
    ["action:undo", {}, /"count" of a "action:undo" log must be an integer ≥ 1, got undefined/],
    ["change:frame", { count: 0 }, /"count"/],
    ["delete:object", { count: 1.5 }, /"count"/],
    ["send:exception", { message: "m", filename: "f", line: 1, column: 1 }, /"stack"/],
    ["send:exception", { message: "m", filename: "f", line: "1", column: 1, stack: "" }, /"line"/],
    ["load:job", { job_id: "7" }, /"job_id" of a "load:job" log must be a 32-bit integer/],
    ["load:job", { obj_id: 2 ** 40 }, /"obj_id"/],
    ["load:job", { duration: -1 }, /"duration"/],
    ["load:job", { obj_name: {} }, /"obj_name" of a "load:job" log must be a string/],
    ["load:job", { big: 1n }, /must be JSON/],
    ["load:job", { text: "x".repeat(70000) }, /too large/],
  ];
  for (const [scope, details, message] of bad) {
    // deno-lint-ignore no-explicit-any
    await rejects(logger.put(scope as any, details as any), (e: unknown) => {
      ok(e instanceof ArgumentError, String(e));
      ok(message.test(e.message), `${e.message} !~ ${message}`);
      return true;
    });
  }
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  await rejects(logger.put("load:job", cyclic), ArgumentError);
  logger.log("nonsense", {}); // log() drops it silently
  await logger.save();
  deepStrictEqual(t.sent, []); // nothing was buffered
});

Deno.test("logger.save posts the batch as cvat-core dumps it, and the server accepts it", async () => {
  const t = await clientApp();
  const { logger } = testContext(t);
  await logger.save(); // empty: no request
  strictEqual(t.sent.length, 0);
  const before = Date.now();
  await logger.put("load:job", { job_id: 7, task_id: 3, obj_name: "", duration: 12, custom: "a" });
  await logger.put("action:undo", { count: 2, obj_val: "rectangle" });
  logger.log("debug:info", { note: "internal" });
  await logger.save();
  deepStrictEqual(posts(t).map((s) => s.status), [201]);
  const body = bodyOf(t, 0);
  deepStrictEqual(Object.keys(body), ["events", "timestamp"]);
  ok(Date.parse(body.timestamp) >= before);
  const [load, undo, debug] = body.events;
  ok(Date.parse(load.timestamp) >= before);
  const clientId = JSON.parse(load.payload).client_id;
  ok(/^\d{6}$/.test(clientId));
  deepStrictEqual({ ...load, timestamp: 0 }, {
    scope: "load:job",
    timestamp: 0,
    job_id: 7,
    task_id: 3,
    duration: 12,
    payload: JSON.stringify({ custom: "a", client_id: clientId, is_active: true }),
  });
  deepStrictEqual([undo.scope, undo.count, undo.obj_val], ["action:undo", 2, "rectangle"]);
  deepStrictEqual(JSON.parse(debug.payload).note, "internal");
  const stored = await storedEvents(t);
  deepStrictEqual(stored.map((e) => e.scope), ["load:job", "action:undo", "debug:info"]);
  deepStrictEqual([stored[0].job_id, stored[0].user_id, stored[0].source], [7, 1, "client"]);
  // The next save names the last event sent as previous_event, and sends only new events.
  await logger.put("save:job", { job_id: 7 });
  await logger.save();
  const second = bodyOf(t, 1);
  deepStrictEqual(second.previous_event, debug);
  deepStrictEqual(second.events.map((e: { scope: string }) => e.scope), ["save:job"]);
  strictEqual(posts(t)[1].status, 201);
  await logger.save();
  strictEqual(posts(t).length, 2);
});

Deno.test("a failed save keeps the events, in front of newer ones, and rethrows", async () => {
  const t = await clientApp();
  let failures = 1;
  const { logger } = testContext(t, {
    intercept: (req) => {
      if (!req.url.endsWith("/events") || failures-- <= 0) return null;
      throw new TypeError("connection reset");
    },
  });
  await logger.put("load:job", { job_id: 1 });
  await logger.put("save:job", { job_id: 1 });
  const error = await logger.save().catch((e) => e);
  ok(error instanceof ServerError);
  strictEqual(error.code, 0);
  ok(error.message.includes("connection reset"));
  await logger.put("restore:job", { job_id: 1 });
  await logger.save();
  deepStrictEqual(
    bodyOf(t, 0).events.map((e: { scope: string }) => e.scope),
    ["load:job", "save:job", "restore:job"],
  );
  deepStrictEqual((await storedEvents(t)).map((e) => e.scope), [
    "load:job",
    "save:job",
    "restore:job",
  ]);
});

Deno.test("a server error answer keeps the events too and carries the code and detail", async () => {
  const t = await clientApp();
  let fail = true;
  const { logger } = testContext(t, {
    intercept: (req) =>
      req.url.endsWith("/events") && fail
        ? Response.json({ detail: "Events are paused" }, { status: 503 })
        : null,
  });
  await logger.put("load:cvat", {});
  await rejects(logger.save(), (e: unknown) => {
    ok(e instanceof ServerError);
    deepStrictEqual([e.code, e.message], [503, "Events are paused"]);
    return true;
  });
  fail = false;
  await logger.save();
  deepStrictEqual((await storedEvents(t)).map((e) => e.scope), ["load:cvat"]);
});

Deno.test("concurrent saves run one after another", async () => {
  const t = await clientApp();
  let active = 0;
  let most = 0;
  const { logger } = testContext(t, {
    intercept: async (req) => {
      if (!req.url.endsWith("/events")) return null;
      most = Math.max(most, ++active);
      await new Promise((resolve) => setTimeout(resolve, 10));
      const response = await t.app.fetch(req);
      active--;
      return response;
    },
  });
  await logger.put("load:job", { job_id: 1 });
  const first = logger.save();
  await waitFor(() => active === 1, "the first post");
  await logger.put("save:job", { job_id: 1 }); // while the first post is under way
  const second = logger.save();
  const third = logger.save(); // nothing left by the time it runs
  await Promise.all([first, second, third]);
  strictEqual(most, 1);
  deepStrictEqual(posts(t).map((s) => JSON.parse(s.body!).events.length), [1, 1]);
  strictEqual(bodyOf(t, 1).previous_event.scope, "load:job");
});

Deno.test("change:frame steps and repeated exceptions are compressed as cvat-core does", async () => {
  const t = await clientApp();
  const { logger } = testContext(t);
  for (let to = 1; to <= 3; to++) {
    await logger.put("change:frame", { job_id: 4, step: 1, from: to - 1, to, count: 1 });
  }
  await logger.put("zoom:image", { zoom: 1 });
  await logger.put("zoom:image", { zoom: 2 });
  await logger.put("change:frame", { job_id: 4, step: 1, from: 3, to: 4, count: 1 });
  const exception = { message: "m", filename: "", line: 0, column: 0, stack: "s" };
  await logger.put("send:exception", exception);
  await logger.put("send:exception", exception);
  await logger.save();
  const events = bodyOf(t, 0).events;
  deepStrictEqual(events.map((e: { scope: string }) => e.scope), [
    "change:frame",
    "zoom:image",
    "change:frame",
    "send:exception",
  ]);
  deepStrictEqual([events[0].count, JSON.parse(events[0].payload).to], [3, 3]);
  strictEqual(JSON.parse(events[1].payload).zoom, 2);
  strictEqual(events[2].count, 1);
  strictEqual(events[3].count, 2);
  strictEqual(posts(t)[0].status, 201);
});

Deno.test("cvat.logger posts through the client and plugins can hook it", async () => {
  const t = await clientApp();
  const scopes: string[] = [];
  await t.cvat.plugins.register({
    name: "spy",
    cvat: { logger: { put: { enter: (_p: unknown, scope: string) => void scopes.push(scope) } } },
  });
  await t.cvat.logger.put("load:cvat", { version: t.cvat.client.version });
  await t.cvat.logger.save();
  deepStrictEqual(scopes, ["load:cvat"]);
  deepStrictEqual(posts(t).map((s) => s.status), [201]);
  deepStrictEqual((await storedEvents(t)).map((e) => e.scope), ["load:cvat"]);
});

Deno.test("Exception.save reports a client call's ArgumentError as send:exception", async () => {
  const t = await clientApp();
  const taskId = await chunkedTask(t, { frames: 2, chunkSize: 2 });
  const [jobId] = await jobIds(t, taskId);
  const { instance } = await testSession(t, "job", jobId);
  const error = await instance.frames.get(-1).catch((e: unknown) => e);
  ok(error instanceof ArgumentError);
  await error.save();
  const [stored] = await storedEvents(t);
  strictEqual(stored.scope, "send:exception");
  const payload = JSON.parse(stored.payload as string);
  strictEqual(payload.message, error.message);
  strictEqual(payload.stack, error.stack);
});

Deno.test("Exception.save reports a ServerError (500) with its code and detail", async () => {
  const t = await clientApp();
  const taskId = await chunkedTask(t, { frames: 2, chunkSize: 2 });
  const { instance } = await testSession(t, "task", taskId, {
    intercept: (req) =>
      req.url.endsWith("/data/meta")
        ? Response.json({ detail: "Meta is broken" }, { status: 500 })
        : null,
  });
  const error = await instance.frames.get(0).catch((e: unknown) => e);
  ok(error instanceof ServerError);
  deepStrictEqual([error.code, error.message], [500, "Meta is broken"]);
  await error.save();
  const events = posts(t);
  deepStrictEqual(events.map((s) => s.status), [201]);
  const [event] = JSON.parse(events[0].body!).events;
  strictEqual(event.scope, "send:exception");
  strictEqual(JSON.parse(event.payload).message, "Meta is broken");
  strictEqual((await storedEvents(t))[0].scope, "send:exception");
});

Deno.test("an Exception made by hand is saved through the last client created", async () => {
  const t = await clientApp();
  const other = t.another(); // the default reporter is the newest client's
  await new other.exceptions.DataError("Made by hand").save();
  const [stored] = await storedEvents(t);
  strictEqual(JSON.parse(stored.payload as string).message, "Made by hand");
  ok(new other.exceptions.DataError("x") instanceof Exception);
});
