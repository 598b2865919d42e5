import { deepEqual, equal, ok, rejects } from "node:assert/strict";
import { unzipSync, zipSync } from "fflate";
import type { LabeledData, WireLabel } from "../../lib/core/wire_types.ts";
import { ellipseMask } from "../../lib/formats/ellipse_mask.ts";
import { exportAnnotations, importAnnotations, listFormats } from "../../lib/formats/mod.ts";
import { summarize } from "./_compare.ts";
import { allKinds, imageTask, LABELS, shape, videoTask } from "./_task.ts";

const fixture = (name: string) => Deno.readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

async function exportZip(format: string, input: Parameters<typeof exportAnnotations>[1]) {
  return new Uint8Array(await new Response(exportAnnotations(format, input)).arrayBuffer());
}

async function exportJson(format: string, input: Parameters<typeof exportAnnotations>[1]) {
  const files = unzipSync(await exportZip(format, input));
  const name = Object.keys(files).find((n) => n.endsWith(".json"))!;
  return { files, json: JSON.parse(new TextDecoder().decode(files[name])) };
}

/** Shapes COCO keeps: boxes, polygons, masks, an ellipse; plus the box track. */
function cocoData(): LabeledData {
  const all = allKinds();
  return {
    version: 0,
    tags: [],
    shapes: [
      all.shapes[0],
      shape("polygon", 0, [1, 1, 20, 1, 20, 20], { label_id: 2 }),
      shape("ellipse", 1, [50, 40, 60, 35], { label_id: 2, rotation: 30 }),
      shape("mask", 1, [0, 2, 1, 3, 10, 20, 12, 21], { label_id: 2 }),
    ].map((s) => ({ ...s, group: 0, z_order: 0 })),
    tracks: [all.tracks[0]],
  };
}

Deno.test("listFormats lists COCO and Datumaro after the CVAT codecs", () => {
  const names = listFormats().map((f) => `${f.name}:${f.ext}:${f.importer}:${f.exporter}`);
  deepEqual(names.slice(3, 6), [
    "COCO 1.0:JSON, ZIP:true:true",
    "COCO Keypoints 1.0:JSON, ZIP:true:true",
    "Datumaro 1.0:JSON, ZIP:true:true",
  ]);
});

Deno.test("COCO: layout, categories with sublabels, images and annotation ids", async () => {
  const images = () => Promise.resolve(new Uint8Array([0xff, 0xd8]));
  const { files, json } = await exportJson("COCO 1.0", {
    task: imageTask(3, { deletedFrames: [2] }),
    annotations: cocoData(),
    images,
  });
  deepEqual(Object.keys(files).sort(), [
    "annotations/instances_default.json",
    "images/img0.jpg",
    "images/img1.jpg",
  ]);
  deepEqual(Object.keys(json), ["licenses", "info", "categories", "images", "annotations"]);
  deepEqual(json.categories.map((c: { id: number; supercategory: string }) => c.supercategory), [
    "",
    "",
    "",
    "person",
    "person",
    "",
  ]);
  deepEqual(json.images.map((i: { id: number; file_name: string }) => [i.id, i.file_name]), [
    [1, "img0.jpg"],
    [2, "img1.jpg"],
  ]);
  deepEqual(json.annotations.map((a: { id: number; image_id: number }) => [a.id, a.image_id]), [
    [1, 1],
    [2, 1],
    [3, 2],
    [4, 2],
    [5, 2],
  ]);
  const box = json.annotations[0];
  deepEqual(box.attributes, {
    model: "a & b",
    parked: true,
    speed: 42,
    occluded: true,
    rotation: 15,
  });
  deepEqual([box.segmentation, box.area, box.bbox, box.iscrowd], [[], 1200, [10, 10, 40, 30], 0]);
  deepEqual(json.annotations[4].attributes.track_id, 0);
});

Deno.test("COCO: round trip keeps boxes, polygons, masks (ellipse as mask) and tracks", async () => {
  const task = imageTask();
  const data = cocoData();
  const zip = await exportZip("COCO 1.0", { task, annotations: data });
  const back = await importAnnotations("COCO 1.0", zip, { task, filename: "coco.zip" });
  const ellipse = data.shapes[2];
  const expected = {
    ...data,
    shapes: data.shapes.map((s) =>
      s.type === "ellipse"
        ? { ...s, type: "mask" as const, rotation: 0, points: ellipseMask(s.points, 30, 100, 80) }
        : s
    ),
  };
  ok(ellipse.type === "ellipse");
  deepEqual(summarize(back, LABELS), summarize(expected, LABELS));
  ok(back.shapes.every((s) => s.source === "file"));
});

