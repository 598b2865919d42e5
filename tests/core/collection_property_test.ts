import { deepStrictEqual, ok } from "node:assert/strict";
import { mulberry32 } from "../../bench/workload.ts";
import {
  type Annotations,
  ArgumentError,
  DataError,
  type LabeledData,
  ObjectState,
  type ShapeType,
} from "../../mod.ts";
import {
  BODY,
  CAR,
  collection,
  data,
  HAND,
  HEAD,
  label,
  PERSON,
  shape,
  skeletonShape,
  skeletonTrack,
  SPEED,
  track,
  withIds,
} from "./_fixtures_ops.ts";

const STOP = 30;
const TYPES: ShapeType[] = ["rectangle", "polygon", "polyline", "points", "ellipse", "cuboid"];

class Random {
  next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(0, list.length - 1)];
  }
  /** Points for a shape type; now and then a wrong count. */
  points(type: ShapeType): number[] {
    const [x, y, w, h] = [this.int(0, 150), this.int(10, 150), this.int(4, 60), this.int(4, 60)];
    if (this.chance(0.05)) return [x, y];
    switch (type) {
      case "rectangle":
        return [x, y, x + w, y + h];
      case "ellipse":
        return [x + w, y + h, x + 2 * w, y];
      case "cuboid":
        return [
          x,
          y,
          x,
          y + h,
          x + w,
          y,
          x + w,
          y + h,
          x + 2 * w,
          y,
          x + 2 * w,
          y + h,
          x + w,
          y,
          x + w,
          y + h,
        ];
      default: {
        const n = type === "polygon"
          ? this.int(3, 5)
          : type === "polyline"
          ? this.int(2, 4)
          : this.int(1, 3);
        return Array.from({ length: n }, (_, i) => [x + i * w, y + (i % 2) * h]).flat();
      }
    }
  }
}

function base(): LabeledData {
  return withIds(data({
    tags: [{ frame: 1, label_id: CAR, group: 0, source: "manual", attributes: [] }],
    shapes: [
      shape(2, { group: 2 }),
      shape(5, { type: "polygon", points: [0, 0, 20, 0, 20, 20] }),
      skeletonShape(3, 10, 10),
    ],
    tracks: [track([[0], [8, true], [12]]), skeletonTrack([4, 9])],
  }));
}

function newState(a: Annotations, r: Random): ObjectState {
  const frame = r.int(0, STOP);
  const objectType = r.pick(["shape", "track", "tag"] as const);
  if (objectType !== "tag" && r.chance(0.1)) {
    const element = (id: number, x: number) =>
      new ObjectState({
        objectType,
        shapeType: "points",
        label: label(a, id),
        frame,
        points: [x, r.int(0, 100)],
      });
    return new ObjectState({
      objectType,
      shapeType: "skeleton",
      label: label(a, BODY),
      frame,
      elements: [element(HEAD, r.int(0, 100)), element(HAND, r.int(0, 100))],
    });
  }
  const shapeType = r.pick(TYPES);
  return new ObjectState({
    objectType,
    shapeType: objectType === "tag" ? null : shapeType,
    label: label(a, r.pick([CAR, PERSON])),
    frame,
    points: objectType === "tag" ? [] : r.points(shapeType),
    attributes: r.chance(0.3) ? { [SPEED]: String(r.int(0, 250)) } : {},
  });
}

/** Some states of a random frame (outside tracks included). */
function someStates(a: Annotations, r: Random, count: number): ObjectState[] {
  const all = [0, 1, 2].flatMap(() => a.get(r.int(0, STOP), null, { allTracks: true }));
  const picked: ObjectState[] = [];
  for (let i = 0; i < count && all.length; i++) {
    picked.push(all.splice(r.int(0, all.length - 1), 1)[0]);
  }
  return picked;
}

