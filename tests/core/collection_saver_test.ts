import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { ArgumentError, DataError, type LabeledData } from "../../mod.ts";
import {
  BODY,
  collection,
  data,
  MODEL,
  PERSON,
  shape,
  skeletonShape,
  skeletonTrack,
  SPEED,
  state,
  stateOf,
  tag,
  track,
  withIds,
} from "./_fixtures_ops.ts";

type Annotations = ReturnType<typeof collection>;
type Obj = { id?: number | null; clientID?: number; shapes?: Obj[]; elements?: Obj[] };

const EMPTY = { created: data(), updated: data(), deleted: data() };
const all = (d: LabeledData): Obj[] => [...d.tags, ...d.shapes, ...d.tracks];
const size = (d: LabeledData) => d.tags.length + d.shapes.length + d.tracks.length;

/** What a server answers: a copy with ids for whatever has none, no clientIDs, and skeleton
 * elements in reverse order (they must be matched by label, not by position). */
function serve(sent: LabeledData, next = { id: 1000 }): LabeledData {
  const answer = (o: Obj) => {
    delete o.clientID;
    o.id ??= next.id++;
    o.shapes?.forEach((s) => s.id ??= next.id++);
    o.elements?.forEach(answer);
    o.elements?.reverse();
  };
  const out = structuredClone(sent);
  all(out).forEach(answer);
  return out;
}

/** Strips clientIDs at every depth. */
function withoutClientIDs<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (k, v) => k === "clientID" ? undefined : v));
}

function saved(): Annotations {
  return collection(withIds(data({
    tags: [tag(3)],
    shapes: [shape(1), skeletonShape(2, 5, 5)],
    tracks: [track([[0], [10]]), skeletonTrack([0, 5])],
  })));
}

Deno.test("after an import with ids, diff() is empty and nothing is unsaved", () => {
  const a = saved();
  deepStrictEqual(a.diff(), EMPTY);
  strictEqual(a.hasUnsavedChanges(), false);
  strictEqual(collection().hasUnsavedChanges(), false);
  deepStrictEqual(collection().diff(), EMPTY);
});

Deno.test("put → created, with clientID and no id", () => {
  const a = saved();
  const [id] = a.put([state(a, { frame: 4 })]);
  const { created, updated, deleted } = a.diff();
  strictEqual(created.shapes.length, 1);
  strictEqual(created.shapes[0].clientID, id);
  ok(!("id" in created.shapes[0]) || created.shapes[0].id === undefined);
  deepStrictEqual([size(created), size(updated), size(deleted)], [1, 0, 0]);
  strictEqual(a.hasUnsavedChanges(), true);
});

Deno.test("changing saved objects → updated", async () => {
  const a = saved();
  const [rect] = a.get(1).filter((s) => s.objectType === "shape");
  rect.points = [1, 1, 20, 20];
  await rect.save();
  const moving = a.get(5)[0];
  strictEqual(moving.shapeType, "rectangle");
  moving.attributes = { [SPEED]: "7" };
  await moving.save();
  const [label] = a.get(3).filter((s) => s.objectType === "tag");
  label.attributes = { [MODEL]: "audi" };
  await label.save();
  const { created, updated, deleted } = a.diff();
  deepStrictEqual([size(created), size(deleted)], [0, 0]);
  deepStrictEqual(updated.shapes.map((s) => [s.id, s.points]), [[rect.serverID, [1, 1, 20, 20]]]);
  deepStrictEqual(updated.tracks.map((t) => t.id), [moving.serverID]);
  deepStrictEqual(updated.tracks[0].shapes.map((s) => [s.frame, typeof s.id]), [
    [0, "number"],
    [5, "undefined"],
    [10, "number"],
  ]);
  deepStrictEqual(updated.tags.map((t) => t.id), [label.serverID]);
});

