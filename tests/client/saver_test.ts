/**
 * The saver through a session against the in-process server: cvat-core's update → delete →
 * create protocol, ids mapped back, version threaded, the flush PUT after clear(), revisions
 * (If-Match / ETag), idempotency keys, and failed saves that lose nothing.
 */
import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { clientApp, taskWithImages } from "./_fixture.ts";
import {
  jobIds,
  openSession,
  serverAnnotations,
  type Session,
  type SessionSent,
  writes,
} from "./_annotations_session.ts";
import { Label } from "../../lib/core/label.ts";
import { ObjectState } from "../../lib/core/object_state.ts";
import { ServerError } from "../../lib/core/errors.ts";
import type { WireLabel } from "../../lib/core/wire_types.ts";

async function setup(frames = 4) {
  const t = await clientApp();
  const taskId = await taskWithImages(t, { frames, segmentSize: 2 });
  const [jobId, secondJob] = await jobIds(t, taskId);
  const s = await openSession(t, "job", jobId);
  const labels = (await (await t.app.request(`/api/labels?task_id=${taskId}`, {
    headers: t.admin,
  })).json()).results as WireLabel[];
  const car = new Label(labels.find((l) => l.name === "car")!);
  return { t, taskId, jobId, secondJob, s, car };
}

function rect(label: Label, frame: number, x = 10, objectType = "shape") {
  return new ObjectState(
    {
      objectType,
      shapeType: "rectangle",
      label,
      frame,
      points: [x, 10, x + 20, 30],
    } as ConstructorParameters<typeof ObjectState>[0],
  );
}

function tag(label: Label, frame: number) {
  return new ObjectState(
    { objectType: "tag", label, frame } as ConstructorParameters<
      typeof ObjectState
    >[0],
  );
}

const bodyOf = (s: SessionSent) => JSON.parse(s.body!);
const answerOf = (s: SessionSent) => JSON.parse(s.answer!.text!);

function noClientIDs(value: unknown): boolean {
  return !JSON.stringify(value).includes("clientID");
}

async function saveCollecting(s: Session): Promise<string[]> {
  const messages: string[] = [];
  await s.annotations.save((m) => messages.push(m));
  return messages;
}

Deno.test("save: created objects go in one PATCH create without clientIDs; ids come back", async () => {
  const { t, jobId, s, car } = await setup();
  await s.annotations.put([rect(car, 0), rect(car, 1, 30, "track"), tag(car, 1)]);
  s.sent.length = 0;
  deepStrictEqual(await saveCollecting(s), ["Created objects are being saved on the server"]);
  deepStrictEqual(writes(s.sent), [`PATCH /api/jobs/${jobId}/annotations?action=create`]);
  const body = bodyOf(s.sent[0]);
  deepStrictEqual(Object.keys(body).sort(), ["shapes", "tags", "tracks", "version"]);
  strictEqual(body.version, 0);
  strictEqual(body.shapes.length + body.tracks.length + body.tags.length, 3);
  ok(noClientIDs(body));
  const server = await serverAnnotations(t, "job", jobId);
  const local = await s.annotations.export();
  deepStrictEqual(local.shapes.map((o) => o.id), server.shapes.map((o: { id: number }) => o.id));
  deepStrictEqual(local.tracks.map((o) => o.id), server.tracks.map((o: { id: number }) => o.id));
  deepStrictEqual(local.tags.map((o) => o.id), server.tags.map((o: { id: number }) => o.id));
  strictEqual(await s.annotations.hasUnsavedChanges(), false);
  // Nothing left: a second save sends nothing.
  s.sent.length = 0;
  deepStrictEqual(await saveCollecting(s), []);
  deepStrictEqual(s.sent, []);
});

Deno.test("save: update, then delete, then create, each with the previous answer's version", async () => {
  const { t, jobId, s, car } = await setup();
  await s.annotations.put([rect(car, 0), rect(car, 0, 40)]);
  await s.annotations.save();
  const [a, b] = await s.annotations.get(0);
  a.points = [1, 1, 21, 21];
  await a.save();
  await b.delete(0);
  await s.annotations.put([rect(car, 1, 5)]);
  s.sent.length = 0;
  deepStrictEqual(await saveCollecting(s), [
    "Updated objects are being saved on the server",
    "Deleted objects are being deleted from the server",
    "Created objects are being saved on the server",
  ]);
  const path = `/api/jobs/${jobId}/annotations`;
  deepStrictEqual(writes(s.sent), [
    `PATCH ${path}?action=update`,
    `PATCH ${path}?action=delete`,
    `PATCH ${path}?action=create`,
  ]);
  const [update, remove, create] = s.sent;
  deepStrictEqual(bodyOf(update).shapes.map((o: { id: number }) => o.id), [a.serverID]);
  deepStrictEqual(bodyOf(update).shapes[0].points, [1, 1, 21, 21]);
  deepStrictEqual(bodyOf(remove).shapes.map((o: { id: number }) => o.id), [b.serverID]);
  strictEqual(bodyOf(create).shapes.length, 1);
  ok([update, remove, create].every((r) => noClientIDs(bodyOf(r))));
  strictEqual(bodyOf(remove).version, answerOf(update).version);
  strictEqual(bodyOf(create).version, answerOf(remove).version);
  ok(answerOf(create).version > bodyOf(update).version);
  // A fresh session sees what this one has.
  const other = await openSession(t, "job", jobId);
  const strip = (data: { shapes: { id?: number | null; points: number[] }[] }) =>
    data.shapes.map((o) => [o.id, o.points]);
  deepStrictEqual(strip(await other.annotations.export()), strip(await s.annotations.export()));
});

