import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { Image } from "imagescript";
import { type ClientApp, clientApp } from "./_fixture.ts";
import { chunkedTask, jobIds, testSession } from "./_session_fixture.ts";
import { FrameData, framesIdle } from "../../lib/client/frames.ts";
import { ArgumentError, ServerError } from "../../lib/core/errors.ts";
import { createTask } from "../server/task_data_fixture.ts";

// 7 frames (widths 40..46), 3 frames a chunk (task chunks 0: 0-2, 1: 3-5, 2: 6), jobs 0-4 and 5-6.
async function setup(): Promise<{ t: ClientApp; taskId: number; jobs: number[] }> {
  const t = await clientApp();
  const taskId = await chunkedTask(t, { frames: 7, chunkSize: 3, segmentSize: 5 });
  const jobs = await jobIds(t, taskId);
  t.sent.length = 0;
  return { t, taskId, jobs };
}

const chunkRequests = (t: ClientApp) =>
  t.sent.filter((s) => s.path.includes("type=chunk")).map((s) => s.path);

async function serverFrame(t: ClientApp, kind: string, id: number, frame: number) {
  const path = `/api/${kind}s/${id}/data?type=frame&number=${frame}&quality=compressed`;
  const res = await t.app.request(path, { headers: t.admin });
  strictEqual(res.status, 200);
  return new Uint8Array(await res.arrayBuffer());
}

Deno.test("frames.get gives a job's frame by its task number, with size and name", async () => {
  const { t, jobs } = await setup();
  const { instance } = await testSession(t, "job", jobs[1]);
  t.sent.length = 0;
  const frame = await instance.frames.get(5);
  ok(frame instanceof FrameData);
  deepStrictEqual(
    { ...frame, filename: frame.filename },
    { number: 5, width: 45, height: 30, name: "f_005.jpg", deleted: false, filename: "f_005.jpg" },
  );
  deepStrictEqual(t.sent.map((s) => `${s.method} ${s.path}`), [
    `GET /api/jobs/${jobs[1]}/data/meta`,
  ]);
});

Deno.test("FrameData.image is the frame's JPEG from its task-numbered chunk", async () => {
  const { t, jobs } = await setup();
  const { instance } = await testSession(t, "job", jobs[1]);
  for (const number of [5, 6]) {
    const blob: Blob = await (await instance.frames.get(number)).image();
    strictEqual(blob.type, "image/jpeg");
    const bytes = new Uint8Array(await blob.arrayBuffer());
    deepStrictEqual(bytes, await serverFrame(t, "job", jobs[1], number));
    const image = await Image.decode(bytes);
    deepStrictEqual([image.width, image.height], [40 + number, 30]);
  }
  deepStrictEqual(chunkRequests(t), [
    `/api/jobs/${jobs[1]}/data?type=chunk&number=1&quality=compressed`,
    `/api/jobs/${jobs[1]}/data?type=chunk&number=2&quality=compressed`,
  ]);
  // data() is the same image.
  const again = await (await instance.frames.get(5)).data();
  deepStrictEqual(
    new Uint8Array(await again.arrayBuffer()),
    await serverFrame(t, "job", jobs[1], 5),
  );
});

Deno.test("a task's frames come from the task's chunks", async () => {
  const { t, taskId } = await setup();
  const { instance } = await testSession(t, "task", taskId);
  const frame = await instance.frames.get(4);
  deepStrictEqual([frame.number, frame.width, frame.name], [4, 44, "f_004.jpg"]);
  const bytes = new Uint8Array(await (await frame.image()).arrayBuffer());
  deepStrictEqual(bytes, await serverFrame(t, "task", taskId, 4));
  deepStrictEqual(chunkRequests(t), [
    `/api/tasks/${taskId}/data?type=chunk&number=1&quality=compressed`,
  ]);
});

