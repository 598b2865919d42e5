/**
 * The `annotations` namespace of a session: lazy loading, the core's methods, events, plugins,
 * clear/reload, bad input.
 */
import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { clientApp, taskWithImages } from "./_fixture.ts";
import { FakeSession, jobIds, openSession, writes } from "./_annotations_session.ts";
import { Label } from "../../lib/core/label.ts";
import { ObjectState } from "../../lib/core/object_state.ts";
import { ArgumentError, ServerError } from "../../lib/core/errors.ts";
import type { SessionEvent } from "../../lib/client/session_events.ts";
import type { WireLabel } from "../../lib/core/wire_types.ts";

async function setup() {
  const t = await clientApp();
  const taskId = await taskWithImages(t, { frames: 4, segmentSize: 2 });
  const [first, second] = await jobIds(t, taskId);
  const labels = (await (await t.app.request(`/api/labels?task_id=${taskId}`, {
    headers: t.admin,
  })).json()).results as WireLabel[];
  const car = new Label(labels.find((l) => l.name === "car")!);
  return { t, taskId, first, second, car };
}

function rect(label: Label, frame: number, points = [10, 10, 30, 30]) {
  return new ObjectState({ objectType: "shape", shapeType: "rectangle", label, frame, points });
}

Deno.test("annotations: loaded on first use only, with one load for concurrent calls", async () => {
  const { t, first } = await setup();
  const s = await openSession(t, "job", first);
  strictEqual(s.sent.length, 0);
  strictEqual(await s.annotations.hasUnsavedChanges(), false);
  strictEqual(s.sent.length, 0);
  const [objects, stats] = await Promise.all([s.annotations.get(0), s.annotations.statistics()]);
  deepStrictEqual(objects, []);
  strictEqual(stats.total.total, 0);
  deepStrictEqual(s.sent.map((r) => `${r.method} ${r.path}`).sort(), [
    `GET /api/jobs/${first}/annotations`,
    `GET /api/jobs/${first}/data/meta`,
  ]);
  await s.annotations.get(1);
  strictEqual(s.sent.length, 2);
});

Deno.test("annotations: a failed load rejects and is retried by the next call", async () => {
  const { t, first } = await setup();
  const s = await openSession(t, "job", first);
  s.faults.push({ match: (_m, p) => p.endsWith("/annotations"), when: "before", times: 1 });
  const error = await s.annotations.get(0).catch((e) => e);
  ok(error instanceof ServerError && error.code === 0, String(error));
  deepStrictEqual(await s.annotations.get(0), []);
});

Deno.test("annotations: a job's collection covers its frames, clamped to their sizes", async () => {
  const { t, second, car } = await setup();
  const s = await openSession(t, "job", second);
  await rejects(s.annotations.get(0), ArgumentError);
  const [id] = await s.annotations.put([rect(car, 3, [50, 40, 500, 400])]);
  const [state] = await s.annotations.get(3);
  strictEqual(state.clientID, id);
  deepStrictEqual(state.points, [50, 40, 64, 48]);
});

Deno.test("annotations: events for put, save, delete, merge, import, clear and save", async () => {
  const { t, first, car } = await setup();
  const s = await openSession(t, "job", first);
  const seen: SessionEvent[] = [];
  for (
    const type of [
      "objects:created",
      "objects:updated",
      "objects:deleted",
      "history:changed",
      "annotations:saved",
    ] as const
  ) await s.events.subscribe(type, (event) => seen.push(event));
  const names = () => seen.splice(0).map((e) => e.type);
  const ids = await s.annotations.put([rect(car, 0), rect(car, 1, [40, 5, 60, 25])]);
  strictEqual(seen[0].type, "objects:created");
  strictEqual(seen[0].target, s.instance);
  deepStrictEqual(seen[0].clientIDs, ids);
  strictEqual(seen[1].type, "history:changed");
  deepStrictEqual((seen[1].history as { undo: unknown[] }).undo, [["Created objects", 0]]);
  names();
  const [a] = await s.annotations.get(0);
  const [b] = await s.annotations.get(1);
  a.occluded = true;
  await a.save();
  deepStrictEqual(seen.map((e) => [e.type, e.clientIDs]), [
    ["objects:updated", [a.clientID]],
    ["history:changed", [a.clientID]],
  ]);
  names();
  const merged = await s.annotations.merge([a, b]);
  deepStrictEqual(seen.map((e) => [e.type, e.clientIDs]), [
    ["objects:created", [merged]],
    ["objects:deleted", [a.clientID, b.clientID]],
    ["history:changed", [merged, a.clientID, b.clientID]],
  ]);
  names();
  const [track] = await s.annotations.get(0);
  await track.delete(0, true);
  deepStrictEqual(names(), ["objects:deleted", "history:changed"]);
  await s.annotations.import({ tags: [], shapes: [], tracks: [] });
  deepStrictEqual(names(), []);
  await s.annotations.put([rect(car, 1)]);
  names();
  await s.annotations.save();
  deepStrictEqual(names(), ["annotations:saved"]);
  const [last] = await s.annotations.get(1);
  await s.annotations.clear();
  deepStrictEqual(seen.map((e) => [e.type, e.clientIDs]), [
    ["objects:deleted", [last.clientID]],
    ["history:changed", [last.clientID]],
  ]);
});

