/**
 * dump/upload: CVAT's 202/201 protocol against a fake server, and a round trip through ours
 * (CVAT for images 1.1 out, CVAT 1.1 in) with clear errors for a bad file or format.
 */
import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { API, clientApp, taskWithImages } from "./_fixture.ts";
import { jobIds, openSession } from "./_annotations_session.ts";
import { createHttp } from "../../lib/client/http.ts";
import { createPluginRegistry } from "../../lib/client/plugins.ts";
import { attachSession } from "../../lib/client/session.ts";
import { dumpAnnotations, uploadAnnotations } from "../../lib/client/annotations_io.ts";
import { ArgumentError, ServerError } from "../../lib/core/errors.ts";
import { Label } from "../../lib/core/label.ts";
import { ObjectState } from "../../lib/core/object_state.ts";

/** A fake server: answers from a script per "METHOD path?query" prefix, in order. */
function fakeServer(script: Record<string, Response[]>) {
  const log: { line: string; request: Request }[] = [];
  const fetch = (request: Request) => {
    const url = new URL(request.url);
    const line = `${request.method} ${url.pathname}${url.search}`;
    log.push({ line, request });
    const key = Object.keys(script).find((k) => line.startsWith(k) && script[k].length);
    if (!key) {
      return Promise.resolve(Response.json({ detail: `unexpected ${line}` }, { status: 500 }));
    }
    return Promise.resolve(script[key].shift()!);
  };
  return { http: createHttp({ api: API, fetch }), log, fetch };
}

const status = (code: number, body: unknown = null) =>
  body === null ? new Response(null, { status: code }) : Response.json(body, { status: code });

Deno.test("dump: polls while the file is prepared (202), downloads once it is ready (201)", async () => {
  const path = "/jobs/3/annotations";
  const fake = fakeServer({
    "GET /api/jobs/3/annotations?format=COCO+1.0&action=download": [
      new Response(new Uint8Array([80, 75, 3, 4])),
    ],
    "GET /api/jobs/3/annotations?format=COCO+1.0": [status(202), status(202), status(201)],
  });
  const stream = await dumpAnnotations({ http: fake.http, path, delays: [1] }, "COCO 1.0");
  deepStrictEqual(
    new Uint8Array(await new Response(stream).arrayBuffer()),
    new Uint8Array([80, 75, 3, 4]),
  );
  deepStrictEqual(fake.log.map((l) => l.line), [
    "GET /api/jobs/3/annotations?format=COCO+1.0",
    "GET /api/jobs/3/annotations?format=COCO+1.0",
    "GET /api/jobs/3/annotations?format=COCO+1.0",
    "GET /api/jobs/3/annotations?format=COCO+1.0&action=download",
  ]);
});

Deno.test("dump: an error answer or an unexpected 200 is a ServerError naming the format", async () => {
  const path = "/tasks/2/annotations";
  const failing = fakeServer({ "GET": [status(400, { detail: "Unknown format specified" })] });
  const error = await dumpAnnotations({ http: failing.http, path }, "YOLO 1.1").catch((e) => e);
  ok(error instanceof ServerError);
  strictEqual(error.code, 400);
  ok(error.message.includes('"YOLO 1.1"') && error.message.includes("Unknown format"));
  const plain = fakeServer({
    "GET": [status(200, { version: 0, tags: [], shapes: [], tracks: [] })],
  });
  const other = await dumpAnnotations({ http: plain.http, path }, "YOLO 1.1").catch((e) => e);
  ok(other instanceof ServerError && /HTTP 200 instead of 202\/201/.test(other.message));
  await rejects(dumpAnnotations({ http: plain.http, path }, ""), ArgumentError);
});

Deno.test("upload: sends annotation_file, then polls with rq_id until it is not 202", async () => {
  const fake = fakeServer({
    "PUT /api/jobs/3/annotations": [status(202, { rq_id: "rq-1" }), status(202), status(201)],
  });
  const file = new File(["<annotations/>"], "ann.xml");
  await uploadAnnotations(
    { http: fake.http, path: "/jobs/3/annotations", delays: [1] },
    file,
    "CVAT 1.1",
  );
  deepStrictEqual(fake.log.map((l) => l.line), [
    "PUT /api/jobs/3/annotations?format=CVAT+1.1&filename=ann.xml",
    "PUT /api/jobs/3/annotations?format=CVAT+1.1&filename=ann.xml&rq_id=rq-1",
    "PUT /api/jobs/3/annotations?format=CVAT+1.1&filename=ann.xml&rq_id=rq-1",
  ]);
  const form = await fake.log[0].request.formData();
  strictEqual(await (form.get("annotation_file") as File).text(), "<annotations/>");
  await rejects(
    uploadAnnotations({ http: fake.http, path: "/jobs/3/annotations" }, "text", "CVAT 1.1"),
    /file must be a Blob, File or Uint8Array/,
  );
});

