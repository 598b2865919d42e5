import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { safeUploadName, tusMetadata } from "../../lib/server/tus.ts";
import { json, send, type TestApp } from "./_client.ts";
import {
  createTask,
  getJson,
  imageBytes,
  STORE_KINDS,
  upload,
  waitStatus,
  withDataApp,
} from "./task_data_fixture.ts";

const BIG = await imageBytes(640, 480, "jpeg", 0x884422ff);
const SMALL = await imageBytes(20, 10, "png");

type Headers = Record<string, string>;

const b64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));
const metadata = (name: string) => `filename ${b64(name)},filetype ${b64("image/jpeg")}`;
const pathOf = (location: string) => new URL(location).pathname;

/** A response with its body dropped (status and headers stay readable). */
async function drop(pending: Response | Promise<Response>): Promise<Response> {
  const res = await pending;
  await res.body?.cancel();
  return res;
}

/** POST .../data/ with Upload-Length (the TUS creation request). */
function tusStart(t: TestApp, h: Headers, id: number, length: number | string, meta?: string) {
  const headers: Headers = { ...h, "Tus-Resumable": "1.0.0", "Upload-Length": String(length) };
  if (meta !== undefined) headers["Upload-Metadata"] = meta;
  return t.app.request(`/api/tasks/${id}/data/`, { method: "POST", headers });
}

function tusPatch(t: TestApp, h: Headers, location: string, offset: number, bytes: Uint8Array) {
  const headers = { ...h, "Tus-Resumable": "1.0.0", "Upload-Offset": String(offset) };
  const body = new Uint8Array(bytes);
  return drop(t.app.request(pathOf(location), { method: "PATCH", headers, body }));
}

async function tusHead(t: TestApp, h: Headers, location: string) {
  const res = await drop(t.app.request(pathOf(location), { method: "HEAD", headers: h }));
  return [res.status, res.headers.get("Upload-Offset"), res.headers.get("Upload-Length")];
}

/** A created upload's Location (asserts the 201). */
async function created(t: TestApp, h: Headers, id: number, name: string, length: number) {
  const res = await drop(tusStart(t, h, id, length, metadata(name)));
  strictEqual(res.status, 201);
  return res.headers.get("Location")!;
}

function finish(t: TestApp, h: Headers, id: number, body: Record<string, unknown> = {}) {
  const headers = { ...h, "Upload-Finish": "" };
  return send(t.app, "POST", `/api/tasks/${id}/data/`, { image_quality: 70, ...body }, headers);
}

/** How many blobs were left under the task's upload prefix (deletePrefix counts them). */
const uploadsLeft = (t: TestApp, id: number, under = "") =>
  t.store.blobs.deletePrefix(`media/task/${id}/upload/${under}`);

/** Partial TUS blobs and the staging index left (staged files may stay as the originals). */
async function tusLeft(t: TestApp, id: number) {
  const index = await t.store.blobs.get(`media/task/${id}/upload/index`);
  return await uploadsLeft(t, id, "tus/") + (index ? 1 : 0);
}

const names = (meta: { frames: { name: string }[] }) => meta.frames.map((f) => f.name);

Deno.test("tusMetadata decodes base64 values, empty and broken ones as empty strings", () => {
  deepStrictEqual(tusMetadata(metadata("a.jpg")), { filename: "a.jpg", filetype: "image/jpeg" });
  deepStrictEqual(tusMetadata(` filename ${b64("кот 1.jpg")} , flag`), {
    filename: "кот 1.jpg",
    flag: "",
  });
  deepStrictEqual(tusMetadata("filename !!!,x /w=="), { filename: "", x: "" });
  deepStrictEqual(tusMetadata("a b c,d ZA=="), { d: "d" });
  deepStrictEqual(tusMetadata(undefined), {});
  deepStrictEqual(tusMetadata(""), {});
});

Deno.test("safeUploadName refuses paths, dots, control characters and long names", () => {
  for (const name of ["a.jpg", "frame 1.jpg", "..a.jpg", "кот.png", "x".repeat(1024)]) {
    strictEqual(safeUploadName(name), true, name);
  }
  for (const name of ["", ".", "..", "../x.jpg", "a/b.jpg", "a\\b.jpg", "a\0.jpg", "a\n.jpg"]) {
    strictEqual(safeUploadName(name), false, JSON.stringify(name));
  }
  strictEqual(safeUploadName("x".repeat(1025)), false);
});