Deno.test("COCO: a group is one instance led by its largest member", async () => {
  const shapes = [
    shape("rectangle", 0, [10, 10, 50, 40], { group: 3 }),
    shape("polygon", 0, [1, 1, 20, 1, 20, 20], { label_id: 2, group: 3 }),
    shape("polygon", 0, [60, 60, 70, 60, 70, 70], { label_id: 2, group: 3 }),
  ];
  const { json } = await exportJson("COCO 1.0", {
    task: imageTask(1),
    annotations: { tags: [], shapes, tracks: [] },
  });
  equal(json.annotations.length, 1);
  const [a] = json.annotations;
  deepEqual([a.category_id, a.bbox, a.iscrowd], [1, [1, 1, 69, 69], 0]);
  deepEqual(a.segmentation, [[1, 1, 20, 1, 20, 20], [60, 60, 70, 60, 70, 70]]);
  const back = await importAnnotations("COCO 1.0", encode(json), { task: imageTask(1) });
  deepEqual(back.shapes.map((s) => [s.type, s.label_id, s.group]), [
    ["polygon", 1, 1],
    ["polygon", 1, 1],
  ]);
});

Deno.test("COCO: area is the rasterised polygon clipped to the image; bbox is not", async () => {
  const square = [90, 10, 110, 10, 110, 20, 90, 20];
  const areas = [];
  for (const width of [100, 200]) {
    const task = imageTask(1, { frames: [{ name: "img0.jpg", width, height: 80 }] });
    const { json } = await exportJson("COCO 1.0", {
      task,
      annotations: { tags: [], shapes: [shape("polygon", 0, square)], tracks: [] },
    });
    areas.push(json.annotations[0].area);
    deepEqual(json.annotations[0].bbox, [90, 10, 20, 10]);
  }
  deepEqual(areas, [100, 200]);
});

const CROWD_LABELS: WireLabel[] = [{
  id: 1,
  name: "crowd",
  attributes: [{
    id: 2,
    name: "is_crowd",
    mutable: false,
    input_type: "checkbox",
    default_value: "false",
    values: ["false"],
  }],
}];

Deno.test("COCO: is_crowd true writes uncompressed RLE with iscrowd 1 and reads back", async () => {
  const task = imageTask(1, {
    labels: CROWD_LABELS,
    frames: [{ name: "a.jpg", width: 5, height: 4 }],
  });
  const poly = shape("polygon", 0, [0, 0, 2, 0, 2, 2, 0, 2], {
    attributes: [{ spec_id: 2, value: "true" }],
  });
  const { json } = await exportJson("COCO 1.0", {
    task,
    annotations: { tags: [], shapes: [poly], tracks: [] },
  });
  const [a] = json.annotations;
  deepEqual([a.iscrowd, a.segmentation, a.area], [
    1,
    { counts: [0, 2, 2, 2, 14], size: [4, 5] },
    4,
  ]);
  ok(!("is_crowd" in a.attributes));
  const back = await importAnnotations("COCO 1.0", encode(json), { task });
  deepEqual(back.shapes.map((s) => [s.type, s.points, s.attributes]), [
    ["mask", [0, 4, 0, 0, 1, 1], [{ spec_id: 2, value: "true" }]],
  ]);
});

Deno.test("COCO: the hand-written file imports (compressed RLE, [[]], ids, attributes)", async () => {
  const back = await importAnnotations("COCO 1.0", fixture("coco_hand_written.json"), {
    task: imageTask(3),
  });
  deepEqual(summarize(back, LABELS, { zOrder: false }), {
    tags: [],
    shapes: [
      "0|polygon|road|1,1,20,1,20,20|||g1||r0||",
      "0|polygon|road|30,30,40,30,40,40|||g1||r0||",
      "0|rectangle|car|10,10,50,40|occluded||g0||r30|model=bmw,parked=true,speed=7|",
      "1|mask|road|0,2,1,3,10,20,12,21|||g0||r0||",
      "1|mask|road|0,20,0,0,0,19|||g0||r0||",
      "1|rectangle|car|1,2,4,6|||g0||r0|model=,parked=false,speed=0|",
    ],
    tracks: [],
  });
});

