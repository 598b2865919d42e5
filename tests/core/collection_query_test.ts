import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { ArgumentError, type Statistics } from "../../mod.ts";
import {
  BODY,
  collection,
  data,
  keyframes,
  PARKED,
  PERSON,
  shape,
  skeletonShape,
  SPEED,
  stateOf,
  tag,
  track,
} from "./_fixtures_ops.ts";

const counts = (s: Statistics["total"]) => [s.manually, s.interpolated, s.total];

function statsFixture() {
  const polygon = keyframes([[0], [10]], "polygon").map((k) => ({
    ...k,
    points: [0, 0, 9, 0, 9, 9],
  }));
  return collection(data({
    tracks: [track([[0], [10], [20, true]]), track([[0], [10]], { shapes: polygon })],
    shapes: [shape(50)],
  }));
}

Deno.test("statistics: 5 manual / 116 interpolated / 121 with stopFrame 99", () => {
  const stats = statsFixture().statistics();
  strictEqual(stats.constructor.name, "Statistics");
  ok(Object.hasOwn(stats, "label") && Object.hasOwn(stats, "total"));
  deepStrictEqual(counts(stats.total), [5, 116, 121]);
  deepStrictEqual(counts(stats.label.car), [5, 116, 121]);
  deepStrictEqual(stats.label.car.rectangle, { shape: 1, track: 1 });
  deepStrictEqual(stats.label.car.polygon, { shape: 0, track: 1 });
  deepStrictEqual(stats.label.car.mask, { shape: 0 });
  deepStrictEqual(counts(stats.label.person), [0, 0, 0]);
});

Deno.test("statistics: keyframes 2 vis, 6 out, 10 vis with stopFrame 29 → 2 / 22 / 24", () => {
  const a = collection(data({ tracks: [track([[2], [6, true], [10]])] }), { stopFrame: 29 });
  deepStrictEqual(counts(a.statistics().total), [2, 22, 24]);
});

Deno.test("statistics: deleted frames are read live", () => {
  const a = statsFixture();
  a.setDeletedFrames([5, 50]);
  // rect track 8 + 9 interpolated; polygon 8 + 88; the shape on 50 is gone.
  deepStrictEqual(counts(a.statistics().total), [4, 113, 117]);
  a.setDeletedFrames([10]);
  // Keyframe 10 no longer counts: rect 0→20(out) = 18, polygon from 0 to the end = 98.
  deepStrictEqual(counts(a.statistics().total), [3, 116, 119]);
  a.setDeletedFrames([]);
  deepStrictEqual(counts(a.statistics().total), [5, 116, 121]);
  const b = collection(data({ tags: [tag(3)], shapes: [shape(3), shape(4)] }), {
    deletedFrames: [3],
  });
  deepStrictEqual(counts(b.statistics().total), [1, 0, 1]);
  strictEqual(b.statistics().total.tag, 0);
});

Deno.test("statistics: a skeleton shape also counts its elements; results are copies", () => {
  const a = collection(data({ shapes: [skeletonShape(0, 5, 5)] }));
  const stats = a.statistics();
  deepStrictEqual(stats.label.body.skeleton, { shape: 1, track: 0 });
  deepStrictEqual(stats.label["body{{cvat.skeleton.lbl.sep}}head"].points, { shape: 1, track: 0 });
  strictEqual(stats.total.total, 3);
  stats.total.total = 99;
  strictEqual(a.statistics().total.total, 3);
});

/** Shapes on 10 (car: speed 20, parked), 20 (person polygon 40×30), a tag on 30 and a car track
 * 40 [10×10, speed 5] → 50 [110×60, speed 50] → 60 (outside). */
function searchFixture() {
  const attrs = (speed: number) => [{ spec_id: SPEED, value: String(speed) }];
  return collection(data({
    shapes: [
      shape(10, {
        attributes: [{ spec_id: SPEED, value: "20" }, { spec_id: PARKED, value: "true" }],
      }),
      shape(20, { label_id: PERSON, type: "polygon", points: [0, 0, 40, 0, 40, 30] }),
    ],
    tags: [tag(30)],
    tracks: [
      track([[40, false, [0, 0, 10, 10], attrs(5)], [50, false, [0, 0, 110, 60], attrs(50)], [
        60,
        true,
        [0, 0, 110, 60],
      ]]),
    ],
  }));
}

const v = (name: string) => ({ var: name });
const eq = (name: string, value: unknown) => ({ "==": [v(name), value] });

Deno.test("search: forward, backward, inclusive ends", () => {
  const a = searchFixture();
  strictEqual(a.search(eq("label", "person"), 0, 99), 20);
  strictEqual(a.search(eq("label", "person"), 99, 0), 20);
  strictEqual(a.search(eq("label", "person"), 20, 20), 20);
  strictEqual(a.search(eq("label", "person"), 0, 19), null);
  strictEqual(a.search(eq("label", "person"), 21, 99), null);
  strictEqual(a.search(eq("label", "car"), 0, 99), 10);
  strictEqual(a.search(eq("label", "car"), 11, 99), 30);
  // Backwards the track is found on its last visible keyframe (not on 59: not a keyframe).
  strictEqual(a.search(eq("label", "car"), 99, 0), 50);
  // ...but an end of the range is always tested.
  strictEqual(a.search(eq("label", "car"), 55, 0), 55);
  strictEqual(a.search(eq("label", "car"), 60, 99), null, "outside from 60 on");
});