Deno.test("decoded chunks are cached and concurrent reads share one fetch", async () => {
  const { t, jobs } = await setup();
  const { instance } = await testSession(t, "job", jobs[0]);
  t.sent.length = 0;
  const [a, b] = await Promise.all([instance.frames.get(0), instance.frames.get(1)]);
  await Promise.all([a.image(), b.image(), a.image()]);
  await (await instance.frames.get(2)).image();
  await a.image();
  deepStrictEqual(t.sent.map((s) => s.path), [
    `/api/jobs/${jobs[0]}/data/meta`,
    `/api/jobs/${jobs[0]}/data?type=chunk&number=0&quality=compressed`,
  ]);
  deepStrictEqual(await instance.frames.cachedChunks(), [0]);
});

Deno.test("frames outside the session or not integers are ArgumentErrors, with no request", async () => {
  const { t, taskId, jobs } = await setup();
  const job = (await testSession(t, "job", jobs[1])).instance;
  const task = (await testSession(t, "task", taskId)).instance;
  t.sent.length = 0;
  for (const bad of [4, 7, -1, 5.5, NaN, "5", null]) {
    await rejects(job.frames.get(bad), (e: unknown) => e instanceof ArgumentError);
  }
  await rejects(job.frames.get(4), /The frame 4 is out of the range \[5, 6\] of Job/);
  await rejects(job.frames.get("5"), /The frame must be an integer, got "5"/);
  for (const bad of [-1, 7, 0.5]) {
    await rejects(task.frames.get(bad), ArgumentError);
  }
  deepStrictEqual(t.sent, []);
  strictEqual((await task.frames.get(6)).number, 6);
});

Deno.test('frameLoadPolicy "full" fetches the session\'s chunks after the first get', async () => {
  const { t, taskId } = await setup();
  const { instance } = await testSession(t, "task", taskId, { frameLoadPolicy: "full" });
  t.sent.length = 0;
  await instance.frames.get(4);
  await framesIdle(instance.frames);
  // From the requested frame's chunk on, then the earlier ones.
  deepStrictEqual(
    chunkRequests(t),
    [1, 2, 0].map((n) => `/api/tasks/${taskId}/data?type=chunk&number=${n}&quality=compressed`),
  );
  deepStrictEqual((await instance.frames.cachedChunks()).sort(), [0, 1, 2]);
  for (let frame = 0; frame < 7; frame++) await (await instance.frames.get(frame)).image();
  await framesIdle(instance.frames);
  strictEqual(chunkRequests(t).length, 3);
});

Deno.test('"full" on a job fetches only the chunks touching its range', async () => {
  const { t, jobs } = await setup();
  const { instance } = await testSession(t, "job", jobs[1], { frameLoadPolicy: "full" });
  t.sent.length = 0;
  await instance.frames.get(6);
  await framesIdle(instance.frames);
  deepStrictEqual(
    chunkRequests(t),
    [2, 1].map((n) => `/api/jobs/${jobs[1]}/data?type=chunk&number=${n}&quality=compressed`),
  );
});

Deno.test("{ incremental: k } prefetches the chunks of the next k frames not cached", async () => {
  const { t, taskId } = await setup();
  const { instance } = await testSession(t, "task", taskId, {
    frameLoadPolicy: { incremental: 2 },
  });
  const chunk = (n: number) =>
    `/api/tasks/${taskId}/data?type=chunk&number=${n}&quality=compressed`;
  t.sent.length = 0;
  await instance.frames.get(0); // frames 1-2: chunk 0
  await framesIdle(instance.frames);
  deepStrictEqual(chunkRequests(t), [chunk(0)]);
  await instance.frames.get(1); // frames 2-3: chunk 1 (chunk 0 is cached)
  await framesIdle(instance.frames);
  deepStrictEqual(chunkRequests(t), [chunk(0), chunk(1)]);
  await instance.frames.get(5); // frame 6 (7 is past the end): chunk 2
  await instance.frames.get(6); // nothing after the last frame
  await framesIdle(instance.frames);
  deepStrictEqual(chunkRequests(t), [chunk(0), chunk(1), chunk(2)]);
  await (await instance.frames.get(3)).image();
  strictEqual(chunkRequests(t).length, 3);
});

