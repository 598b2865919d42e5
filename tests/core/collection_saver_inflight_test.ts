import { deepStrictEqual, strictEqual } from "node:assert/strict";
import type { LabeledData } from "../../mod.ts";
import { collection, data, shape, state, withIds } from "./_fixtures_ops.ts";

/** The server's answer to a create or update: the sent objects with ids, no clientIDs. */
function answer(sent: LabeledData, next = { id: 500 }): LabeledData {
  const out = structuredClone(sent);
  for (
    const o of [...out.tags, ...out.shapes, ...out.tracks] as { id?: number; clientID?: number }[]
  ) {
    delete o.clientID;
    o.id ??= next.id++;
  }
  return out;
}

Deno.test("an edit made while a create is out is sent by the next save", async () => {
  const a = collection();
  const [id] = a.put([state(a, { frame: 2 })]);
  const first = a.diff();
  strictEqual(first.created.shapes.length, 1);
  // The object changes after its create was sent and before the answer arrives.
  const [live] = a.get(2).filter((s) => s.clientID === id);
  live.points = [5, 5, 30, 30];
  await live.save();
  a.acknowledge("created", answer(first.created));
  strictEqual(a.hasUnsavedChanges(), true);
  const second = a.diff();
  deepStrictEqual(second.created.shapes, []);
  deepStrictEqual(second.updated.shapes.map((s) => [s.id, s.points]), [[500, [5, 5, 30, 30]]]);
  a.acknowledge("updated", answer(second.updated));
  strictEqual(a.hasUnsavedChanges(), false);
});

Deno.test("an edit made while an update is out is not taken as saved", async () => {
  const a = collection(withIds(data({ shapes: [shape(1)] })));
  const [rect] = a.get(1);
  rect.points = [1, 1, 20, 20];
  await rect.save();
  const first = a.diff();
  strictEqual(first.updated.shapes.length, 1);
  const [again] = a.get(1);
  again.points = [2, 2, 40, 40];
  await again.save();
  a.acknowledge("updated", answer(first.updated));
  deepStrictEqual(a.diff().updated.shapes.map((s) => s.points), [[2, 2, 40, 40]]);
});

Deno.test("an object created and then deleted while its create is out is deleted next", async () => {
  const a = collection();
  const [id] = a.put([state(a, { frame: 3 })]);
  const first = a.diff();
  const [live] = a.get(3).filter((s) => s.clientID === id);
  await live.delete(3, true);
  a.acknowledge("created", answer(first.created));
  const second = a.diff();
  deepStrictEqual(second.deleted.shapes.map((s) => s.id), [500]);
  deepStrictEqual(second.created.shapes, []);
});