Deno.test("delete of a saved object → deleted carries the server's version", async () => {
  const a = saved();
  const server = withoutClientIDs(a.export());
  const [rect] = a.get(1).filter((s) => s.objectType === "shape");
  rect.points = [1, 1, 20, 20];
  await rect.save();
  await rect.delete(1);
  const skeleton = a.get(2).find((s) => s.objectType === "shape")!;
  await skeleton.delete(2);
  const { created, updated, deleted } = a.diff();
  deepStrictEqual([size(created), size(updated)], [0, 0]);
  deepStrictEqual(withoutClientIDs(deleted.shapes), server.shapes);
  ok(deleted.shapes.every((s) => s.clientID === undefined));
  strictEqual(a.hasUnsavedChanges(), true);
});

Deno.test({
  name: "deleted objects carry no clientID at any depth (the server's copy)",
  async fn() {
    const a = saved();
    const server = withoutClientIDs(a.export());
    await a.get(2).find((s) => s.objectType === "shape")!.delete(2);
    deepStrictEqual(a.diff().deleted.shapes, server.shapes.filter((s) => s.type === "skeleton"));
  },
});

Deno.test("lock, colour and hidden changes are not unsaved changes", async () => {
  const a = saved();
  const [first] = a.get(1);
  first.lock = true;
  await first.save();
  const second = a.get(1).find((s) => s.objectType === "shape")!;
  second.color = "#123456";
  second.hidden = true;
  await second.save();
  strictEqual(a.history.get().undo.length, 2);
  strictEqual(a.hasUnsavedChanges(), false);
  deepStrictEqual(a.diff(), EMPTY);
});

Deno.test("put then undo, and delete then undo: nothing unsaved, ids kept", async () => {
  const a = saved();
  a.put([state(a, { frame: 4 }), state(a, { frame: 4, objectType: "track" })]);
  a.history.undo();
  strictEqual(a.hasUnsavedChanges(), false);
  deepStrictEqual(a.diff(), EMPTY);
  const rect = a.get(1).find((s) => s.objectType === "shape")!;
  const id = rect.serverID;
  ok(typeof id === "number");
  await rect.delete(1);
  strictEqual(a.diff().deleted.shapes[0].id, id);
  a.history.undo();
  strictEqual(stateOf(a, rect.clientID!, 1).serverID, id);
  deepStrictEqual(a.diff(), EMPTY, "neither created nor deleted");
  strictEqual(a.hasUnsavedChanges(), false);
});

Deno.test("acknowledge('created'): ids by position, keyframe ids, element ids by label", () => {
  const a = saved();
  a.put([
    state(a, { frame: 4 }),
    state(a, { frame: 6, objectType: "tag", label: a.labels[1] }),
    state(a, { frame: 7, objectType: "track" }),
    state(a, { frame: 8, label: a.labels[1] }),
  ]);
  const skeletonTrackID = a.merge([a.get(2).find((s) => s.shapeType === "skeleton")!]);
  const { created } = a.diff();
  deepStrictEqual([created.tags.length, created.shapes.length, created.tracks.length], [1, 2, 2]);
  const response = serve(created);
  a.acknowledge("created", response);
  const after = a.export();
  for (const kind of ["tags", "shapes", "tracks"] as const) {
    created[kind].forEach((sent: Obj, i: number) => {
      const got = (after[kind] as Obj[]).find((o) => o.clientID === sent.clientID)!;
      strictEqual(got.id, (response[kind][i] as Obj).id, `${kind}[${i}]`);
      got.shapes?.forEach((s, j) => strictEqual(s.id, (response[kind][i] as Obj).shapes![j].id));
    });
  }
  const skeleton = after.tracks.find((t) => t.clientID === skeletonTrackID)!;
  const answered = response.tracks.find((t) => t.label_id === BODY)!;
  for (const element of skeleton.elements!) {
    const match = answered.elements!.find((e) => e.label_id === element.label_id)!;
    strictEqual(element.id, match.id);
    deepStrictEqual(element.shapes.map((s) => s.id), match.shapes.map((s) => s.id));
  }
  strictEqual(after.shapes.find((s) => s.frame === 8)!.label_id, PERSON);
  // The merge removed a saved skeleton shape: only that deletion is left.
  deepStrictEqual([size(a.diff().created), size(a.diff().updated), size(a.diff().deleted)], [
    0,
    0,
    1,
  ]);
});

