import { deepEqual, equal, ok, rejects } from "node:assert/strict";
import { unzipSync, zipSync } from "fflate";
import type { LabeledData, WireShape } from "../../lib/core/wire_types.ts";
import { frameItems } from "../../lib/formats/items.ts";
import { cvatMaskToPolygons } from "../../lib/formats/mask_contours.ts";
import { exportAnnotations, importAnnotations } from "../../lib/formats/mod.ts";
import type { ExportInput, FormatTask } from "../../lib/formats/types.ts";
import { summarize } from "./_compare.ts";
import { fixtureZip } from "./_fixture_zip.ts";
import { allKinds, element, imageTask, LABELS, shape } from "./_task.ts";

const DETECTION = "Ultralytics YOLO Detection 1.0";
const OBB = "Ultralytics YOLO Oriented Bounding Boxes 1.0";
const SEGMENTATION = "Ultralytics YOLO Segmentation 1.0";
const POSE = "Ultralytics YOLO Pose 1.0";
const text = (s: string) => new TextEncoder().encode(s);
const decode = (b: Uint8Array) => new TextDecoder().decode(b);
const round = (points: number[]) => points.map((v) => +v.toFixed(3));

async function exportZip(format: string, input: ExportInput): Promise<Uint8Array> {
  return new Uint8Array(await new Response(exportAnnotations(format, input)).arrayBuffer());
}

async function exportFiles(format: string, input: ExportInput) {
  const files = unzipSync(await exportZip(format, input));
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, decode(v)]));
}

/** The per-frame shapes of `data` of the given types, as plain shapes without extras. */
function perFrame(task: FormatTask, data: LabeledData, keep: (s: WireShape) => boolean) {
  const out: WireShape[] = [];
  for (const item of frameItems(task, data)) {
    for (const s of item.shapes) {
      const plain = shape(s.type, item.frame, s.points, {
        label_id: s.label_id,
        rotation: s.rotation,
        elements: s.elements.map((e) =>
          element(e.label_id, item.frame, e.points, { occluded: e.occluded, outside: e.outside })
        ),
      });
      if (s.type === "skeleton") {
        // an element the frame lacks is written as an absent slot: it comes back outside at 0,0
        for (const id of [4, 5]) {
          if (plain.elements!.some((e) => e.label_id === id)) continue;
          plain.elements!.push(element(id, item.frame, [0, 0], { outside: true }));
        }
      }
      if (keep(plain)) out.push(plain);
    }
  }
  return { tags: [], shapes: out, tracks: [] };
}

Deno.test("Ultralytics: data.yaml, train.txt, labels only for frames with lines, images", async () => {
  const images = () => Promise.resolve(new Uint8Array([0x89, 0x50]));
  const annotations: LabeledData = {
    version: 0,
    tags: [],
    shapes: [shape("rectangle", 1, [10, 10, 50, 40]), shape("polygon", 2, [1, 1, 5, 1, 5, 5])],
    tracks: [],
  };
  const files = await exportFiles(DETECTION, { task: imageTask(3), annotations, images });
  deepEqual(Object.keys(files).sort(), [
    "data.yaml",
    "images/train/img0.jpg",
    "images/train/img1.jpg",
    "images/train/img2.jpg",
    "labels/train/img1.txt",
    "train.txt",
  ]);
  equal(
    files["data.yaml"],
    "names:\n  0: car\n  1: road\n  2: person\n  3: weather\npath: .\ntrain: train.txt\n",
  );
  equal(
    files["train.txt"],
    "images/train/img0.jpg\nimages/train/img1.jpg\nimages/train/img2.jpg\n",
  );
  equal(files["labels/train/img1.txt"], "0 0.300000 0.312500 0.400000 0.375000\n");
  const pose = await exportFiles(POSE, { task: imageTask(1), annotations });
  equal(
    pose["data.yaml"],
    "kpt_shape:\n- 2\n- 3\nnames:\n  0: person\npath: .\ntrain: train.txt\n",
  );
});

Deno.test("Ultralytics Detection: round trip keeps unrotated boxes per frame", async () => {
  const task = imageTask(4);
  const data = allKinds();
  data.shapes.push(shape("rectangle", 2, [5.5, 6.25, 70, 79], { label_id: 2 }));
  const back = await importAnnotations(
    DETECTION,
    await exportZip(DETECTION, { task, annotations: data }),
    {
      task,
    },
  );
  const expected = perFrame(task, data, (s) => s.type === "rectangle" && s.rotation === 0);
  ok(expected.shapes.length >= 4);
  deepEqual(summarize(back, LABELS), summarize(expected, LABELS));
});

