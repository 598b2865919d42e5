/**
 * The `actions` namespace of a session: undo/redo/clear/freeze/get over the collection's
 * history, `history:changed` events, plugin paths.
 */
import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { clientApp, taskWithImages } from "./_fixture.ts";
import { jobIds, openSession } from "./_annotations_session.ts";
import { Label } from "../../lib/core/label.ts";
import { ObjectState } from "../../lib/core/object_state.ts";
import { ArgumentError } from "../../lib/core/errors.ts";
import type { SessionEvent } from "../../lib/client/session_events.ts";
import type { WireLabel } from "../../lib/core/wire_types.ts";

async function setup() {
  const t = await clientApp();
  const taskId = await taskWithImages(t, { frames: 2 });
  const [jobId] = await jobIds(t, taskId);
  const labels = (await (await t.app.request(`/api/labels?task_id=${taskId}`, {
    headers: t.admin,
  })).json()).results as WireLabel[];
  const car = new Label(labels.find((l) => l.name === "car")!);
  const s = await openSession(t, "job", jobId);
  const rect = (frame: number) =>
    new ObjectState({
      objectType: "shape",
      shapeType: "rectangle",
      label: car,
      frame,
      points: [1, 1, 20, 20],
    });
  return { s, rect };
}

Deno.test("actions: undo and redo a put, with history:changed events", async () => {
  const { s, rect } = await setup();
  const events: SessionEvent[] = [];
  await s.events.subscribe("history:changed", (e) => events.push(e));
  const [id] = await s.annotations.put([rect(0)]);
  deepStrictEqual(await s.actions.get(), { undo: [["Created objects", 0]], redo: [] });
  events.length = 0;
  deepStrictEqual(await s.actions.undo(), [id]);
  deepStrictEqual(await s.annotations.get(0), []);
  strictEqual(events.length, 1);
  strictEqual(events[0].reason, "undo");
  strictEqual(events[0].target, s.instance);
  deepStrictEqual(events[0].clientIDs, [id]);
  deepStrictEqual(events[0].history, { undo: [], redo: [["Created objects", 0]] });
  deepStrictEqual(await s.actions.redo(), [id]);
  strictEqual((await s.annotations.get(0)).length, 1);
  deepStrictEqual(events.map((e) => e.reason), ["undo", "redo"]);
});

Deno.test("actions: freeze stops recording, clear empties the history", async () => {
  const { s, rect } = await setup();
  await s.actions.freeze(true);
  await s.annotations.put([rect(0)]);
  deepStrictEqual((await s.actions.get()).undo, []);
  await s.actions.freeze(false);
  await s.annotations.put([rect(1)]);
  strictEqual((await s.actions.get()).undo.length, 1);
  const events: SessionEvent[] = [];
  await s.events.subscribe("history:changed", (e) => events.push(e));
  await s.actions.clear();
  deepStrictEqual(await s.actions.get(), { undo: [], redo: [] });
  deepStrictEqual(events.map((e) => e.reason), ["clear"]);
});

Deno.test("actions: bad counts and flags are ArgumentErrors", async () => {
  const { s, rect } = await setup();
  await s.annotations.put([rect(0)]);
  await rejects(s.actions.undo(-1), ArgumentError);
  await rejects(s.actions.freeze("yes" as never), ArgumentError);
  strictEqual((await s.actions.get()).undo.length, 1);
});

Deno.test("actions: go through the plugins as Job.actions.<name>", async () => {
  const { s } = await setup();
  const seen: unknown[] = [];
  await s.ctx.plugins.register({
    name: "spy",
    cvat: {
      Job: {
        actions: {
          undo: {
            enter(this: unknown) {
              seen.push(this);
            },
          },
        },
      },
    },
  });
  await s.actions.undo();
  ok(seen.length === 1 && seen[0] === s.instance);
});
