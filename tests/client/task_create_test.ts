import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { clientApp, type Sent } from "./_fixture.ts";
import { imageBytes } from "../server/task_data_fixture.ts";
import { getJson } from "../server/task_data_fixture.ts";
import { ServerError } from "../../lib/core/errors.ts";
import { uploadName } from "../../lib/client/task_create.ts";

async function jpegs(count: number, width = 64): Promise<Blob[]> {
  const out: Blob[] = [];
  for (let i = 0; i < count; i++) {
    const bytes = await imageBytes(width, 48, "jpeg", 0x204060ff + i * 0x1000);
    out.push(new File([new Uint8Array(bytes)], `img_${i}.jpg`, { type: "image/jpeg" }));
  }
  return out;
}

const dataPosts = (sent: Sent[]) =>
  sent.filter((s) => /\/api\/tasks\/\d+\/data\/?($|\?)/.test(s.path) && s.method === "POST")
    .map((s) =>
      ["Upload-Start", "Upload-Multiple", "Upload-Finish", "Upload-Length"].find((h) =>
        s.headers.has(h)
      )
    );

Deno.test("Task.save creates a task with 3 JPEGs: request sequence, messages, frames, jobs", async () => {
  const t = await clientApp();
  const task = new t.cvat.Task({
    name: "three images",
    labels: [{ name: "car", attributes: [] }],
    segment_size: 2,
  });
  task.data = { client_files: await jpegs(3) };
  const messages: string[] = [];
  t.sent.length = 0;
  const saved = await task.save((message: string) => messages.push(message));
  strictEqual(saved, task);
  const first = t.sent[0];
  strictEqual(`${first.method} ${first.path}`, "POST /api/tasks");
  const spec = JSON.parse(first.body!);
  strictEqual(spec.name, "three images");
  strictEqual(spec.segment_size, 2);
  deepStrictEqual(spec.labels.map((l: { name: string }) => l.name), ["car"]);
  deepStrictEqual(dataPosts(t.sent), ["Upload-Start", "Upload-Multiple", "Upload-Finish"]);
  const afterFinish = t.sent.slice(t.sent.findIndex((s) => s.headers.has("Upload-Finish")) + 1);
  ok(afterFinish[0].path.startsWith("/api/requests/"), afterFinish[0].path);
  strictEqual(messages[0], "CVAT is creating your task");
  strictEqual(messages[1], "CVAT is uploading task data to the server");
  ok(Number.isInteger(task.id) && task.size === 3);
  strictEqual(task.jobs.length, 2);
  const starts = task.jobs.map((j: { startFrame: number }) => j.startFrame);
  deepStrictEqual(starts.sort(), [0, 2]);
  strictEqual(task.labels[0].name, "car");
  ok(Number.isInteger(task.labels[0].id));
  const meta = await getJson(t, t.admin, `/api/tasks/${task.id}/data/meta`);
  deepStrictEqual(meta.frames.map((f: { name: string }) => f.name), [
    "img_0.jpg",
    "img_1.jpg",
    "img_2.jpg",
  ]);
  ok(typeof task.annotations === "object" && typeof task.frames === "object");
});

Deno.test("Task.save sends files bigger than uploadChunkSize through TUS", async () => {
  const t = await clientApp();
  t.cvat.config.uploadChunkSize = 0.0002;
  const task = new t.cvat.Task({ name: "tus", labels: [{ name: "car" }] });
  const chunk = Math.floor(0.0002 * 1024 * 1024);
  const files = await jpegs(2);
  ok(files.every((f) => f.size > 2 * chunk), `files of ${files[0].size} bytes`);
  task.clientFiles = files;
  t.sent.length = 0;
  await task.save();
  deepStrictEqual(dataPosts(t.sent), [
    "Upload-Start",
    "Upload-Length",
    "Upload-Length",
    "Upload-Finish",
  ]);
  const patches = t.sent.filter((s) => s.method === "PATCH");
  ok(patches.length >= 4, `${patches.length} PATCHes`);
  ok(patches.every((p) => p.headers.get("content-type") === "application/offset+octet-stream"));
  strictEqual(patches[0].headers.get("upload-offset"), "0");
  strictEqual(patches[1].headers.get("upload-offset"), String(chunk));
  const tus = t.sent.find((s) => s.headers.has("Upload-Length"))!;
  strictEqual(tus.headers.get("upload-length"), String(files[0].size));
  ok(tus.headers.get("upload-metadata")!.includes(`filename ${btoa("img_0.jpg")}`));
  strictEqual(task.size, 2);
});

Deno.test("a failing creation deletes the task and throws the server's message", async () => {
  const t = await clientApp();
  const task = new t.cvat.Task({ name: "broken", labels: [{ name: "car" }] });
  const corrupt = new File([new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3])], "bad.jpg", {
    type: "image/jpeg",
  });
  task.clientFiles = [...await jpegs(1), corrupt];
  const messages: string[] = [];
  t.sent.length = 0;
  const error = await task.save((m: string) => messages.push(m)).catch((e: unknown) => e);
  ok(error instanceof ServerError, String(error));
  ok((error as ServerError).message.includes("bad.jpg"), (error as ServerError).message);
  const created = await getJson(t, t.admin, "/api/tasks?page_size=all");
  strictEqual(created.count, 0);
  const last = t.sent[t.sent.length - 1];
  ok(last.method === "DELETE" && /^\/api\/tasks\/\d+$/.test(last.path), last.path);
  strictEqual(task.id, undefined);
});

Deno.test("server_files come from the share directory", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cvat_share_" });
  try {
    const [a, b] = await jpegs(2);
    await Deno.mkdir(`${dir}/set`);
    await Deno.writeFile(`${dir}/set/a.jpg`, new Uint8Array(await a.arrayBuffer()));
    await Deno.writeFile(`${dir}/set/b.jpg`, new Uint8Array(await b.arrayBuffer()));
    const t = await clientApp({ app: { shareDir: dir } });
    const task = new t.cvat.Task({ name: "shared", labels: [{ name: "car" }] });
    task.serverFiles = ["set/a.jpg", "set/b.jpg"];
    t.sent.length = 0;
    await task.save();
    strictEqual(task.size, 2);
    deepStrictEqual(dataPosts(t.sent), ["Upload-Start", "Upload-Finish"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Task.save checks a new task before sending anything", async () => {
  const t = await clientApp();
  const task = new t.cvat.Task({ name: "empty", labels: [{ name: "car" }] });
  t.sent.length = 0;
  await rejects(task.save(), /needs data/);
  task.clientFiles = await jpegs(1);
  await rejects(task.save("not a function" as never), /onStatus must be a function/);
  strictEqual(t.sent.length, 0);
});

Deno.test("nameless Blobs are sent under unique ordered names", () => {
  strictEqual(uploadName(new Blob([], { type: "image/png" }), 12), "image_000012.png");
  strictEqual(uploadName(new Blob([]), 1), "image_000001");
});
