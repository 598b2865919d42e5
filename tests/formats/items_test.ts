import { deepEqual, equal } from "node:assert/strict";
import { frameItems } from "../../lib/formats/items.ts";
import { typedAttributes } from "../../lib/formats/item_attributes.ts";
import { labelLookup } from "../../lib/formats/label_lookup.ts";
import type { WireTrack } from "../../lib/core/wire_types.ts";
import { allKinds, imageTask, LABELS, shape } from "./_task.ts";

function boxTrack(keyframes: [number, boolean][], more: Partial<WireTrack> = {}): WireTrack {
  return {
    frame: keyframes[0][0],
    label_id: 1,
    group: 0,
    source: "manual",
    attributes: [],
    elements: [],
    shapes: keyframes.map(([frame, outside]) => ({
      type: "rectangle",
      frame,
      occluded: false,
      outside,
      z_order: 0,
      rotation: 0,
      points: [frame, 0, frame + 10, 10],
      attributes: [],
    })),
    ...more,
  };
}

Deno.test("items: one per non-deleted frame, empty ones included, ids without extension", () => {
  const task = imageTask(4, { deletedFrames: [2], startFrame: 5, frameFilter: "step=3" });
  const items = [...frameItems(task, { tags: [], shapes: [], tracks: [] })];
  deepEqual(items.map((i) => [i.frame, i.absoluteFrame, i.id]), [
    [0, 5, "img0"],
    [1, 8, "img1"],
    [3, 14, "img3"],
  ]);
});

Deno.test("items: tracks are interpolated, outside frames omitted, keyframe flags", () => {
  const track = boxTrack([[0, false], [4, false], [6, true], [8, false]]);
  const items = [...frameItems(imageTask(10), { tags: [], shapes: [], tracks: [track] })];
  const seen = items.map((i) =>
    i.shapes.map((s) => `${i.frame}:${s.points[0]}:${s.keyframe ? "k" : "-"}`)
  ).flat();
  deepEqual(seen, ["0:0:k", "1:1:-", "2:2:-", "3:3:-", "4:4:k", "5:5:-", "8:8:k", "9:8:-"]);
  equal(items[1].shapes[0].track_id, 0);
});

Deno.test("items: z_order sort is stable (shapes before tracks), tags carried", () => {
  const data = {
    tags: [{ frame: 1, label_id: 6, group: 0, source: "manual", attributes: [] }],
    shapes: [
      shape("points", 1, [1, 1], { z_order: 3 }),
      shape("points", 1, [2, 2], { z_order: 1 }),
    ],
    tracks: [boxTrack([[0, false]], { label_id: 2 }), boxTrack([[1, false]])],
  };
  data.tracks[0].shapes[0].z_order = 1;
  const item = [...frameItems(imageTask(2), data)][1];
  deepEqual(
    item.shapes.map((s) => [s.type, s.z_order, s.track_id ?? null]),
    [
      ["points", 1, null],
      ["rectangle", 0, 1],
      ["rectangle", 1, 0],
      ["points", 3, null],
    ].sort((a, b) => (a[1] as number) - (b[1] as number)),
  );
  equal(item.tags.length, 1);
});

Deno.test("items: a job range starts tracks mid-way with the right attributes", () => {
  const track = boxTrack([[0, false], [2, false]]);
  track.shapes[0].attributes = [{ spec_id: 13, value: "1" }];
  track.shapes[1].attributes = [{ spec_id: 13, value: "2" }];
  track.attributes = [{ spec_id: 11, value: "vw" }];
  const task = imageTask(6, { meta: { segment: { id: 2, start: 3, stop: 5 } } });
  const items = [...frameItems(task, { tags: [], shapes: [], tracks: [track] })];
  deepEqual(items.map((i) => i.frame), [3, 4, 5]);
  deepEqual(items[0].shapes[0].attributes, [{ spec_id: 13, value: "2" }, {
    spec_id: 11,
    value: "vw",
  }]);
});

Deno.test("items: skeleton tracks carry elements; a frame with every element outside is dropped", () => {
  const data = allKinds();
  const items = [...frameItems(imageTask(), data)];
  const skeletons = items.map((i) =>
    i.shapes.filter((s) => s.type === "skeleton" && s.track_id === 1).length
  );
  deepEqual(skeletons, [1, 1, 1, 1]);
  deepEqual(items[2].shapes.find((s) => s.track_id === 1)!.elements.map((e) => e.outside), [
    false,
    true,
  ]);
  data.tracks[1].elements![0].shapes[1].outside = true;
  const dropped = [...frameItems(imageTask(), data)].map((i) =>
    i.shapes.filter((s) => s.track_id === 1).length
  );
  deepEqual(dropped, [1, 1, 0, 0]);
});

Deno.test("typed attributes: defaults filled, number and checkbox typed, built-ins", () => {
  const car = labelLookup(LABELS).byId.get(1)!;
  deepEqual(
    typedAttributes(car, [{ spec_id: 13, value: "7.5" }], {
      type: "rectangle",
      occluded: false,
      rotation: 10,
      track_id: 3,
      keyframe: true,
    }),
    {
      model: "",
      parked: false,
      speed: 7.5,
      occluded: false,
      rotation: 10,
      track_id: 3,
      keyframe: true,
    },
  );
});
