import { deepEqual, equal, ok, rejects } from "node:assert/strict";
import { unzipSync, zipSync } from "fflate";
import { ellipseMask } from "../../lib/formats/ellipse_mask.ts";
import { exportAnnotations, importAnnotations } from "../../lib/formats/mod.ts";
import { summarize } from "./_compare.ts";
import { allKinds, imageTask, LABELS, shape } from "./_task.ts";

const fixture = (name: string) => Deno.readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

async function exportZip(input: Parameters<typeof exportAnnotations>[1]) {
  return new Uint8Array(await new Response(exportAnnotations("Datumaro 1.0", input)).arrayBuffer());
}

Deno.test("Datumaro: document layout, categories, items and typed attributes", async () => {
  const files = unzipSync(await exportZip({ task: imageTask(2), annotations: allKinds() }));
  deepEqual(Object.keys(files), ["annotations/default.json"]);
  const json = JSON.parse(new TextDecoder().decode(files["annotations/default.json"]));
  deepEqual(Object.keys(json), ["info", "categories", "items"]);
  deepEqual(json.categories.label.attributes, ["kind", "model", "occluded", "parked", "speed"]);
  deepEqual(json.categories.label.labels[3], { name: "head", parent: "person", attributes: [] });
  deepEqual(json.categories.points.items, [{
    label_id: 2,
    labels: ["head", "foot"],
    joints: [[1, 2]],
  }]);
  deepEqual(
    json.items.map((i: { id: string; attr: object; image: object }) => [i.id, i.attr, i.image]),
    [
      ["img0", { frame: 0 }, { path: "img0.jpg", size: [80, 100] }],
      ["img1", { frame: 1 }, { path: "img1.jpg", size: [80, 100] }],
    ],
  );
  const types = json.items[1].annotations.map((a: { type: string }) => a.type);
  deepEqual(types, ["points", "mask", "mask", "skeleton", "bbox", "skeleton"]); // no cuboid
  const box = json.items[0].annotations.find((a: { type: string }) => a.type === "bbox");
  deepEqual(box, {
    id: 0,
    type: "bbox",
    attributes: { model: "a & b", parked: true, speed: 42, occluded: true, rotation: 15 },
    group: 1,
    label_id: 0,
    z_order: 2,
    bbox: [10, 10, 40, 30],
  });
  equal(typeof json.items[1].annotations[1].rle.counts, "string");
});

Deno.test("Datumaro: round trip keeps all but cuboids; ellipses come back as masks", async () => {
  const task = imageTask();
  const data = allKinds();
  const back = await importAnnotations(
    "Datumaro 1.0",
    await exportZip({ task, annotations: data }),
    {
      task,
    },
  );
  const expected = {
    ...data,
    shapes: data.shapes.filter((s) => s.type !== "cuboid").map((s) =>
      s.type === "ellipse"
        ? { ...s, type: "mask" as const, rotation: 0, points: ellipseMask(s.points, 30, 100, 80) }
        : s
    ),
  };
  const got = summarize(back, LABELS);
  const want = summarize(expected, LABELS);
  deepEqual(got.shapes, want.shapes);
  deepEqual(got.tags, want.tags);
  // the skeleton track comes back with a skeleton keyframe wherever an element has one
  deepEqual(got.tracks, want.tracks);
  ok(!back.shapes.some((s) => s.type === "cuboid" || s.type === "ellipse"));
});

Deno.test("Datumaro: the hand-written file imports (groups, tags, skeleton order, ellipse)", async () => {
  const back = await importAnnotations("Datumaro 1.0", fixture("datumaro_hand_written.json"), {
    task: imageTask(2),
    filename: "default.json",
  });
  deepEqual(summarize(back, LABELS), {
    tags: ["0|weather|kind=sun"],
    shapes: [
      "0|polyline|car|0,0,1,1|||g1|z0|r0|model=,parked=false,speed=0|",
      "0|rectangle|car|1,2,4,6|occluded||g1|z3|r0|model=x,parked=false,speed=0|",
      "1|ellipse|car|20,30,30,20|||g0|z0|r0|model=,parked=false,speed=0|",
      "1|mask|car|0,2,1,3,10,20,12,21|||g0|z0|r0|model=,parked=false,speed=0|",
      "1|skeleton|person||||g0|z0|r0||" +
      "1|points|foot|5,6|occluded||g0|z0|r0||;1|points|head|7,8|||g0|z0|r0||",
    ],
    tracks: [],
  });
});

Deno.test("Datumaro: a zip reads annotations/*.json only", async () => {
  const zip = zipSync({
    "annotations/default.json": fixture("datumaro_hand_written.json"),
    "other/x.json": encode({ items: 5 }),
  });
  const back = await importAnnotations("Datumaro 1.0", zip, { task: imageTask(2) });
  equal(back.shapes.length, 5);
});

Deno.test("Datumaro: malformed JSON, unknown labels and unmatched items are DataErrors", async () => {
  const task = imageTask(2);
  const doc = JSON.parse(new TextDecoder().decode(fixture("datumaro_hand_written.json")));
  const variant = (change: (d: typeof doc) => void) => {
    const copy = structuredClone(doc);
    change(copy);
    return encode(copy);
  };
  await rejects(importAnnotations("Datumaro 1.0", encode("[1]"), { task }), {
    name: "DataError",
    message: /expected a JSON object/,
  });
  await rejects(
    importAnnotations("Datumaro 1.0", variant((d) => (d.categories.label.labels[0].name = "bus")), {
      task,
    }),
    { name: "DataError", message: /Item "img0": unknown label "bus"/ },
  );
  await rejects(
    importAnnotations(
      "Datumaro 1.0",
      variant((d) => (d.items[1].attr = {}, d.items[1].id = "zzz")),
      { task },
    ),
    { name: "DataError", message: /Could not match item id: 'zzz'/ },
  );
  await rejects(
    importAnnotations("Datumaro 1.0", variant((d) => (d.items[0].annotations[0].bbox = "x")), {
      task,
    }),
    { name: "DataError", message: /Item "img0": "bbox" must be a list of numbers/ },
  );
});

Deno.test("Datumaro: a box track comes back as a track with an outside keyframe", async () => {
  const task = imageTask(6);
  const track = allKinds().tracks[0];
  track.shapes.push({ ...track.shapes[1], frame: 4, outside: true });
  const data = { tags: [], shapes: [shape("points", 0, [1, 1])], tracks: [track] };
  const back = await importAnnotations(
    "Datumaro 1.0",
    await exportZip({ task, annotations: data }),
    {
      task,
    },
  );
  deepEqual(back.tracks[0].shapes.map((s) => [s.frame, s.outside]), [[1, false], [3, false], [
    4,
    true,
  ]]);
});
