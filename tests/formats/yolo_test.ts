import { deepEqual, equal, ok, rejects } from "node:assert/strict";
import { unzipSync, zipSync } from "fflate";
import type { LabeledData, WireShape } from "../../lib/core/wire_types.ts";
import { frameItems } from "../../lib/formats/items.ts";
import { exportAnnotations, importAnnotations, listFormats } from "../../lib/formats/mod.ts";
import type { ExportInput, FormatTask } from "../../lib/formats/types.ts";
import { summarize } from "./_compare.ts";
import { fixtureZip } from "./_fixture_zip.ts";
import { allKinds, imageTask, LABELS, shape, videoTask } from "./_task.ts";

const FORMAT = "YOLO 1.1";
const text = (s: string) => new TextEncoder().encode(s);
const decode = (b: Uint8Array) => new TextDecoder().decode(b);

async function exportFiles(input: ExportInput): Promise<Record<string, Uint8Array>> {
  return unzipSync(
    new Uint8Array(await new Response(exportAnnotations(FORMAT, input)).arrayBuffer()),
  );
}

async function exportZip(input: ExportInput): Promise<Uint8Array> {
  return new Uint8Array(await new Response(exportAnnotations(FORMAT, input)).arrayBuffer());
}

/** What YOLO 1.1 keeps of `data`: unrotated boxes per frame, nothing else (§3.3). */
function boxesOnly(task: FormatTask, data: LabeledData): WireShape[] {
  const out: WireShape[] = [];
  for (const item of frameItems(task, data)) {
    for (const s of item.shapes) {
      if (s.type !== "rectangle" || s.rotation % 360 !== 0) continue;
      out.push(shape("rectangle", item.frame, s.points, { label_id: s.label_id }));
    }
  }
  return out;
}

Deno.test("listFormats lists YOLO 1.1 and the Ultralytics formats, importing and exporting", () => {
  const found = listFormats().filter((f) => /YOLO/.test(f.name));
  deepEqual(found.map((f) => `${f.name}:${f.ext}:${f.version}:${f.importer}:${f.exporter}`), [
    "YOLO 1.1:ZIP:1.1:true:true",
    "Ultralytics YOLO Detection 1.0:ZIP:1.0:true:true",
    "Ultralytics YOLO Oriented Bounding Boxes 1.0:ZIP:1.0:true:true",
    "Ultralytics YOLO Segmentation 1.0:ZIP:1.0:true:true",
    "Ultralytics YOLO Pose 1.0:ZIP:1.0:true:true",
  ]);
});

Deno.test("YOLO 1.1: layout, names with sublabels, an empty file per frame, %.6f lines", async () => {
  const images = (frame: number) => Promise.resolve(new Uint8Array([0xff, 0xd8, frame]));
  const annotations: LabeledData = {
    version: 0,
    tags: [],
    shapes: [
      shape("rectangle", 0, [10, 10, 50, 40]),
      shape("rectangle", 0, [-10, 70, 110, 90.625], { label_id: 2 }),
      shape("rectangle", 0, [0, 0, 5, 5], { rotation: 30 }),
      shape("polygon", 1, [1, 1, 20, 1, 20, 20]),
    ],
    tracks: [],
  };
  const files = await exportFiles({
    task: imageTask(4, { deletedFrames: [3] }),
    annotations,
    images,
  });
  deepEqual(Object.keys(files).sort(), [
    "obj.data",
    "obj.names",
    "obj_train_data/img0.jpg",
    "obj_train_data/img0.txt",
    "obj_train_data/img1.jpg",
    "obj_train_data/img1.txt",
    "obj_train_data/img2.jpg",
    "obj_train_data/img2.txt",
    "train.txt",
  ]);
  equal(
    decode(files["obj.data"]),
    "classes = 6\ntrain = data/train.txt\nnames = data/obj.names\nbackup = backup/\n",
  );
  equal(decode(files["obj.names"]), "car\nroad\nperson\nhead\nfoot\nweather\n");
  equal(
    decode(files["train.txt"]),
    "data/obj_train_data/img0.jpg\ndata/obj_train_data/img1.jpg\ndata/obj_train_data/img2.jpg\n",
  );
  // the rotated box is skipped; values outside [0, 1] are written as they are
  equal(
    decode(files["obj_train_data/img0.txt"]),
    "0 0.300000 0.312500 0.400000 0.375000\n1 0.500000 1.003906 1.200000 0.257812\n",
  );
  equal(files["obj_train_data/img1.txt"].length, 0);
  deepEqual([...files["obj_train_data/img2.jpg"]], [0xff, 0xd8, 2]);
});

