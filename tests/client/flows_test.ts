/**
 * End-to-end flows through the client alone (in process, `createCvat` over `app.fetch`, logged
 * in with `cvat.server.login`): a task created with images, annotated, saved and read back by a
 * second client; undo/redo across saves; ObjectState edits; logs and exceptions reaching the
 * server; the request sequence of one save (cvat-core notes §7).
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { type ClientApp, clientApp, type Sent } from "./_fixture.ts";
import { imageBytes } from "../server/task_data_fixture.ts";
import { ArgumentError } from "../../lib/core/errors.ts";
import type { Cvat } from "../../lib/client/cvat.ts";
import type { Label } from "../../lib/core/label.ts";
import type { ObjectState } from "../../lib/core/object_state.ts";
import type { LabeledData } from "../../lib/core/wire_types.ts";
import { SAVE_MESSAGES } from "../../lib/client/saver.ts";

// deno-lint-ignore no-explicit-any
type Any = any;

/** An app with nobody logged in, and a client that logs in as the admin. */
async function loggedIn(): Promise<ClientApp> {
  const t = await clientApp({ authenticated: false });
  strictEqual(await t.cvat.server.authenticated(), false);
  await t.cvat.server.login("admin", "s3cret!");
  strictEqual(await t.cvat.server.authenticated(), true);
  return t;
}

/** A second client on the same app, logged in. */
async function secondClient(t: ClientApp): Promise<Cvat> {
  const other = t.another();
  await other.server.login("admin", "s3cret!");
  return other;
}

/** A task of `frames` generated JPEGs made with `new cvat.Task(...).save()`. */
async function createTask(cvat: Cvat, frames: number, segmentSize: number) {
  const files: Blob[] = [];
  for (let i = 0; i < frames; i++) {
    const bytes = await imageBytes(64, 48, "jpeg", 0x305070ff + i * 0x10203);
    files.push(new File([new Uint8Array(bytes)], `shot_${i}.jpg`, { type: "image/jpeg" }));
  }
  const task = new cvat.Task({
    name: "flows",
    segment_size: segmentSize,
    labels: [
      {
        name: "car",
        attributes: [{
          name: "parked",
          mutable: true,
          input_type: "checkbox",
          default_value: "false",
          values: ["false"],
        }],
      },
      { name: "person", attributes: [] },
    ],
  });
  task.data = { client_files: files, server_files: [], remote_files: [] };
  const messages: string[] = [];
  await task.save((message: string) => messages.push(message));
  ok(messages.length >= 2, `progress messages: ${JSON.stringify(messages)}`);
  return task;
}

/** The job of a task read back by `tasks.get`, and its labels by name. */
async function openJob(cvat: Cvat, taskId: number, index = 0) {
  const [task] = await cvat.tasks.get({ id: taskId });
  const job = [...task.jobs].sort((a: Any, b: Any) => a.startFrame - b.startFrame)[index];
  const label = (name: string) => job.labels.find((l: Label) => l.name === name) as Label;
  return { task, job, car: label("car"), person: label("person") };
}

function withoutClientIDs<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (key, v) => key === "clientID" ? undefined : v));
}

const line = (s: Sent) => `${s.method} ${s.path}`;
const writes = (sent: Sent[]) => sent.filter((s) => s.method !== "GET");

Deno.test("flow: create, annotate, save, and read back through a second client", async () => {
  const t = await loggedIn();
  const created = await createTask(t.cvat, 5, 3);
  strictEqual(created.size, 5);
  const { task, job, car, person } = await openJob(t.cvat, created.id);
  strictEqual(task.jobs.length, 2);
  deepStrictEqual([job.startFrame, job.stopFrame], [0, 2]);
  const parked = car.attributes[0].id!;
  const { ObjectState } = t.cvat;
  await job.annotations.put([
    new ObjectState({
      objectType: "shape",
      shapeType: "rectangle",
      label: car,
      frame: 0,
      points: [4, 4, 30, 20],
      attributes: { [parked]: "true" },
    }),
    new ObjectState({
      objectType: "track",
      shapeType: "polygon",
      label: person,
      frame: 0,
      points: [10, 10, 20, 5, 30, 10, 20, 30],
    }),
    new ObjectState({ objectType: "tag", label: car, frame: 1 }),
  ]);
  const track = (await job.annotations.get(2)).find((s: ObjectState) => s.objectType === "track");
  track.points = [12, 12, 22, 7, 32, 12, 22, 32];
  await track.save();
  strictEqual(await job.annotations.hasUnsavedChanges(), true);
  await job.annotations.save();
  strictEqual(await job.annotations.hasUnsavedChanges(), false);
  const mine = await job.annotations.export();
  deepStrictEqual([mine.shapes.length, mine.tracks.length, mine.tags.length], [1, 1, 1]);
  deepStrictEqual(mine.tracks[0].shapes.map((s: { frame: number }) => s.frame), [0, 2]);
  ok([...mine.shapes, ...mine.tracks, ...mine.tags].every((o) => Number.isInteger(o.id)));

  const other = await secondClient(t);
  const reopened = await openJob(other, created.id);
  const theirs: LabeledData = await reopened.job.annotations.export();
  deepStrictEqual(withoutClientIDs(theirs), withoutClientIDs(mine));
  const [rect] = (await reopened.job.annotations.get(0)).filter((s: ObjectState) =>
    s.shapeType === "rectangle"
  );
  deepStrictEqual(rect.attributes, { [parked]: "true" });
  const taskLevel = await reopened.task.annotations.export();
  strictEqual(taskLevel.shapes.length + taskLevel.tracks.length + taskLevel.tags.length, 3);
});