Deno.test("Ultralytics OBB: corners written, rotated boxes come back (rotation mod 180)", async () => {
  const task = imageTask(2);
  const data: LabeledData = {
    version: 0,
    tags: [],
    shapes: [
      shape("rectangle", 0, [10, 10, 50, 40], { rotation: 15 }),
      shape("rectangle", 0, [20, 20, 30, 60], { rotation: 200, label_id: 2 }),
      shape("rectangle", 1, [0, 0, 100, 80]),
    ],
    tracks: [],
  };
  const files = await exportFiles(OBB, { task, annotations: data });
  equal(
    files["labels/train/img1.txt"],
    "0 0.000000 0.000000 1.000000 0.000000 1.000000 1.000000 0.000000 1.000000\n",
  );
  const back = await importAnnotations(OBB, await exportZip(OBB, { task, annotations: data }), {
    task,
  });
  deepEqual(
    back.shapes.map((s) => [s.frame, s.label_id, round(s.points), +s.rotation.toFixed(3)]),
    [
      [0, 1, [10, 10, 50, 40], 15],
      [0, 2, [20, 20, 30, 60], 20],
      [1, 1, [0, 0, 100, 80], 0],
    ],
  );
});

Deno.test("Ultralytics Segmentation: polygons, masks and ellipses as contours", async () => {
  const task = imageTask(2);
  const data = allKinds();
  const files = await exportFiles(SEGMENTATION, { task, annotations: data });
  const frame1 = files["labels/train/img1.txt"].trim().split("\n");
  equal(frame1.length, 2); // the ellipse and the mask; not points, cuboid, skeleton
  equal(
    files["labels/train/img0.txt"],
    "1 0.010000 0.012500 0.200000 0.012500 0.200000 0.250000\n",
  );
  const back = await importAnnotations(
    SEGMENTATION,
    await exportZip(SEGMENTATION, { task, annotations: data }),
    { task },
  );
  ok(back.shapes.every((s) => s.type === "polygon" && s.label_id === 2));
  const mask = cvatMaskToPolygons([0, 2, 1, 3, 10, 20, 12, 21])[0];
  deepEqual(
    back.shapes.map((s) => [s.frame, round(s.points)]).filter(([f]) => f === 0),
    [[0, [1, 1, 20, 1, 20, 20]]],
  );
  ok(back.shapes.some((s) => s.frame === 1 && round(s.points).join() === mask.join()));
  const ellipse = back.shapes.find((s) => s.frame === 1 && round(s.points).join() !== mask.join())!;
  const xs = ellipse.points.filter((_, i) => i % 2 === 0);
  deepEqual([Math.min(...xs) < 45, Math.max(...xs) > 55], [true, true]);
});

Deno.test("Ultralytics Pose: skeletons with visibility round trip, tracks as per-frame skeletons", async () => {
  const task = imageTask(4);
  const data = allKinds();
  const files = await exportFiles(POSE, { task, annotations: data });
  // frame 1: the plain skeleton (foot outside: v 0, bbox around the head only) + the track's
  equal(
    files["labels/train/img1.txt"].split("\n")[0],
    "0 0.300000 0.375000 0.000000 0.000000 0.300000 0.375000 2 0.300000 0.750000 0",
  );
  const back = await importAnnotations(POSE, await exportZip(POSE, { task, annotations: data }), {
    task,
  });
  const expected = perFrame(task, data, (s) => s.type === "skeleton");
  ok(expected.shapes.length >= 4);
  deepEqual(summarize(back, LABELS), summarize(expected, LABELS));
});

Deno.test("Ultralytics: a Roboflow archive (names list, <subset>/images, splits left out)", async () => {
  const task = imageTask(3);
  const back = await importAnnotations(DETECTION, fixtureZip("ultralytics_roboflow", "ds/"), {
    task,
  });
  deepEqual(back.shapes.map((s) => [s.frame, s.label_id, round(s.points)]), [
    [0, 1, [40, 30, 60, 50]],
    [0, 2, [20, 16, 30, 24]],
    [1, 2, [0, 0, 100, 80]],
  ]);
});

Deno.test("Ultralytics: a Datumaro-style list with data/ prefixes and missing label files", async () => {
  const task = imageTask(4);
  const back = await importAnnotations(OBB, fixtureZip("ultralytics_datumaro"), { task });
  deepEqual(back.shapes.map((s) => [s.frame, s.label_id, round(s.points), s.rotation]), [
    [3, 2, [10, 8, 30, 16], 0],
  ]);
});