Deno.test("annotations: plugins see Job.annotations.put with this = the job", async () => {
  const { t, first, car } = await setup();
  const s = await openSession(t, "job", first);
  const calls: [unknown, number][] = [];
  await s.ctx.plugins.register({
    name: "spy",
    cvat: {
      Job: {
        annotations: {
          put: {
            enter(this: unknown, _plugin: unknown, states: ObjectState[]) {
              calls.push([this, states.length]);
            },
            leave: (_plugin: unknown, result: number[]) => [...result, -1],
          },
        },
      },
    },
  });
  const ids = await s.annotations.put([rect(car, 0)]);
  strictEqual(calls.length, 1);
  ok(calls[0][0] instanceof FakeSession && calls[0][0] === s.instance);
  strictEqual(calls[0][1], 1);
  strictEqual(ids.at(-1), -1);
});

Deno.test("annotations: clear({ reload: true }) drops local changes and loads again", async () => {
  const { t, first, car } = await setup();
  const s = await openSession(t, "job", first);
  await s.annotations.put([rect(car, 0)]);
  await s.annotations.save();
  await s.annotations.put([rect(car, 1)]);
  strictEqual(await s.annotations.hasUnsavedChanges(), true);
  s.sent.length = 0;
  await s.annotations.clear({ reload: true });
  deepStrictEqual(s.sent.map((r) => `${r.method} ${r.path}`), [
    `GET /api/jobs/${first}/annotations`,
  ]);
  strictEqual(await s.annotations.hasUnsavedChanges(), false);
  strictEqual((await s.annotations.get(0)).length, 1);
  strictEqual((await s.annotations.get(1)).length, 0);
});

Deno.test("annotations: export, import, search and select go to the collection", async () => {
  const { t, first, car } = await setup();
  const s = await openSession(t, "job", first);
  await s.annotations.put([rect(car, 1)]);
  const data = await s.annotations.export();
  strictEqual(data.shapes.length, 1);
  strictEqual(await s.annotations.search(null, 0, 1), 1);
  strictEqual(await s.annotations.searchEmpty(0, 1), 0);
  const hit = await s.annotations.select(1, 20, 20);
  strictEqual(hit?.state.clientID, data.shapes[0].clientID);
  const created: SessionEvent[] = [];
  await s.events.subscribe("objects:created", (e) => created.push(e));
  const { clientID: _, ...shape } = data.shapes[0];
  await s.annotations.import({ tags: [], shapes: [{ ...shape, frame: 0 }], tracks: [] });
  strictEqual(created.length, 1);
  strictEqual((await s.annotations.get(0)).length, 1);
});

Deno.test("annotations: bad input is rejected and changes nothing", async () => {
  const { t, first, car } = await setup();
  const s = await openSession(t, "job", first);
  await s.annotations.put([rect(car, 0)]);
  await rejects(s.annotations.clear("all" as never), /clear\(\) options must be an object/);
  await rejects(s.annotations.clear({ reload: "yes" } as never), /reload must be a boolean/);
  await rejects(s.annotations.clear({ frames: 2 } as never), /does not know the option "frames"/);
  await rejects(s.annotations.get(99), ArgumentError);
  strictEqual((await s.annotations.get(0)).length, 1);
  deepStrictEqual(writes(s.sent), []);
});