Deno.test("acknowledging created, updated and deleted empties diff() and the unsaved flag", async () => {
  const a = saved();
  a.put([state(a, { frame: 4 }), state(a, { frame: 9, objectType: "track" })]);
  const moving = a.get(5)[0];
  moving.points = [5, 5, 30, 30];
  await moving.save();
  const [label] = a.get(3).filter((s) => s.objectType === "tag");
  await label.delete(3);
  const diff = a.diff();
  deepStrictEqual([size(diff.created), size(diff.updated), size(diff.deleted)], [2, 1, 1]);
  const updated = serve(diff.updated);
  a.acknowledge("updated", updated);
  strictEqual(a.hasUnsavedChanges(), true);
  strictEqual(typeof stateOf(a, moving.clientID!, 5).serverID, "number");
  deepStrictEqual(
    a.export().tracks.find((t) => t.id === moving.serverID)!.shapes.map((s) => s.id),
    updated.tracks[0].shapes.map((s) => s.id),
    "the new keyframe's id is taken",
  );
  a.acknowledge("deleted", withoutClientIDs(diff.deleted));
  strictEqual(a.hasUnsavedChanges(), true);
  a.acknowledge("created", serve(diff.created));
  deepStrictEqual(a.diff(), EMPTY);
  strictEqual(a.hasUnsavedChanges(), false);
  ok(all(a.export()).every((o) => typeof o.id === "number"));
});

Deno.test("acknowledge: a count mismatch → DataError; a bad kind or body → ArgumentError", () => {
  const a = saved();
  a.put([state(a, { frame: 4 }), state(a, { frame: 5 })]);
  const response = serve(a.diff().created);
  response.shapes.pop();
  const before = a.export();
  throws(() => a.acknowledge("created", response), DataError);
  deepStrictEqual(a.export(), before);
  for (const kind of ["create", "", 5, undefined, "tags"]) {
    throws(() => a.acknowledge(kind as "created", data()), ArgumentError, String(kind));
  }
  for (const body of [null, 5, "x", { shapes: 5 }]) {
    throws(() => a.acknowledge("updated", body as unknown as LabeledData), ArgumentError);
  }
  deepStrictEqual(a.export(), before);
  a.acknowledge("created", serve(a.diff().created));
  strictEqual(a.hasUnsavedChanges(), false);
});

Deno.test({
  name: "acknowledge: a mismatch in a later list changes nothing (no ids on the tags)",
  fn() {
    const a = saved();
    a.put([state(a, { frame: 4, objectType: "tag" }), state(a, { frame: 4 })]);
    const response = serve(a.diff().created);
    response.shapes = [];
    const before = a.export();
    throws(() => a.acknowledge("created", response), DataError);
    deepStrictEqual(a.export(), before);
  },
});

Deno.test({
  name: "undo of a delete the server acknowledged re-creates the object on the next save",
  async fn() {
    const a = saved();
    const rect = a.get(1).find((s) => s.objectType === "shape")!;
    await rect.delete(1);
    a.acknowledge("deleted", withoutClientIDs(a.diff().deleted));
    a.history.undo();
    strictEqual(a.diff().created.shapes.length, 1);
    strictEqual(a.diff().created.shapes[0].clientID, rect.clientID);
  },
});

Deno.test({
  name: "undo after acknowledge('created') keeps the server id",
  async fn() {
    const a = saved();
    const [id] = a.put([state(a, { frame: 4 })]);
    const s = stateOf(a, id, 4);
    s.points = [0, 0, 20, 20];
    await s.save();
    a.acknowledge("created", serve(a.diff().created));
    const serverID = stateOf(a, id, 4).serverID;
    a.history.undo();
    strictEqual(stateOf(a, id, 4).serverID, serverID);
    const { created, updated, deleted } = a.diff();
    deepStrictEqual([size(created), size(updated), size(deleted)], [0, 1, 0]);
  },
});
