import { deepStrictEqual, ok, throws } from "node:assert/strict";
import { ArgumentError } from "../../lib/core/errors.ts";
import type { Keyframe, ObjectRecord } from "../../lib/core/model.ts";
import { type SplitOptions, splitTrack } from "../../lib/core/split.ts";
import { clientIDs, frames, position, recordBuilders, rectKeyframe, USED } from "./_records.ts";

const { record, track } = recordBuilders(USED);

/** A rectangle keyframe whose box starts at x. */
function keyframe(frame: number, x: number, fields: Partial<Keyframe> = {}): Keyframe {
  return rectKeyframe(frame, x, { zOrder: 1, serverID: 900 + frame, ...fields });
}

function options(extra: Partial<SplitOptions> = {}): SplitOptions & { issued: number[] } {
  return { ...clientIDs(), ...extra };
}

function sample(): ObjectRecord {
  return track([
    keyframe(0, 0, { attributes: { 101: "1" }, occluded: true }),
    keyframe(10, 100, { attributes: { 101: "2" } }),
    keyframe(20, 200, { outside: true }),
  ], { attributes: { 100: "blue" } });
}

Deno.test("split: between keyframes, A closes with an outside keyframe and B opens there", () => {
  const opts = options();
  const [a, b] = splitTrack(sample(), 5, opts)!;
  deepStrictEqual(opts.issued, [1001, 1002]);
  deepStrictEqual(frames(a), [[0, false], [5, true]]);
  deepStrictEqual(frames(b), [[5, false], [10, false], [20, true]]);
  deepStrictEqual(a.keyframes![1].points, [50, 0, 60, 10]);
  deepStrictEqual(b.keyframes![0].points, [50, 0, 60, 10]);
  deepStrictEqual(b.keyframes![0].occluded, true, "flags come from the left keyframe");
  deepStrictEqual(b.keyframes![0].zOrder, 1);
  deepStrictEqual([a.frame, b.frame], [0, 5]);
});

Deno.test("split: the fields of both parts", () => {
  const original = sample();
  const [a, b] = splitTrack(original, 5, options())!;
  for (const [part, clientID] of [[a, 1001], [b, 1002]] as const) {
    const { keyframes: _, frame: __, ...fields } = part;
    deepStrictEqual(fields, {
      clientID,
      serverID: null,
      parentID: null,
      objectType: "track",
      shapeType: "rectangle",
      labelId: 1,
      group: 0,
      source: "manual",
      attributes: { 100: "blue" },
      position: null,
      elements: [],
      lock: false,
      hidden: false,
      pinned: false,
      color: "#ff0000",
      descriptions: ["note"],
    });
    ok(part.keyframes!.every((k) => k.serverID === null));
  }
});

Deno.test("split: B's first keyframe carries the mutable attributes in force; A's closing none", () => {
  const [a, b] = splitTrack(sample(), 15, options())!;
  deepStrictEqual(a.keyframes!.map((k) => k.attributes), [{ 101: "1" }, { 101: "2" }, {}]);
  deepStrictEqual(b.keyframes!.map((k) => k.attributes), [{ 101: "2" }, {}]);
  const [, atKeyframe] = splitTrack(sample(), 10, options())!;
  deepStrictEqual(atKeyframe.keyframes![0].attributes, { 101: "2" });
});

Deno.test("split: at a keyframe, that keyframe is replaced by the state there", () => {
  const [a, b] = splitTrack(sample(), 10, options())!;
  deepStrictEqual(frames(a), [[0, false], [10, true]]);
  deepStrictEqual(frames(b), [[10, false], [20, true]]);
  deepStrictEqual(b.keyframes![0].points, [100, 0, 110, 10]);
});

Deno.test("split: after the last keyframe the state is a copy of it, outside included", () => {
  const [a, b] = splitTrack(sample(), 25, options())!;
  deepStrictEqual(frames(a), [[0, false], [10, false], [20, true], [25, true]]);
  deepStrictEqual(frames(b), [[25, true]]);
  deepStrictEqual(b.keyframes![0].points, [200, 0, 210, 10]);
  const [, visible] = splitTrack(track([keyframe(0, 0), keyframe(4, 40)]), 9, options())!;
  deepStrictEqual(frames(visible), [[9, false]]);
});

Deno.test("split: nothing to split for tags, shapes and frames at or before the first keyframe", () => {
  const opts = options();
  const late = track([keyframe(4, 0), keyframe(8, 40)]);
  deepStrictEqual(splitTrack(late, 4, opts), null);
  deepStrictEqual(splitTrack(late, 0, opts), null);
  deepStrictEqual(splitTrack(late, -3, opts), null);
  const shape = record({ objectType: "shape", position: position([0, 0, 5, 5]) });
  deepStrictEqual(splitTrack(shape, 3, opts), null);
  deepStrictEqual(splitTrack(record({ objectType: "tag", shapeType: null }), 3, opts), null);
  deepStrictEqual(opts.issued, []);
});