for (const kind of STORE_KINDS) {
  Deno.test(`[${kind}] Upload-Start, TUS in 3 chunks, Upload-Multiple, Upload-Finish`, async () => {
    await withDataApp(kind, async (t) => {
      const id = await createTask(t, t.ann, { segment_size: 5 });
      const begin = { ...t.ann, "Upload-Start": "" };
      const path = `/api/tasks/${id}/data/`;
      const started = await drop(send(t.app, "POST", path, { image_quality: 70 }, begin));
      strictEqual(started.status, 202);
      const res = await drop(tusStart(t, t.ann, id, BIG.byteLength, metadata("big.jpg")));
      strictEqual(res.status, 201);
      const location = res.headers.get("Location")!;
      ok(new RegExp(`^http://localhost/api/tasks/${id}/data/[0-9a-f-]{36}$`).test(location));
      strictEqual(res.headers.get("Upload-Filename"), "big.jpg");
      strictEqual(res.headers.get("Tus-Resumable"), "1.0.0");
      const cuts = [0, Math.floor(BIG.byteLength / 3), Math.floor(BIG.byteLength / 2), BIG.length];
      for (let i = 0; i < 3; i++) {
        const [at, end] = [cuts[i], cuts[i + 1]];
        const patch = await tusPatch(t, t.ann, location, at, BIG.slice(at, end));
        deepStrictEqual([patch.status, patch.headers.get("Upload-Offset")], [204, `${end}`]);
        strictEqual(patch.headers.get("Tus-Resumable"), "1.0.0");
        if (i === 2) strictEqual(patch.headers.get("Upload-Filename"), "big.jpg");
      }
      strictEqual((await tusHead(t, t.ann, location))[0], 404);
      strictEqual(await uploadsLeft(t, id, "tus/"), 0);
      const multiple = { ...t.ann, "Upload-Multiple": "" };
      strictEqual((await upload(t, multiple, id, [["s.png", SMALL]], {})).status, 200);
      const done = await finish(t, t.ann, id, { sorting_method: "predefined" });
      strictEqual(done.status, 202);
      deepStrictEqual((await json(done)).client_files, [{ file: "big.jpg" }, { file: "s.png" }]);
      strictEqual((await waitStatus(t, t.ann, id)).state, "Finished");
      const meta = await getJson(t, t.ann, `/api/tasks/${id}/data/meta`);
      deepStrictEqual(names(meta), ["big.jpg", "s.png"]);
      const sizes = meta.frames.map((f: { width: number; height: number }) => [f.width, f.height]);
      deepStrictEqual(sizes, [[640, 480], [20, 10]]);
      const original = `/api/tasks/${id}/data?type=frame&number=0&quality=original`;
      const frame = await t.app.request(original, { headers: t.ann });
      strictEqual(frame.status, 200);
      deepStrictEqual(new Uint8Array(await frame.arrayBuffer()), BIG);
      strictEqual(await tusLeft(t, id), 0);
      const more = await tusStart(t, t.ann, id, 10, metadata("more.png"));
      deepStrictEqual([more.status, await json(more)], [400, [
        "Adding more data is not supported",
      ]]);
    });
  });

  Deno.test(`[${kind}] HEAD resumes; a wrong offset (409) or too many bytes (413) change nothing`, async () => {
    await withDataApp(kind, async (t) => {
      const id = await createTask(t, t.ann);
      const location = await created(t, t.ann, id, "big.jpg", BIG.byteLength);
      deepStrictEqual(await tusHead(t, t.ann, location), [200, "0", String(BIG.byteLength)]);
      strictEqual((await tusPatch(t, t.ann, location, 0, BIG.slice(0, 1000))).status, 204);
      deepStrictEqual(await tusHead(t, t.ann, location), [200, "1000", String(BIG.byteLength)]);
      for (const offset of [0, 999, 1001]) {
        const wrong = await tusPatch(t, t.ann, location, offset, BIG.slice(1000, 1010));
        strictEqual(wrong.status, 409, `${offset}`);
      }
      const extra = new Uint8Array(BIG.byteLength - 1000 + 1);
      strictEqual((await tusPatch(t, t.ann, location, 1000, extra)).status, 413);
      deepStrictEqual(await tusHead(t, t.ann, location), [200, "1000", String(BIG.byteLength)]);
      const rest = await tusPatch(t, t.ann, location, 1000, BIG.slice(1000));
      deepStrictEqual([rest.status, rest.headers.get("Upload-Offset")], [204, String(BIG.length)]);
      strictEqual((await finish(t, t.ann, id)).status, 202);
      strictEqual((await waitStatus(t, t.ann, id)).state, "Finished");
      deepStrictEqual(names(await getJson(t, t.ann, `/api/tasks/${id}/data/meta`)), ["big.jpg"]);
    });
  });
}