Deno.test("upload: a session reloads its collection once the import is done", async () => {
  const shape = {
    id: 9,
    type: "rectangle",
    frame: 0,
    label_id: 1,
    group: 0,
    source: "file",
    occluded: false,
    outside: false,
    z_order: 0,
    rotation: 0,
    points: [0, 0, 5, 5],
    attributes: [],
  };
  const meta = { frames: [{ width: 10, height: 10, name: "a.jpg" }], deleted_frames: [] };
  const fake = fakeServer({
    "GET /api/jobs/3/annotations": [
      status(200, { version: 0, tags: [], shapes: [], tracks: [] }),
      status(200, { version: 1, tags: [], shapes: [shape], tracks: [] }),
    ],
    "GET /api/jobs/3/data/meta": [status(200, meta)],
    "PUT /api/jobs/3/annotations": [status(202, { rq_id: "r" }), status(201)],
  });
  const ctx = {
    config: { backendAPI: API, frameLoadPolicy: { incremental: 0 }, uploadChunkSize: 100 },
    http: fake.http,
    plugins: createPluginRegistry(),
    log: () => {},
    report: () => Promise.resolve(),
    classes: {},
  };
  const session = attachSession(ctx, {
    kind: "job",
    className: "Job",
    id: 3,
    instance: {},
    startFrame: 0,
    stopFrame: 0,
    labels: () => [{ id: 1, name: "car", type: "any", attributes: [] }] as never,
    ids: { projectId: null, taskId: 1, jobId: 3 },
  });
  deepStrictEqual(await session.annotations.get(0), []);
  await session.annotations.upload(new Uint8Array([1, 2, 3]));
  const [state] = await session.annotations.get(0);
  strictEqual(state.serverID, 9);
  strictEqual(fake.log.filter((l) => l.line === "GET /api/jobs/3/annotations").length, 2);
  ok(fake.log.some((l) => l.line.startsWith("PUT /api/jobs/3/annotations?format=CVAT+1.1")));
});

Deno.test("dump/upload round-trip through our server; a bad file or format changes nothing", async () => {
  const t = await clientApp();
  const taskId = await taskWithImages(t, { frames: 2 });
  const [jobId] = await jobIds(t, taskId);
  const s = await openSession(t, "job", jobId);
  const labels = await (await t.app.request(`/api/labels?task_id=${taskId}`, {
    headers: t.admin,
  })).json();
  const car = new Label(labels.results.find((l: { name: string }) => l.name === "car"));
  const box = { objectType: "shape", shapeType: "rectangle", label: car, frame: 1 } as const;
  await s.annotations.put([new ObjectState({ ...box, points: [1, 2, 30, 40] })]);
  await s.annotations.save();
  const zip = new Uint8Array(await new Response(await s.annotations.dump()).arrayBuffer());
  strictEqual(String.fromCharCode(zip[0], zip[1]), "PK", "a zip");

  const unknown = await s.annotations.dump("No such format 9.9").catch((e) => e);
  ok(unknown instanceof ServerError, String(unknown));
  ok(unknown.message.startsWith('Cannot export the annotations as "No such format 9.9"'));
  s.sent.length = 0;
  const upload = await s.annotations.upload(new Blob(["garbage bytes"])).catch((e) => e);
  ok(upload instanceof ServerError, String(upload));
  strictEqual(upload.code, 400);
  ok(upload.message.startsWith('Cannot import the annotations as "CVAT 1.1"'), upload.message);
  deepStrictEqual(s.sent.filter((r) => r.method === "GET"), [], "nothing was reloaded");
  strictEqual((await s.annotations.export()).shapes.length, 1);
  const onServer = await (await t.app.request(`/api/jobs/${jobId}/annotations`, {
    headers: t.admin,
  })).json();
  strictEqual(onServer.shapes.length, 1, "the failed import wrote nothing");

  await s.annotations.clear();
  await s.annotations.save();
  strictEqual((await s.annotations.export()).shapes.length, 0);
  await s.annotations.upload(new Blob([zip]));
  const [back] = (await s.annotations.export()).shapes;
  deepStrictEqual([back.type, back.frame, back.points], ["rectangle", 1, [1, 2, 30, 40]]);
  ok(Number.isInteger(back.id), "reloaded from the server, with its id");
});