Deno.test("search: type, shape and typed attribute filters", () => {
  const a = searchFixture();
  strictEqual(a.search(eq("type", "tag"), 0, 99), 30);
  strictEqual(a.search(eq("type", "track"), 0, 99), 40);
  strictEqual(a.search(eq("shape", "polygon"), 0, 99), 20);
  strictEqual(a.search({ "!": eq("shape", "rectangle") }, 0, 99), 20);
  strictEqual(a.search({ "===": [v("attr.car.speed"), 20] }, 0, 99), 10);
  strictEqual(a.search({ "===": [v("attr.car.speed"), "20"] }, 0, 99), null, "number typed");
  strictEqual(a.search({ ">": [v("attr.car.speed"), 30] }, 0, 99), 50);
  strictEqual(a.search({ "===": [v("attr.car.parked"), true] }, 0, 99), 10);
  strictEqual(a.search({ "===": [v("attr.car.parked"), "true"] }, 0, 99), null, "boolean typed");
  strictEqual(a.search({ "===": [v("attr.car.parked"), false] }, 0, 99), 30, "the tag's default");
  strictEqual(a.search({ and: [eq("label", "car"), eq("type", "shape")] }, 11, 99), null);
  strictEqual(a.search({ in: [v("label"), ["bus", "person"]] }, 0, 99), 20);
});

Deno.test("search: width/height filters test tracks on every frame", () => {
  const a = searchFixture();
  strictEqual(a.search({ ">=": [v("width"), 60] }, 0, 99), 45);
  strictEqual(a.search({ ">=": [v("width"), 60] }, 99, 0), 59);
  strictEqual(a.search({ "<=": [20, v("height"), 25] }, 0, 99), 42);
  strictEqual(a.search({ "==": [v("height"), 30] }, 0, 99), 20);
  strictEqual(a.search({ "==": [v("width"), null] }, 0, 99), 30, "a tag has no width");
});

Deno.test("search: deleted frames are skipped (live)", () => {
  const a = searchFixture();
  a.setDeletedFrames([10]);
  strictEqual(a.search(eq("label", "car"), 0, 99), 30);
  a.setDeletedFrames([10, 30, 40]);
  // With keyframe 40 deleted the track starts at 50 (outside before its first live keyframe).
  strictEqual(a.search(eq("label", "car"), 0, 99), 50);
  a.setDeletedFrames([]);
  strictEqual(a.search(eq("label", "car"), 0, 99), 10);
});

Deno.test("search: an invalid filter or out-of-range ends → ArgumentError", () => {
  const a = searchFixture();
  for (const filter of [{ foo: [1] }, "label", 5, { "==": [1] }, { "<": [1] }, [eq("a", 1)]]) {
    throws(() => a.search(filter, 0, 99), ArgumentError, JSON.stringify(filter));
  }
  for (const [from, to] of [[-1, 10], [0, 100], [1.5, 10], ["0", 10], [0, NaN], [0, undefined]]) {
    throws(() => a.search(eq("label", "car"), from as number, to as number), ArgumentError);
    throws(() => a.searchEmpty(from as number, to as number), ArgumentError);
  }
});

Deno.test("searchEmpty: keyframes 2 vis, 6 out, 10 vis → empty frames 0, 1, 7, 8, 9", () => {
  const a = collection(data({ tracks: [track([[2], [6, true], [10]])] }), { stopFrame: 29 });
  const empty = Array.from({ length: 30 }, (_, f) => f).filter((f) => a.searchEmpty(f, f) === f);
  deepStrictEqual(empty, [0, 1, 7, 8, 9]);
  strictEqual(a.searchEmpty(0, 29), 0);
  strictEqual(a.searchEmpty(2, 29), 7);
  strictEqual(a.searchEmpty(6, 29), 7);
  strictEqual(a.searchEmpty(10, 29), null);
  strictEqual(a.searchEmpty(12, 29), null);
  strictEqual(a.searchEmpty(29, 12), null);
  strictEqual(a.searchEmpty(9, 0), 9);
  strictEqual(a.searchEmpty(5, 0), 1);
  a.setDeletedFrames([0, 7]);
  strictEqual(a.searchEmpty(0, 29), 1);
  strictEqual(a.searchEmpty(3, 29), 8);
  const b = collection(data({ shapes: [shape(0)], tags: [tag(1)] }), { stopFrame: 5 });
  strictEqual(b.searchEmpty(0, 5), 2);
  strictEqual(b.searchEmpty(1, 0), null);
});