Deno.test("COCO: a zip with instances_*.json anywhere imports; other json is ignored", async () => {
  const zip = zipSync({
    "x/annotations/instances_train.json": fixture("coco_hand_written.json"),
    "x/annotations/person_keypoints_train.json": encode({ bad: true }),
  });
  const back = await importAnnotations("COCO 1.0", zip, { task: imageTask(3) });
  equal(back.shapes.length, 6);
});

Deno.test("COCO: errors name the item; nothing is imported", async () => {
  const task = imageTask(3);
  const doc = JSON.parse(new TextDecoder().decode(fixture("coco_hand_written.json")));
  const variant = (change: (d: typeof doc) => void) => {
    const copy = structuredClone(doc);
    change(copy);
    return encode(copy);
  };
  await rejects(importAnnotations("COCO 1.0", new TextEncoder().encode("{"), { task }), {
    name: "DataError",
    message: /malformed JSON/,
  });
  await rejects(
    importAnnotations("COCO 1.0", variant((d) => (d.categories[0].name = "plane")), { task }),
    { name: "DataError", message: /Image "img0.jpg", annotation 2: unknown label "plane"/ },
  );
  await rejects(
    importAnnotations("COCO 1.0", variant((d) => (d.images[2].file_name = "nope.jpg")), { task }),
    { name: "DataError", message: /Could not match item id: 'nope'/ },
  );
  await rejects(
    importAnnotations(
      "COCO 1.0",
      variant((d) => (d.annotations[1].segmentation = [[1, 2, 3, 4]])),
      {
        task,
      },
    ),
    { name: "DataError", message: /annotation 2: a polygon needs at least 3 points/ },
  );
  await rejects(
    importAnnotations(
      "COCO 1.0",
      variant((d) => (d.annotations[2].segmentation.size = [10, 10])),
      { task },
    ),
    { name: "DataError", message: /annotation 3: RLE size/ },
  );
});

Deno.test("COCO: video frames are written as frame_NNNNNN.PNG and matched back", async () => {
  const task = videoTask(2);
  const data = { tags: [], shapes: [shape("rectangle", 1, [1, 1, 5, 5])], tracks: [] };
  const { json } = await exportJson("COCO 1.0", { task, annotations: data });
  equal(json.images[1].file_name, "frame_000001.PNG");
  const back = await importAnnotations("COCO 1.0", encode(json), { task });
  equal(back.shapes[0].frame, 1);
});

Deno.test("COCO Keypoints: skeletons round trip; categories top-level with joints", async () => {
  const all = allKinds();
  const data = { tags: [], shapes: [all.shapes[7]], tracks: [all.tracks[1]] };
  const task = imageTask();
  const zip = await exportZip("COCO Keypoints 1.0", { task, annotations: data });
  const json = JSON.parse(
    new TextDecoder().decode(unzipSync(zip)["annotations/person_keypoints_default.json"]),
  );
  deepEqual(json.categories.map((c: { id: number }) => c.id), [1, 2, 3, 6]);
  deepEqual(json.categories[2].skeleton, [[1, 2]]);
  const solitary = json.annotations.find((a: { image_id: number; attributes: object }) =>
    a.image_id === 2 && !("track_id" in a.attributes)
  );
  deepEqual([solitary.keypoints, solitary.num_keypoints, solitary.bbox], [
    [30, 30, 2, 30, 60, 0],
    1,
    [30, 30, 0, 0],
  ]);
  const back = await importAnnotations("COCO Keypoints 1.0", zip, { task });
  deepEqual(summarize(back, LABELS), summarize(data, LABELS));
});

Deno.test("COCO Keypoints: a skeleton grouped with a box takes the box's bbox", async () => {
  const all = allKinds();
  const skeleton = { ...all.shapes[7], frame: 0, group: 2 };
  skeleton.elements = skeleton.elements!.map((e) => ({ ...e, frame: 0 }));
  const box = shape("rectangle", 0, [20, 20, 40, 70], { label_id: 2, group: 2 });
  const { json } = await exportJson("COCO Keypoints 1.0", {
    task: imageTask(1),
    annotations: { tags: [], shapes: [box, skeleton], tracks: [] },
  });
  equal(json.annotations.length, 1);
  deepEqual([json.annotations[0].category_id, json.annotations[0].bbox], [3, [20, 20, 20, 50]]);
});