async function edit(a: Annotations, r: Random): Promise<void> {
  const [s] = someStates(a, r, 1);
  if (!s) return;
  if (r.chance(0.2) && s.shapeType !== "skeleton") s.label = label(a, r.pick([CAR, PERSON]));
  if (r.chance(0.3)) s.attributes = { [SPEED]: String(r.int(0, 250)) };
  if (r.chance(0.4) && s.shapeType && s.shapeType !== "skeleton") s.points = r.points(s.shapeType);
  if (r.chance(0.2)) s.occluded = !s.occluded;
  if (r.chance(0.2)) s.outside = !s.outside;
  if (r.chance(0.2)) s.keyframe = !s.keyframe;
  if (r.chance(0.1)) s.zOrder = r.chance(0.8) ? r.int(-3, 3) : 1.5;
  if (r.chance(0.1)) s.lock = !s.lock;
  if (r.chance(0.1)) s.hidden = !s.hidden;
  if (r.chance(0.1)) s.color = r.pick(["#FF0000", "#00ff00", "red"]);
  await s.save();
}

async function step(a: Annotations, r: Random): Promise<string> {
  const op = r.pick(["put", "put", "edit", "edit", "edit", "delete", "merge", "split", "group"]);
  switch (op) {
    case "put":
      a.put(Array.from({ length: r.int(1, 3) }, () => newState(a, r)));
      break;
    case "edit":
      await edit(a, r);
      break;
    case "delete": {
      const [s] = someStates(a, r, 1);
      if (s) await s.delete(s.frame, r.chance(0.5));
      break;
    }
    case "merge":
      a.merge(someStates(a, r, r.int(1, 3)));
      break;
    case "split": {
      const t = someStates(a, r, 4).find((s) => s.objectType === "track");
      if (t) a.split(t, r.chance(0.9) ? r.int(0, STOP) : 2.5);
      break;
    }
    case "group":
      a.group(someStates(a, r, r.int(1, 3)), r.chance(0.2));
      break;
  }
  return op;
}

const succeeded = new Map<string, number>();

async function run(seed: number): Promise<{ ops: number; failed: number }> {
  const r = new Random(seed);
  const a = collection(base(), { stopFrame: STOP, frameSize: () => ({ width: 300, height: 300 }) });
  const original = a.export();
  const length = r.int(20, 40);
  let failed = 0;
  for (let i = 0; i < length; i++) {
    const before = a.export();
    const history = a.history.get();
    try {
      const op = await step(a, r);
      succeeded.set(op, (succeeded.get(op) ?? 0) + 1);
    } catch (error) {
      if (!(error instanceof ArgumentError || error instanceof DataError)) throw error;
      failed++;
      deepStrictEqual(a.export(), before, `seed ${seed}, op ${i}: a throwing op changed export()`);
      deepStrictEqual(a.history.get(), history, `seed ${seed}, op ${i}: history changed`);
    }
  }
  const final = a.export();
  const entries = a.history.get().undo.length;
  a.history.undo(entries);
  deepStrictEqual(a.history.get().undo, [], `seed ${seed}`);
  deepStrictEqual(a.export(), original, `seed ${seed}: undo all`);
  deepStrictEqual(a.diff(), { created: data(), updated: data(), deleted: data() }, `seed ${seed}`);
  ok(!a.hasUnsavedChanges(), `seed ${seed}: unsaved after undo all`);
  a.history.redo(entries);
  deepStrictEqual(a.export(), final, `seed ${seed}: redo all`);
  for (let frame = 0; frame <= STOP; frame++) a.get(frame, null, { allTracks: true });
  return { ops: length, failed };
}

Deno.test("property: random operation sequences; undo all → original, redo all → final", async () => {
  let ops = 0, failed = 0;
  for (let seed = 1; seed <= 50; seed++) {
    const result = await run(seed);
    ops += result.ops;
    failed += result.failed;
  }
  ok(ops >= 1000, `${ops} operations`);
  ok(failed < ops / 2, `most operations succeed (${failed} of ${ops} threw)`);
  for (const op of ["put", "edit", "delete", "merge", "split", "group"]) {
    ok((succeeded.get(op) ?? 0) >= 20, `${op} succeeded ${succeeded.get(op)} times`);
  }
});