Deno.test("the default policy prefetches nothing", async () => {
  const { t, taskId } = await setup();
  const { instance } = await testSession(t, "task", taskId);
  for (let frame = 0; frame < 7; frame++) await instance.frames.get(frame);
  await framesIdle(instance.frames);
  deepStrictEqual(chunkRequests(t), []);
  deepStrictEqual(await instance.frames.cachedChunks(), []);
});

Deno.test('frames.get emits "frame:loaded"; a failure emits "exception"', async () => {
  const { t, jobs } = await setup();
  const { instance } = await testSession(t, "job", jobs[0]);
  const seen: { type: string; frame?: number; error?: unknown; target: unknown }[] = [];
  await instance.events.subscribe("frame:loaded", (e: never) => seen.push(e));
  await instance.events.subscribe("exception", (e: never) => seen.push(e));
  await instance.frames.get(3);
  deepStrictEqual(seen, [{ type: "frame:loaded", frame: 3, target: instance }]);
  const error = await instance.frames.get(9).catch((e: unknown) => e);
  ok(error instanceof ArgumentError);
  deepStrictEqual(seen.slice(1), [{ type: "exception", error, target: instance }]);
});

Deno.test("a server error on the chunk rejects image() with its code and emits exception", async () => {
  const { t, jobs } = await setup();
  const { instance } = await testSession(t, "job", jobs[0], {
    intercept: (req) =>
      req.url.includes("type=chunk")
        ? Response.json({ detail: "Chunk store down" }, { status: 503 })
        : null,
  });
  const errors: unknown[] = [];
  await instance.events.subscribe("exception", (e: { error: unknown }) => errors.push(e.error));
  const frame = await instance.frames.get(0);
  const error = await frame.image().catch((e: unknown) => e);
  ok(error instanceof ServerError);
  strictEqual(error.code, 503);
  strictEqual(error.message, "Chunk store down");
  deepStrictEqual(errors, [error]);
  deepStrictEqual(await instance.frames.cachedChunks(), []);
});

Deno.test("plugins hook Job.frames.get and FrameData.image with this bound", async () => {
  const { t, jobs } = await setup();
  const { instance, ctx } = await testSession(t, "job", jobs[0]);
  const calls: string[] = [];
  await ctx.plugins.register({
    name: "spy",
    cvat: {
      Job: {
        frames: {
          get: {
            enter(this: unknown, _p: unknown, frame: number) {
              calls.push(`get ${frame} ${this === instance}`);
            },
          },
        },
      },
      FrameData: {
        image: {
          leave(this: FrameData, _p: unknown, blob: Blob) {
            calls.push(`image ${this.number} ${blob.size > 0}`);
          },
        },
      },
    },
  });
  await (await instance.frames.get(2)).image();
  deepStrictEqual(calls, ["get 2 true", "image 2 true"]);
});

Deno.test("frames.preview is a data URL of the preview, or '' when there is none", async () => {
  const { t, jobs } = await setup();
  const { instance } = await testSession(t, "job", jobs[1]);
  const url: string = await instance.frames.preview();
  const prefix = "data:image/jpeg;base64,";
  ok(url.startsWith(prefix));
  const res = await t.app.request(`/api/jobs/${jobs[1]}/preview`, { headers: t.admin });
  const expected = new Uint8Array(await res.arrayBuffer());
  const bytes = Uint8Array.from(atob(url.slice(prefix.length)), (c) => c.charCodeAt(0));
  deepStrictEqual(bytes, expected);

  const empty = await createTask(t, t.admin, { labels: [{ name: "car" }] });
  const bare = await testSession(t, "task", empty);
  strictEqual(await bare.instance.frames.preview(), "");
});