Deno.test("save: after a full clear() the next save is one PUT of the whole collection", async () => {
  const { t, jobId, s, car } = await setup();
  await s.annotations.put([rect(car, 0), rect(car, 1)]);
  await s.annotations.save();
  await s.annotations.clear();
  strictEqual(await s.annotations.hasUnsavedChanges(), true);
  await s.annotations.put([rect(car, 1, 33)]);
  s.sent.length = 0;
  deepStrictEqual(await saveCollecting(s), ["All collection is being saved on the server"]);
  deepStrictEqual(writes(s.sent), [`PUT /api/jobs/${jobId}/annotations`]);
  const body = bodyOf(s.sent[0]);
  strictEqual(body.shapes.length, 1);
  ok(noClientIDs(body) && !("id" in body.shapes[0]));
  const server = await serverAnnotations(t, "job", jobId);
  deepStrictEqual(server.shapes.map((o: { points: number[] }) => o.points), [[33, 10, 53, 30]]);
  deepStrictEqual((await s.annotations.export()).shapes.map((o) => o.id), [server.shapes[0].id]);
  strictEqual(await s.annotations.hasUnsavedChanges(), false);
  // The flush is over: the next changes go by PATCH again.
  const [state] = await s.annotations.get(1);
  state.points = [0, 0, 10, 10];
  await state.save();
  s.sent.length = 0;
  await s.annotations.save();
  deepStrictEqual(writes(s.sent), [`PATCH /api/jobs/${jobId}/annotations?action=update`]);
});

Deno.test("save: a cleared range is saved as deletes, not as a flush", async () => {
  const { jobId, s, car } = await setup();
  await s.annotations.put([rect(car, 0), rect(car, 1)]);
  await s.annotations.save();
  await s.annotations.clear({ startFrame: 1, stopFrame: 1 });
  s.sent.length = 0;
  await s.annotations.save();
  deepStrictEqual(writes(s.sent), [`PATCH /api/jobs/${jobId}/annotations?action=delete`]);
});

Deno.test("save: If-Match carries the current ETag and every write a fresh Idempotency-Key", async () => {
  const { jobId, s, car } = await setup();
  await s.annotations.get(0);
  const get = s.sent.find((r) => r.method === "GET" && r.path.endsWith("/annotations"))!;
  const etag = get.answer!.headers.get("etag");
  strictEqual(etag, '"0"');
  await s.annotations.put([rect(car, 0), rect(car, 1)]);
  await s.annotations.save();
  const [x] = await s.annotations.get(0);
  await x.delete(0);
  await s.annotations.put([rect(car, 1)]);
  s.sent.length = 0;
  await s.annotations.save();
  const all = s.sent;
  strictEqual(all.length, 2);
  const first = all[0];
  strictEqual(first.path, `/api/jobs/${jobId}/annotations?action=delete`);
  strictEqual(first.headers.get("if-match"), '"1"');
  strictEqual(all[1].headers.get("if-match"), first.answer!.headers.get("etag"));
  const keys = all.map((r) => r.headers.get("idempotency-key"));
  ok(keys.every((k) => /^[0-9a-f-]{36}$/.test(k!)));
  strictEqual(new Set(keys).size, 2);
});

Deno.test("save: a stale revision is ServerError 409 and the changes stay unsaved", async () => {
  const { t, jobId, s, car } = await setup();
  await s.annotations.put([rect(car, 0)]);
  // Someone else writes in between.
  const res = await t.app.request(`/api/jobs/${jobId}/annotations?action=create`, {
    method: "PATCH",
    headers: { ...t.admin, "content-type": "application/json" },
    body: JSON.stringify({
      tags: [],
      tracks: [],
      shapes: [{
        type: "rectangle",
        frame: 1,
        label_id: car.id,
        points: [0, 0, 5, 5],
        occluded: false,
        outside: false,
        z_order: 0,
        rotation: 0,
        group: 0,
        source: "manual",
        attributes: [],
      }],
    }),
  });
  strictEqual(res.status, 200);
  await res.body?.cancel();
  const error = await s.annotations.save().catch((e) => e);
  ok(error instanceof ServerError, String(error));
  strictEqual(error.code, 409);
  strictEqual(await s.annotations.hasUnsavedChanges(), true);
  strictEqual((await serverAnnotations(t, "job", jobId)).shapes.length, 1);
  // Nothing was lost locally.
  strictEqual((await s.annotations.get(0)).length, 1);
});