Deno.test("YOLO 1.1: round trip keeps boxes per frame (tracks as boxes), drops the rest", async () => {
  const task = imageTask(4);
  const data = allKinds();
  data.shapes.push(shape("rectangle", 2, [5.5, 6.25, 70, 79], { label_id: 2, occluded: true }));
  const zip = await exportZip({ task, annotations: data });
  const back = await importAnnotations(FORMAT, zip, { task });
  const expected = boxesOnly(task, data);
  ok(expected.length >= 4);
  deepEqual(summarize(back, LABELS), summarize({ tags: [], shapes: expected, tracks: [] }, LABELS));
});

Deno.test("YOLO 1.1: video frames are listed as .PNG, or .jpg after JPEG bytes, and match back", async () => {
  const task = videoTask(3);
  const annotations: LabeledData = {
    version: 0,
    tags: [],
    shapes: [shape("rectangle", 2, [64, 48, 320, 240])],
    tracks: [],
  };
  const plain = await exportFiles({ task, annotations });
  equal(decode(plain["train.txt"]).split("\n")[2], "data/obj_train_data/frame_000002.PNG");
  equal(
    decode(plain["obj_train_data/frame_000002.txt"]),
    "0 0.300000 0.300000 0.400000 0.400000\n",
  );
  const jpeg = () => Promise.resolve(new Uint8Array([0xff, 0xd8]));
  const withImages = await exportFiles({ task, annotations, images: jpeg });
  ok("obj_train_data/frame_000001.jpg" in withImages);
  equal(decode(withImages["train.txt"]).split("\n")[1], "data/obj_train_data/frame_000001.jpg");
  const back = await importAnnotations(FORMAT, await exportZip({ task, annotations }), { task });
  deepEqual(back.shapes.map((s) => [s.frame, s.points.map((v) => +v.toFixed(6))]), [
    [2, [64, 48, 320, 240]],
  ]);
});

Deno.test("YOLO 1.1: a hand-written archive (nested root, CRLF, subfolders, blank lines)", async () => {
  const task = imageTask(2, {
    frames: [
      { name: "img0.jpg", width: 100, height: 80 },
      { name: "sub/img1.jpg", width: 100, height: 80 },
    ],
  });
  const zip = fixtureZip("yolo_darknet", "upload/");
  const back = await importAnnotations(FORMAT, zip, { task, filename: "yolo.zip" });
  deepEqual(
    back.shapes.map((s) => [s.frame, s.label_id, s.type, s.points.map((v) => +v.toFixed(4))]),
    [
      [0, 1, "rectangle", [40, 30, 60, 50]],
      [0, 2, "rectangle", [5, 12, 15, 20]],
    ],
  );
  deepEqual(back.tracks, []);
});

Deno.test("YOLO 1.1: malformed archives, unknown classes and labels, unmatched frames", async () => {
  const task = imageTask(2);
  const base = {
    "obj.data": "train = data/train.txt\nnames = data/obj.names\n",
    "obj.names": "car\nplane\n",
    "train.txt": "data/obj_train_data/img0.jpg\n",
    "obj_train_data/img0.txt": "0 0.5 0.5 0.1 0.1\n",
  };
  const zip = (files: Record<string, string | undefined>) =>
    zipSync(
      Object.fromEntries(
        Object.entries({ ...base, ...files }).filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, text(v!)]),
      ),
    );
  const fails = (files: Record<string, string | undefined>, message: RegExp) =>
    rejects(importAnnotations(FORMAT, zip(files), { task }), { name: "DataError", message });
  await rejects(importAnnotations(FORMAT, text("0 0.5 0.5 0.1 0.1"), { task }), {
    name: "DataError",
    message: /zip/,
  });
  await fails({ "obj.data": undefined }, /no obj\.data/);
  await fails({ "obj.data": "train = data/train.txt\n" }, /names/);
  await fails({ "obj.names": undefined }, /names file/);
  await fails({ "train.txt": undefined }, /"train" subset list/);
  await fails({ "obj_train_data/img0.txt": undefined }, /img0.*missing/);
  await fails({ "obj_train_data/img0.txt": "0 0.5 0.5 0.1\n" }, /line 1: expected 5 fields/);
  await fails({ "obj_train_data/img0.txt": "\n2 0.5 0.5 0.1 0.1\n" }, /line 2: unknown class 2/);
  await fails({ "obj_train_data/img0.txt": "1 0.5 0.5 0.1 0.1\n" }, /unknown label "plane"/);
  await fails({ "obj_train_data/img0.txt": "0 0.5 x 0.1 0.1\n" }, /"x" is not a number/);
  await fails({ "obj_train_data/img0.txt": "0.0 0.5 0.5 0.1 0.1\n" }, /not an integer/);
  await fails({ "train.txt": "data/obj_train_data/nope.jpg\n" }, /Could not match item id: 'nope'/);
  // an empty list and an empty label file import nothing
  const empty = await importAnnotations(FORMAT, zip({ "obj_train_data/img0.txt": "" }), { task });
  deepEqual([empty.shapes.length, empty.tracks.length], [0, 0]);
});