Deno.test("Upload-Length over the limit is 413; bad or missing file names are 400", async () => {
  await withDataApp("memory", { maxUploadBytes: 1000 }, async (t) => {
    const id = await createTask(t, t.ann);
    const big = await tusStart(t, t.ann, id, 1001, metadata("a.jpg"));
    deepStrictEqual([big.status, await json(big)], [
      413,
      "File size exceeds max limit of 1000 bytes",
    ]);
    strictEqual(big.headers.get("Tus-Max-Size"), "1000");
    for (
      const meta of [metadata("../x.jpg"), metadata("a/b.jpg"), "filetype aW1hZ2U=", undefined]
    ) {
      const res = await tusStart(t, t.ann, id, 10, meta);
      strictEqual(res.status, 400, meta);
      ok(/^File name .* is not allowed$/.test(await json(res)));
    }
    for (const length of ["-1", "abc", "1.5", "", "1e3", "0x10"]) {
      const res = await tusStart(t, t.ann, id, length, metadata("a.jpg"));
      deepStrictEqual([res.status, await json(res)], [
        400,
        "Upload-Length must be a non-negative integer",
      ]);
    }
    strictEqual(await uploadsLeft(t, id), 0);
  });
});

Deno.test("a TUS file that would pass the staged total is refused with 413", async () => {
  await withDataApp("memory", { maxUploadBytes: 2 * SMALL.byteLength - 1 }, async (t) => {
    const id = await createTask(t, t.ann);
    const multiple = { ...t.ann, "Upload-Multiple": "" };
    strictEqual((await upload(t, multiple, id, [["a.png", SMALL]], {})).status, 200);
    const location = await created(t, t.ann, id, "b.png", SMALL.byteLength);
    strictEqual((await tusPatch(t, t.ann, location, 0, SMALL)).status, 413);
    strictEqual((await finish(t, t.ann, id)).status, 202);
    strictEqual((await waitStatus(t, t.ann, id)).state, "Finished");
    deepStrictEqual(names(await getJson(t, t.ann, `/api/tasks/${id}/data/meta`)), ["a.png"]);
    strictEqual(await tusLeft(t, id), 0);
  });
});

Deno.test("a clashing name becomes name_1.ext; a zero-length upload completes at once", async () => {
  await withDataApp("memory", async (t) => {
    const id = await createTask(t, t.ann);
    const multiple = { ...t.ann, "Upload-Multiple": "" };
    strictEqual((await upload(t, multiple, id, [["a.png", SMALL]], {})).status, 200);
    for (const expected of ["a_1.png", "a_2.png"]) {
      const location = await created(t, t.ann, id, "a.png", SMALL.byteLength);
      const res = await tusPatch(t, t.ann, location, 0, SMALL);
      deepStrictEqual([res.status, res.headers.get("Upload-Filename")], [204, expected]);
    }
    const empty = await drop(tusStart(t, t.ann, id, 0, metadata("empty.png")));
    strictEqual(empty.status, 201);
    strictEqual(empty.headers.get("Upload-Filename"), "empty.png");
    strictEqual(empty.headers.get("Upload-Offset"), "0");
    ok(empty.headers.get("Location")!.includes(`/api/tasks/${id}/data/`));
    strictEqual((await tusHead(t, t.ann, empty.headers.get("Location")!))[0], 404);
    // The empty file was staged: finishing refuses it by name.
    const refused = await finish(t, t.ann, id);
    strictEqual(refused.status, 400);
    ok((await json(refused))[0].includes('"empty.png"'));
    strictEqual(await uploadsLeft(t, id), 0);
  });
});