Deno.test("save: a lost answer is retried under the same key and not applied twice", async () => {
  const { t, jobId, s, car } = await setup();
  await s.annotations.put([rect(car, 0), rect(car, 1)]);
  s.faults.push({ match: (m) => m === "PATCH", when: "after", times: 1 });
  s.sent.length = 0;
  await s.annotations.save();
  const patches = s.sent.filter((r) => r.method === "PATCH");
  strictEqual(patches.length, 2);
  strictEqual(patches[0].headers.get("idempotency-key"), patches[1].headers.get("idempotency-key"));
  strictEqual(patches[1].answer!.headers.get("idempotent-replayed"), "true");
  strictEqual((await serverAnnotations(t, "job", jobId)).shapes.length, 2);
  strictEqual(await s.annotations.hasUnsavedChanges(), false);
});

Deno.test("save: a failed save rejects, keeps the changes, and the next save finishes it once", async () => {
  const { t, jobId, s, car } = await setup();
  await s.annotations.put([rect(car, 0), rect(car, 1)]);
  // The first try never arrives, the retry is applied but its answer is lost.
  s.faults.push({ match: (m) => m === "PATCH", when: "before", times: 1 });
  s.faults.push({ match: (m) => m === "PATCH", when: "after", times: 1 });
  const error = await s.annotations.save().catch((e) => e);
  ok(error instanceof ServerError && error.code === 0, String(error));
  strictEqual(await s.annotations.hasUnsavedChanges(), true);
  strictEqual((await serverAnnotations(t, "job", jobId)).shapes.length, 2);
  s.sent.length = 0;
  await s.annotations.save();
  deepStrictEqual(writes(s.sent), [`PATCH /api/jobs/${jobId}/annotations?action=create`]);
  strictEqual(s.sent[0].answer!.headers.get("idempotent-replayed"), "true");
  const server = await serverAnnotations(t, "job", jobId);
  strictEqual(server.shapes.length, 2);
  deepStrictEqual(
    (await s.annotations.export()).shapes.map((o) => o.id),
    server.shapes.map((o: { id: number }) => o.id),
  );
  strictEqual(await s.annotations.hasUnsavedChanges(), false);
});

Deno.test("save: a save that fails half-way sends only the rest the next time", async () => {
  const { jobId, s, car } = await setup();
  await s.annotations.put([rect(car, 0), rect(car, 0, 40)]);
  await s.annotations.save();
  const [a, b] = await s.annotations.get(0);
  a.points = [2, 2, 12, 12];
  await a.save();
  await b.delete(0);
  s.faults.push({ match: (_m, p) => p.endsWith("action=delete"), when: "before", times: 2 });
  await rejects(s.annotations.save(), ServerError);
  s.sent.length = 0;
  await s.annotations.save();
  deepStrictEqual(writes(s.sent), [`PATCH /api/jobs/${jobId}/annotations?action=delete`]);
});

Deno.test("save: undoing a saved creation deletes it, redoing creates it again", async () => {
  const { t, jobId, s, car } = await setup();
  await s.annotations.put([rect(car, 0)]);
  await s.annotations.save();
  const [saved] = await s.annotations.get(0);
  await s.actions.undo();
  s.sent.length = 0;
  await s.annotations.save();
  deepStrictEqual(writes(s.sent), [`PATCH /api/jobs/${jobId}/annotations?action=delete`]);
  deepStrictEqual(bodyOf(s.sent[0]).shapes.map((o: { id: number }) => o.id), [saved.serverID]);
  strictEqual((await serverAnnotations(t, "job", jobId)).shapes.length, 0);
  await s.actions.redo();
  s.sent.length = 0;
  await s.annotations.save();
  deepStrictEqual(writes(s.sent), [`PATCH /api/jobs/${jobId}/annotations?action=create`]);
  strictEqual((await serverAnnotations(t, "job", jobId)).shapes.length, 1);
  strictEqual(await s.annotations.hasUnsavedChanges(), false);
});

Deno.test("save: a task session saves through the task's endpoint", async () => {
  const { t, taskId, car } = await setup();
  const task = await openSession(t, "task", taskId);
  await task.annotations.put([rect(car, 0), rect(car, 3)]);
  await task.annotations.save();
  deepStrictEqual(writes(task.sent), [`PATCH /api/tasks/${taskId}/annotations?action=create`]);
  strictEqual((await serverAnnotations(t, "task", taskId)).shapes.length, 2);
  strictEqual(await task.annotations.hasUnsavedChanges(), false);
});

Deno.test("save: bad onUpdate is an ArgumentError and sends nothing", async () => {
  const { s, car } = await setup();
  await s.annotations.put([rect(car, 0)]);
  s.sent.length = 0;
  await rejects(s.annotations.save("log" as never), /onUpdate must be a function/);
  deepStrictEqual(s.sent, []);
  strictEqual(await s.annotations.hasUnsavedChanges(), true);
});