Deno.test("split: a frame that is not an integer is an ArgumentError naming it", () => {
  const shapeRecord = record({ objectType: "shape" });
  for (const [frame, shown] of [[2.5, "2.5"], [NaN, "NaN"], ["3", '"3"']] as const) {
    for (const target of [sample(), shapeRecord]) {
      throws(() => splitTrack(target, frame as number, options()), (error: unknown) => {
        ok(error instanceof ArgumentError);
        deepStrictEqual(
          error.message,
          `Cannot split track: frame must be an integer, got ${shown}`,
        );
        return true;
      });
    }
  }
});

Deno.test("split: deleted keyframes do not count for the state at the frame", () => {
  const bouncing = track([keyframe(0, 0), keyframe(10, 0), keyframe(20, 200)]);
  const [, plain] = splitTrack(bouncing, 5, options())!;
  deepStrictEqual(plain.keyframes![0].points, [0, 0, 10, 10]);
  const [a, b] = splitTrack(bouncing, 5, options({ isDeleted: (f) => f === 10 }))!;
  deepStrictEqual(b.keyframes![0].points, [50, 0, 60, 10]);
  deepStrictEqual(frames(a), [[0, false], [5, true]]);
  deepStrictEqual(frames(b), [[5, false], [10, false], [20, false]]);
});

function point(frame: number, x: number, outside = false): Keyframe {
  return { ...keyframe(frame, x, { outside }), points: [x, x] };
}

function skeleton(): ObjectRecord {
  const parent = track([keyframe(0, 0), keyframe(10, 0)], { shapeType: "skeleton", labelId: 10 });
  for (const k of parent.keyframes!) k.points = [];
  parent.elements = [
    track([point(0, 0), point(10, 10)], { shapeType: "points", labelId: 11 }),
    track([point(0, 0), point(4, 4, true)], { shapeType: "points", labelId: 12 }),
  ];
  for (const element of parent.elements) element.parentID = parent.clientID;
  return parent;
}

Deno.test("split: skeleton elements are split at the same frame", () => {
  const opts = options();
  const [a, b] = splitTrack(skeleton(), 6, opts)!;
  deepStrictEqual(opts.issued, [1001, 1002, 1003, 1004, 1005, 1006]);
  deepStrictEqual([a.clientID, ...a.elements.map((e) => e.clientID)], [1001, 1002, 1003]);
  deepStrictEqual([b.clientID, ...b.elements.map((e) => e.clientID)], [1004, 1005, 1006]);
  ok(a.elements.every((e) => e.parentID === 1001 && e.serverID === null && e.group === 0));
  ok(b.elements.every((e) => e.parentID === 1004 && e.source === "manual"));
  deepStrictEqual(frames(a), [[0, false], [6, true]]);
  deepStrictEqual(frames(b), [[6, false], [10, false]]);
  deepStrictEqual(a.keyframes![1].points, []);
  deepStrictEqual(b.keyframes![0].points, []);
  const [headA, handA] = a.elements;
  const [headB, handB] = b.elements;
  deepStrictEqual(frames(headA), [[0, false], [6, true]]);
  deepStrictEqual(frames(headB), [[6, false], [10, false]]);
  deepStrictEqual(headB.keyframes![0].points, [6, 6]);
  deepStrictEqual(frames(handA), [[0, false], [4, true], [6, true]]);
  deepStrictEqual(frames(handB), [[6, true]]);
  deepStrictEqual([headB.labelId, handB.labelId], [11, 12]);
});

Deno.test("split: a skeleton opens outside when every element is outside there", () => {
  const outside = skeleton();
  outside.elements[0].keyframes![1].outside = true;
  outside.elements[0].keyframes![1].frame = 5;
  const [, b] = splitTrack(outside, 6, options())!;
  deepStrictEqual(frames(b), [[6, true], [10, false]]);
});

Deno.test("split: inputs are not mutated and the parts share nothing with them", () => {
  const original = skeleton();
  const plain = sample();
  const before = structuredClone([original, plain]);
  const [a, b] = splitTrack(original, 6, options())!;
  const [c, d] = splitTrack(plain, 15, options())!;
  a.elements[0].keyframes![0].points[0] = -1;
  b.elements[0].keyframes!.at(-1)!.points[0] = -1;
  c.keyframes![0].points[0] = -1;
  c.keyframes![0].attributes[101] = "x";
  d.keyframes!.at(-1)!.points[0] = -1;
  c.attributes[100] = "red";
  c.descriptions.push("more");
  deepStrictEqual([original, plain], before);
});