Deno.test("unknown uploads are 404, GET is 405, strangers cannot touch an upload", async () => {
  await withDataApp("memory", async (t) => {
    const id = await createTask(t, t.ann);
    const unknown = `http://localhost/api/tasks/${id}/data/${crypto.randomUUID()}`;
    strictEqual((await tusPatch(t, t.ann, unknown, 0, SMALL)).status, 404);
    strictEqual((await tusHead(t, t.ann, unknown))[0], 404);
    const location = await created(t, t.ann, id, "a.png", SMALL.byteLength);
    strictEqual((await drop(t.app.request(pathOf(location), { headers: t.ann }))).status, 405);
    const eveStart = await drop(tusStart(t, t.eve, id, 10, metadata("e.png")));
    ok([403, 404].includes(eveStart.status), String(eveStart.status));
    const evePatch = await tusPatch(t, t.eve, location, 0, SMALL);
    ok([403, 404].includes(evePatch.status), String(evePatch.status));
    ok([403, 404].includes((await tusHead(t, t.eve, location))[0] as number));
    strictEqual((await tusPatch(t, {}, location, 0, SMALL)).status, 401);
    // Through a task of her own, ann's upload id names nothing.
    const own = await createTask(t, t.eve);
    const foreign = location.replace(`/tasks/${id}/`, `/tasks/${own}/`);
    strictEqual((await tusPatch(t, t.eve, foreign, 0, SMALL)).status, 404);
    deepStrictEqual(await tusHead(t, t.ann, location), [200, "0", String(SMALL.byteLength)]);
  });
});

Deno.test("OPTIONS answers the TUS headers; Location follows Origin", async () => {
  await withDataApp("memory", { maxUploadBytes: 5000 }, async (t) => {
    const id = await createTask(t, t.ann);
    const options = { method: "OPTIONS", headers: t.ann };
    const res = await drop(t.app.request(`/api/tasks/${id}/data/`, options));
    strictEqual(res.status, 204);
    strictEqual(res.headers.get("Tus-Resumable"), "1.0.0");
    strictEqual(res.headers.get("Tus-Version"), "1.0.0");
    strictEqual(res.headers.get("Tus-Max-Size"), "5000");
    strictEqual(res.headers.get("Cache-Control"), "no-store");
    ok(res.headers.get("Access-Control-Allow-Methods")!.includes("PATCH"));
    ok(res.headers.get("Access-Control-Expose-Headers")!.includes("Upload-Offset"));
    const withOrigin = { ...t.ann, Origin: "https://cvat.example" };
    const origin = await drop(tusStart(t, withOrigin, id, 5, metadata("o.png")));
    strictEqual(origin.status, 201);
    ok(origin.headers.get("Location")!.startsWith(`https://cvat.example/api/tasks/${id}/data/`));
  });
});

Deno.test("the TUS sequence over a real HTTP port, Location used as is", async () => {
  await withDataApp("memory", async (t) => {
    const id = await createTask(t, t.ann);
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, t.app.fetch);
    try {
      const data = `http://127.0.0.1:${server.addr.port}/api/tasks/${id}/data/`;
      const tus = { ...t.ann, "Tus-Resumable": "1.0.0" };
      const meta = { "Upload-Length": `${BIG.length}`, "Upload-Metadata": metadata("b.jpg") };
      const start = await drop(fetch(data, { method: "POST", headers: { ...tus, ...meta } }));
      strictEqual(start.status, 201);
      const location = start.headers.get("Location")!;
      ok(location.startsWith(data), location);
      const half = Math.floor(BIG.length / 2);
      for (const [offset, end] of [[0, half], [half, BIG.length]]) {
        const headers = { ...tus, "Upload-Offset": String(offset) };
        const body = BIG.slice(offset, end);
        const patch = await drop(fetch(location, { method: "PATCH", headers, body }));
        deepStrictEqual([patch.status, patch.headers.get("Upload-Offset")], [204, String(end)]);
      }
      const headers = { ...t.ann, "Upload-Finish": "", "Content-Type": "application/json" };
      const body = JSON.stringify({ image_quality: 70 });
      strictEqual((await drop(fetch(data, { method: "POST", headers, body }))).status, 202);
      strictEqual((await waitStatus(t, t.ann, id)).state, "Finished");
      deepStrictEqual(names(await getJson(t, t.ann, `/api/tasks/${id}/data/meta`)), ["b.jpg"]);
    } finally {
      await server.shutdown();
    }
  });
});