function selectFixture() {
  return collection(data({
    shapes: [
      shape(0, { type: "polygon", points: [0, 0, 40, 0, 40, 40, 0, 40] }),
      shape(1, { type: "polyline", points: [0, 0, 100, 0] }),
      shape(1, { type: "points", points: [50, 50] }),
      skeletonShape(2, 100, 100),
      shape(3, { points: [0, 0, 100, 100] }),
      shape(3, { points: [40, 40, 60, 60] }),
      shape(4, { points: [0, 0, 100, 100] }),
      shape(4, { points: [0, 0, 100, 100] }),
    ],
    tags: [tag(5)],
    tracks: [track([[6, true, [0, 0, 100, 100]]]), track([[0, false, [0, 0, 50, 50]], [1, true]])],
  }));
}

const pick = (a: ReturnType<typeof collection>, f: number, x: number, y: number) => {
  const hit = a.select(f, x, y);
  return hit && [hit.state.shapeType, hit.distance];
};

Deno.test("select: nearest by metric; polygon true distance; tags/outside skipped", () => {
  const a = selectFixture();
  // Frame 0 also has a visible 50×50 track rectangle: (20, 5) is 5 from both; the track
  // comes first in get() order, so it wins the tie.
  deepStrictEqual(pick(a, 0, 20, 5)![1], 5);
  deepStrictEqual(pick(a, 0, 20, 3), ["rectangle", 3]);
  deepStrictEqual(pick(a, 0, 45, 20), ["rectangle", 5]);
  deepStrictEqual(pick(a, 0, 38, 20), ["polygon", 2]);
  deepStrictEqual(pick(a, 3, 50, 50), ["rectangle", 10]);
  strictEqual(a.select(3, 50, 50)!.state.points[0], 40, "the inner rectangle");
  deepStrictEqual(pick(a, 3, 10, 50), ["rectangle", 10]);
  strictEqual(a.select(3, 10, 50)!.state.points[0], 0, "only the outer one contains it");
  strictEqual(a.select(3, 200, 200), null);
  strictEqual(a.select(5, 1, 1), null, "tags are never selected");
  strictEqual(a.select(6, 50, 50), null, "outside keyframes are never selected");
  strictEqual(a.get(6).length, 1, "...although get() returns them");
  strictEqual(a.get(1)[0].outside, true);
});

Deno.test("select: the polygon distance is the true distance to the nearest edge", () => {
  const a = collection(data({
    shapes: [shape(0, { type: "polygon", points: [0, 0, 40, 0, 40, 40, 0, 40] })],
  }));
  deepStrictEqual(pick(a, 0, 20, 5), ["polygon", 5]);
  deepStrictEqual(pick(a, 0, 20, 20), ["polygon", 20]);
  strictEqual(a.select(0, 50, 5), null);
  // A rectangle rotated by 90° around its centre (50, 10) spans x 40..60, y -40..60.
  const r = collection(data({ shapes: [shape(0, { points: [0, 0, 100, 20], rotation: 90 })] }));
  ok(Math.abs(r.select(0, 50, 40)!.distance - 10) < 1e-9);
  strictEqual(r.select(0, 90, 10), null);
});

Deno.test("select: polylines and points are hit only within 10 px", () => {
  const a = selectFixture();
  deepStrictEqual(pick(a, 1, 50, 8), ["polyline", 8]);
  deepStrictEqual(pick(a, 1, 50, 45), ["points", 5]);
  deepStrictEqual(pick(a, 1, 58, 50), ["points", 8]);
  strictEqual(a.select(1, 50, 11), null);
  strictEqual(a.select(1, 50, 25), null);
  strictEqual(a.select(1, 120, 0), null);
});

Deno.test("select: ties → first; hidden skipped; skeletons via their elements", async () => {
  const a = selectFixture();
  const [first, second] = a.get(4);
  strictEqual(a.select(4, 10, 50)!.state.clientID, first.clientID);
  first.hidden = true;
  await first.save();
  strictEqual(a.select(4, 10, 50)!.state.clientID, second.clientID);
  const hit = a.select(2, 105, 103)!;
  strictEqual(hit.state.shapeType, "skeleton");
  strictEqual(hit.state.label.id, BODY);
  strictEqual(hit.distance, Math.hypot(5, 3));
  strictEqual(a.select(2, 200, 200), null);
  strictEqual(a.select(2, 130, 100)!.distance, 20, "20 px beyond the hand");
});

Deno.test("select: bad frame, x or y → ArgumentError", () => {
  const a = selectFixture();
  for (
    const [f, x, y] of [[0, "1", 1], [0, 1, NaN], [0, Infinity, 1], [0, 1, undefined], [
      100,
      1,
      1,
    ], [1.5, 1, 1]]
  ) {
    throws(() => a.select(f as number, x as number, y as number), ArgumentError);
  }
  strictEqual(stateOf(a, a.get(0)[0].clientID!, 0).shapeType, "rectangle");
});