Deno.test("flow: undo a saved creation, save (delete), redo, save (create again)", async () => {
  const t = await loggedIn();
  const created = await createTask(t.cvat, 2, 0);
  const { job, car } = await openJob(t.cvat, created.id);
  const box = new t.cvat.ObjectState({
    objectType: "shape",
    shapeType: "rectangle",
    label: car,
    frame: 1,
    points: [1, 2, 30, 40],
  });
  await job.annotations.put([box]);
  await job.annotations.save();
  const reload = async () => {
    const fresh = await openJob(await secondClient(t), created.id);
    return (await fresh.job.annotations.export()).shapes;
  };
  const [first] = await reload();
  deepStrictEqual(first.points, [1, 2, 30, 40]);

  await job.actions.undo();
  deepStrictEqual(await job.annotations.get(1), []);
  t.sent.length = 0;
  await job.annotations.save();
  deepStrictEqual(writes(t.sent).map(line), [
    `PATCH /api/jobs/${job.id}/annotations?action=delete`,
  ]);
  deepStrictEqual(JSON.parse(writes(t.sent)[0].body!).shapes.map((s: Any) => s.id), [first.id]);
  deepStrictEqual(await reload(), [], "the server no longer has it");

  await job.actions.redo();
  strictEqual((await job.annotations.get(1)).length, 1);
  t.sent.length = 0;
  await job.annotations.save();
  deepStrictEqual(writes(t.sent).map(line), [
    `PATCH /api/jobs/${job.id}/annotations?action=create`,
  ]);
  const body = JSON.parse(writes(t.sent)[0].body!);
  strictEqual(body.shapes[0].id, undefined, "created again, without its old id");
  const [back] = await reload();
  deepStrictEqual(back.points, [1, 2, 30, 40]);
  ok(back.id !== first.id);
  strictEqual((await job.annotations.export()).shapes[0].id, back.id, "the new id is taken");
  strictEqual(await job.annotations.hasUnsavedChanges(), false);
});

Deno.test("flow: ObjectState edits saved into the collection, then to the server", async () => {
  const t = await loggedIn();
  const created = await createTask(t.cvat, 2, 0);
  const { job, car, person } = await openJob(t.cvat, created.id);
  await job.annotations.put([
    new t.cvat.ObjectState({
      objectType: "shape",
      shapeType: "rectangle",
      label: car,
      frame: 0,
      points: [1, 1, 10, 10],
    }),
  ]);
  await job.annotations.save();
  const [state] = await job.annotations.get(0);
  state.points = [2, 3, 40, 30];
  state.occluded = true;
  state.label = person;
  await state.save();
  deepStrictEqual((await job.actions.get()).undo.at(-1), ["Changed object", 0]);
  t.sent.length = 0;
  await job.annotations.save();
  deepStrictEqual(writes(t.sent).map(line), [
    `PATCH /api/jobs/${job.id}/annotations?action=update`,
  ]);
  const [sent] = JSON.parse(writes(t.sent)[0].body!).shapes;
  deepStrictEqual([sent.points, sent.occluded, sent.label_id], [[2, 3, 40, 30], true, person.id]);
  const fresh = await openJob(await secondClient(t), created.id);
  const [saved] = await fresh.job.annotations.get(0);
  deepStrictEqual([saved.points, saved.occluded, saved.label.name], [
    [2, 3, 40, 30],
    true,
    "person",
  ]);
});