Deno.test("Ultralytics: names as a sparse dict, label folders without images, track ids", async () => {
  const task = imageTask(4);
  const zip = zipSync({
    "data.yaml": text("names: {3: road, 7: car}\ntrain: images/train\nval: images/val\n"),
    "labels/train/img0.txt": text("7 0.5 0.5 0.2 0.25 4\n3 0.5 0.5 1 1\n"),
    "labels/train/img1.txt": text("7 0.5 0.5 0.2 0.25 4\n"),
    "labels/val/img3.txt": text(""),
  });
  const back = await importAnnotations(DETECTION, zip, { task });
  deepEqual(back.shapes.map((s) => [s.frame, s.label_id]), [[0, 2]]);
  equal(back.tracks.length, 1);
  deepEqual(back.tracks[0].shapes.map((s) => [s.frame, s.outside]), [[0, false], [1, false], [
    2,
    true,
  ]]);
  const pose = zipSync({
    "data.yaml": text("kpt_shape: [3, 2]\nnames: [person]\ntrain: [images/train/img1.jpg]\n"),
    "labels/train/img1.txt": text("0 0.5 0.5 0.1 0.1 0.1 0.1 0.2 0.2 0 0\n"),
  });
  const skeleton = (await importAnnotations(POSE, pose, { task })).shapes[0];
  deepEqual(skeleton.elements!.map((e) => [e.label_id, round(e.points), e.outside]), [
    [4, [10, 8], false],
    [5, [20, 16], false],
  ]);
});

Deno.test("Ultralytics: malformed archives, unknown classes and labels, unmatched frames", async () => {
  const task = imageTask(2);
  const base = {
    "data.yaml": "names: [car, plane]\ntrain: train.txt\n",
    "train.txt": "images/train/img0.jpg\n",
    "labels/train/img0.txt": "0 0.5 0.5 0.1 0.1\n",
  };
  const zip = (files: Record<string, string | undefined>) =>
    zipSync(
      Object.fromEntries(
        Object.entries({ ...base, ...files }).filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, text(v!)]),
      ),
    );
  const fails = (files: Record<string, string | undefined>, message: RegExp, format = DETECTION) =>
    rejects(importAnnotations(format, zip(files), { task }), { name: "DataError", message });
  await rejects(importAnnotations(DETECTION, text("names: []"), { task }), { name: "DataError" });
  await fails({ "data.yaml": undefined }, /no data\.yaml/);
  await fails({ "data.yaml": "names: [a\n" }, /malformed YAML/);
  await fails({ "data.yaml": "train: train.txt\n" }, /"names" is missing/);
  await fails({ "data.yaml": "names: {a: car}\ntrain: train.txt\n" }, /not a class index/);
  await fails({ "train.txt": undefined }, /"train" subset list/);
  await fails({ "data.yaml": "names: [car]\ntrain: images/none\n" }, /no subset names images/);
  await fails({ "labels/train/img0.txt": "0 0.5 0.5 0.1\n" }, /line 1: expected 5 fields/);
  await fails({ "labels/train/img0.txt": "5 0.5 0.5 0.1 0.1\n" }, /unknown class 5/);
  await fails({ "labels/train/img0.txt": "1 0.5 0.5 0.1 0.1\n" }, /unknown label "plane"/);
  await fails({ "labels/train/img0.txt": "0 0.5 0.5 0.1 0.1 1.5\n" }, /track id/);
  await fails({ "train.txt": "images/train/zzz.jpg\n" }, /Could not match item id: 'zzz'/);
  await fails(
    { "labels/train/img0.txt": "0 0.5 0.5 0.1 0.1 0.2\n" },
    /at least 3 points/,
    SEGMENTATION,
  );
  await fails({}, /kpt_shape/, POSE);
  const pose = "names: [car]\nkpt_shape: [2, 3]\ntrain: train.txt\n";
  const line = "0 0.5 0.5 0.1 0.1 0.1 0.1 2 0.2 0.2 2\n";
  await fails({ "data.yaml": pose, "labels/train/img0.txt": line }, /not a skeleton/, POSE);
  const person = "names: [person]\nkpt_shape: [1, 3]\ntrain: train.txt\n";
  await fails(
    { "data.yaml": person, "labels/train/img0.txt": "0 0.5 0.5 0.1 0.1 0.1 0.1 2\n" },
    /has 2 points, kpt_shape 1/,
    POSE,
  );
  const two = "names: [person]\nkpt_shape: [2, 3]\ntrain: train.txt\n";
  await fails(
    { "data.yaml": two, "labels/train/img0.txt": "0 0.5 0.5 0.1 0.1 0.1 0.1 2 0.2 0.2 3\n" },
    /visibility 3/,
    POSE,
  );
});