async function storedEvents(t: ClientApp): Promise<Record<string, Any>[]> {
  const out = [];
  for await (const record of t.store.events.list()) out.push(record.event);
  return out;
}

Deno.test("flow: logs.put + logs.save and Exception.save reach the server's events", async () => {
  const t = await loggedIn();
  const created = await createTask(t.cvat, 2, 0);
  const { job } = await openJob(t.cvat, created.id);
  await job.logs.put("save:job", { duration: 12 });
  await t.cvat.logger.put("load:job", { job_id: job.id, duration: 5 });
  strictEqual((await storedEvents(t)).length, 0, "nothing is sent before save()");
  await job.logs.save();
  const events = await storedEvents(t);
  deepStrictEqual(events.map((e) => e.scope), ["save:job", "load:job"]);
  deepStrictEqual([events[0].job_id, events[0].task_id, events[0].duration], [
    job.id,
    created.id,
    12,
  ]);

  const error = await job.annotations.get(99).catch((e: Error) => e);
  ok(error instanceof ArgumentError, String(error));
  t.sent.length = 0;
  await error.save();
  deepStrictEqual(t.sent.map(line), ["POST /api/events"]);
  const exception = (await storedEvents(t)).find((e) => e.scope === "send:exception");
  ok(exception, "a send:exception event was stored");
  strictEqual(JSON.parse(exception.payload).message, error.message);
});

Deno.test("flow: one save sends update, delete, create in that order (cvat-core §7)", async () => {
  const t = await loggedIn();
  const created = await createTask(t.cvat, 2, 0);
  const { job, car } = await openJob(t.cvat, created.id);
  const rect = (points: number[]) =>
    new t.cvat.ObjectState({
      objectType: "shape",
      shapeType: "rectangle",
      label: car,
      frame: 0,
      points,
    });
  await job.annotations.put([rect([1, 1, 10, 10]), rect([20, 20, 30, 30])]);
  await job.annotations.save();
  const [a, b] = await job.annotations.get(0);
  const [idA, idB] = [a.serverID, b.serverID];
  a.points = [2, 2, 12, 12];
  await a.save();
  await b.delete(0);
  await job.annotations.put([rect([40, 5, 60, 25])]);
  const messages: string[] = [];
  t.sent.length = 0;
  await job.annotations.save((message: string) => messages.push(message));
  const path = `/api/jobs/${job.id}/annotations`;
  deepStrictEqual(t.sent.map(line), [
    `PATCH ${path}?action=update`,
    `PATCH ${path}?action=delete`,
    `PATCH ${path}?action=create`,
  ]);
  deepStrictEqual(messages, [SAVE_MESSAGES.updated, SAVE_MESSAGES.deleted, SAVE_MESSAGES.created]);
  const bodies = t.sent.map((s) => JSON.parse(s.body!));
  ok(t.sent.every((s) => !s.body!.includes("clientID")), "no clientID anywhere in the bodies");
  deepStrictEqual(bodies.map((body) => Object.keys(body).sort()), [
    ["shapes", "tags", "tracks", "version"],
    ["shapes", "tags", "tracks", "version"],
    ["shapes", "tags", "tracks", "version"],
  ]);
  deepStrictEqual(bodies[0].shapes.map((s: Any) => [s.id, s.points]), [[idA, [2, 2, 12, 12]]]);
  deepStrictEqual(bodies[1].shapes.map((s: Any) => [s.id, s.points]), [[idB, [20, 20, 30, 30]]]);
  deepStrictEqual(bodies[2].shapes.map((s: Any) => [s.id, s.points]), [[undefined, [
    40,
    5,
    60,
    25,
  ]]]);
  // The version is threaded: each write carries the revision the previous answer gave, also
  // as If-Match, under a fresh Idempotency-Key.
  const versions = bodies.map((body) => body.version as number);
  ok(versions[0] < versions[1] && versions[1] < versions[2], JSON.stringify(versions));
  for (const [i, s] of t.sent.entries()) {
    strictEqual(s.headers.get("if-match"), `"${versions[i]}"`);
    strictEqual(s.status, 200);
  }
  strictEqual(new Set(t.sent.map((s) => s.headers.get("idempotency-key"))).size, 3);
  const fresh = await openJob(await secondClient(t), created.id);
  const after = await fresh.job.annotations.export();
  ok(versions[2] < (await (await t.app.request(path, { headers: t.admin })).json()).version);
  deepStrictEqual(after.shapes.map((s: Any) => s.points).sort(), [[2, 2, 12, 12], [40, 5, 60, 25]]);
});
