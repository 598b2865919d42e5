/**
 * Project exports of the issue-8 formats (YOLO, Ultralytics, VOC, Segmentation mask, MOT,
 * LabelMe, ImageNet): a project with two tasks in two subsets ("val" and none), the files and
 * ids each format writes, and the import of one task's part compared with the import of the
 * task's own export.
 */
import { deepEqual, equal, ok, throws } from "node:assert/strict";
import { unzipSync, zipSync } from "fflate";
import type { LabeledData } from "../../lib/core/wire_types.ts";
import { DataError } from "../../lib/core/errors.ts";
import {
  exportAnnotations,
  exportProject,
  importAnnotations,
  listFormats,
  type ProjectExportInput,
} from "../../lib/formats/mod.ts";
import { summarize } from "./_compare.ts";
import { allKinds, imageTask, LABELS } from "./_task.ts";

const decoder = new TextDecoder();
const encoder = new TextEncoder();
const NOW = new Date("2024-08-01T12:00:00Z");
type Files = Record<string, Uint8Array>;

/** Task 1 in "val", task 2 without subset (written "default"), both `img0..3.jpg`. */
function projectInput(
  options: { images?: boolean; calls?: number[]; subsets?: string[] } = {},
): ProjectExportInput {
  const subsets = options.subsets ?? ["val", ""];
  return {
    project: { id: 9, name: "proj", labels: LABELS },
    now: NOW,
    tasks: subsets.map((subset, i) => ({
      task: imageTask(4, { id: i + 1, name: `task${i + 1}` }),
      subset,
      annotations: () => {
        options.calls?.push(i + 1);
        return Promise.resolve(allKinds());
      },
      images: options.images
        ? (frame: number) => Promise.resolve(new Uint8Array([0xff, 0xd8, i + 1, frame]))
        : undefined,
    })),
  };
}

async function unzip(stream: ReadableStream<Uint8Array>): Promise<Files> {
  return unzipSync(new Uint8Array(await new Response(stream).arrayBuffer()));
}

const files = (format: string, input = projectInput()) => unzip(exportProject(format, input));
const text = (bytes: Uint8Array) => decoder.decode(bytes);
const keys = (zip: Files) => Object.keys(zip).sort();

/** The import of task 2's own export: what its part of the project must import as. */
async function taskRoundTrip(format: string): Promise<LabeledData> {
  const task = imageTask(4, { id: 2, name: "task2" });
  const zip = await unzip(exportAnnotations(format, { task, annotations: allKinds(), now: NOW }));
  return await importAnnotations(format, zipSync(zip), { task, filename: "a.zip" });
}

/** Imports a part of the project's files into task 2 and compares with `taskRoundTrip`. */
async function checkPart(format: string, part: Files) {
  const task = imageTask(4, { id: 2, name: "task2" });
  const back = await importAnnotations(format, zipSync(part), { task, filename: "a.zip" });
  ok(back.tags.length + back.shapes.length + back.tracks.length > 0, format);
  deepEqual(summarize(back, LABELS), summarize(await taskRoundTrip(format), LABELS), format);
}

function pick(zip: Files, keep: (name: string) => boolean, extra: Files = {}): Files {
  return { ...Object.fromEntries(Object.entries(zip).filter(([name]) => keep(name))), ...extra };
}

Deno.test("project export2: every format of the list exports projects", () => {
  const missing = listFormats().filter((f) => f.exporter).map((f) => f.name)
    .filter((name) => {
      try {
        exportProject(name, projectInput()).cancel();
        return false;
      } catch {
        return true;
      }
    });
  deepEqual(missing, []);
});

Deno.test("project export2, YOLO 1.1: obj_<subset>_data, lists, default as train", async () => {
  const zip = await files("YOLO 1.1");
  const frames = (dir: string) => [0, 1, 2, 3].map((i) => `${dir}/img${i}.txt`);
  deepEqual(
    keys(zip),
    [
      "obj.data",
      "obj.names",
      ...frames("obj_train_data"),
      ...frames("obj_val_data"),
      "train.txt",
      "val.txt",
    ].sort(),
  );
  equal(
    text(zip["obj.data"]),
    "classes = 6\ntrain = data/train.txt\nval = data/val.txt\nnames = data/obj.names\n" +
      "backup = backup/\n",
  );
  equal(text(zip["val.txt"]).split("\n")[0], "data/obj_val_data/img0.jpg");
  equal(text(zip["obj_val_data/img0.txt"]), text(zip["obj_train_data/img0.txt"]));
  const obj = encoder.encode("classes = 6\ntrain = data/train.txt\nnames = data/obj.names\n");
  const part = pick(zip, (n) => /^(obj\.names|train\.txt|obj_train_data\/)/.test(n), {
    "obj.data": obj,
  });
  await checkPart("YOLO 1.1", part);
  // a real "train" subset keeps "default" as is; reserved words fail before writing
  const both = await files("YOLO 1.1", projectInput({ subsets: ["train", ""] }));
  ok(text(both["obj.data"]).includes("default = data/default.txt\ntrain = data/train.txt\n"));
  ok(both["obj_default_data/img0.txt"] && both["obj_train_data/img0.txt"]);
  throws(() => exportProject("YOLO 1.1", projectInput({ subsets: ["names", ""] })), DataError);
});

Deno.test("project export2, Ultralytics: images/labels per subset, data.yaml", async () => {
  for (const kind of ["Detection", "Oriented Bounding Boxes", "Segmentation", "Pose"]) {
    const format = `Ultralytics YOLO ${kind} 1.0`;
    const zip = await files(format, projectInput({ images: true }));
    const yaml = text(zip["data.yaml"]);
    ok(yaml.endsWith("path: .\ntrain: train.txt\nval: val.txt\n"), `${format}: ${yaml}`);
    const images = keys(zip).filter((n) => n.startsWith("images/"));
    deepEqual(
      images,
      [0, 1, 2, 3].flatMap((i) => [`images/train/img${i}.jpg`]).concat(
        [0, 1, 2, 3].map((i) => `images/val/img${i}.jpg`),
      ),
    );
    deepEqual([...zip["images/val/img1.jpg"]], [0xff, 0xd8, 1, 1]);
    equal(text(zip["val.txt"]).split("\n")[0], "images/val/img0.jpg");
    ok(keys(zip).some((n) => n.startsWith("labels/val/")), format);
    const trainYaml = yaml.replace("val: val.txt\n", "");
    const part = pick(zip, (n) => /^(train\.txt|images\/train\/|labels\/train\/)/.test(n), {
      "data.yaml": encoder.encode(trainYaml),
    });
    await checkPart(format, part);
  }
  throws(
    () => exportProject("Ultralytics YOLO Pose 1.0", projectInput({ subsets: ["path", ""] })),
    /reserved/,
  );
});

Deno.test("project export2, PASCAL VOC: shared folders, unique ids, lists per subset", async () => {
  const zip = await files("PASCAL VOC 1.1", projectInput({ images: true }));
  const annotations = keys(zip).filter((n) => n.startsWith("Annotations/"));
  deepEqual(annotations, [
    "Annotations/img0.xml",
    "Annotations/img0_1.xml",
    "Annotations/img1.xml",
    "Annotations/img1_1.xml",
    "Annotations/img2.xml",
    "Annotations/img2_1.xml",
    "Annotations/img3.xml",
    "Annotations/img3_1.xml",
  ]);
  equal(text(zip["ImageSets/Main/default.txt"]), "img0\nimg1\nimg2\nimg3\n");
  equal(text(zip["ImageSets/Main/val.txt"]), "img0_1\nimg1_1\nimg2_1\nimg3_1\n");
  ok(zip["ImageSets/Main/car_val.txt"] || zip["ImageSets/Main/weather_val.txt"]);
  ok(text(zip["Annotations/img0_1.xml"]).includes("<filename>img0_1.jpg</filename>"));
  deepEqual([...zip["JPEGImages/img0_1.jpg"]], [0xff, 0xd8, 1, 0]);
  deepEqual([...zip["JPEGImages/img0.jpg"]], [0xff, 0xd8, 2, 0]);
  const part = pick(zip, (n) => !/_1\.|_val\.txt$|\/val\.txt$|^JPEGImages\//.test(n));
  await checkPart("PASCAL VOC 1.1", part);
});

Deno.test("project export2, Segmentation mask: ImageSets/Segmentation per subset", async () => {
  const zip = await files("Segmentation mask 1.1");
  ok(zip["ImageSets/Segmentation/default.txt"] && zip["ImageSets/Segmentation/val.txt"]);
  ok(text(zip["ImageSets/Segmentation/val.txt"]).split("\n").every((id) => !id || /_1$/.test(id)));
  ok(zip["SegmentationClass/img0.png"] && zip["SegmentationObject/img0_1.png"]);
  equal(keys(zip).filter((n) => n === "labelmap.txt").length, 1);
  const part = pick(zip, (n) => !/_1\.png$|\/val\.txt$/.test(n));
  await checkPart("Segmentation mask 1.1", part);
});

Deno.test("project export2, MOT: one sequence over the project, tracks per task", async () => {
  const zip = await files("MOT 1.1", projectInput({ images: true }));
  deepEqual(keys(zip), [
    "gt/gt.txt",
    "gt/labels.txt",
    ...["img0", "img0_1", "img1", "img1_1", "img2", "img2_1", "img3", "img3_1"]
      .map((n) => `img1/${n}.jpg`),
  ]);
  const rows = text(zip["gt/gt.txt"]).split("\r\n").filter(Boolean).map((r) => r.split(","));
  const frames = [...new Set(rows.map((r) => Number(r[0])))];
  ok(frames.every((f) => f >= 1 && f <= 8) && frames.some((f) => f > 4));
  const tracksOf = (low: number, high: number) =>
    new Set(rows.filter((r) => +r[0] >= low && +r[0] <= high && r[1] !== "-1").map((r) => r[1]));
  const first = tracksOf(1, 4);
  const second = tracksOf(5, 8);
  ok(first.size > 0 && second.size === first.size);
  ok([...second].every((t) => !first.has(t)), "each task's tracks are distinct");
  // task 2 ("default", first in the sequence) is frames 1..4
  const gt = rows.filter((r) => +r[0] <= 4).map((r) => r.join(",") + "\r\n").join("");
  await checkPart("MOT 1.1", {
    "gt/gt.txt": encoder.encode(gt),
    "gt/labels.txt": zip["gt/labels.txt"],
  });
});

Deno.test("project export2, LabelMe: a folder per subset", async () => {
  const zip = await files("LabelMe 3.0", projectInput({ images: true }));
  const xml = keys(zip).filter((n) => n.endsWith(".xml"));
  deepEqual(
    xml,
    [0, 1, 2, 3].map((i) => `default/img${i}.xml`).concat(
      [0, 1, 2, 3].map((i) => `val/img${i}.xml`),
    ),
  );
  deepEqual([...zip["val/img2.jpg"]], [0xff, 0xd8, 1, 2]);
  ok(keys(zip).some((n) => n.startsWith("val/Masks/")));
  await checkPart("LabelMe 3.0", pick(zip, (n) => n.startsWith("default/")));
});

Deno.test("project export2, ImageNet: <subset>.txt lists, or shared label folders", async () => {
  const zip = await files("ImageNet 1.0");
  deepEqual(keys(zip), ["default.txt", "synsets.txt", "val.txt"]);
  equal(text(zip["val.txt"]), text(zip["default.txt"]));
  await checkPart("ImageNet 1.0", pick(zip, (n) => n !== "val.txt"));
  const images = await files("ImageNet 1.0", projectInput({ images: true }));
  // the label folders have no subsets: task 1 ("val", second) gets names unique in the project
  deepEqual(keys(images), [
    ...[1, 2, 3].flatMap((i) => [`no_label/img${i}.jpg`, `no_label/img${i}_1.jpg`]),
    "weather/img0.jpg",
    "weather/img0_1.jpg",
  ]);
  deepEqual([...images["weather/img0_1.jpg"]], [0xff, 0xd8, 1, 0]);
});

Deno.test("project export2 streams: a task's annotations are read when its turn comes", async () => {
  const formats = listFormats().filter((f) => f.exporter).map((f) => f.name)
    .filter((name) => !/^(CVAT|COCO|Datumaro)/.test(name));
  equal(formats.length, 10);
  for (const format of formats) {
    const calls: number[] = [];
    const reader = exportProject(format, projectInput({ calls })).getReader();
    ok(!(await reader.read()).done);
    ok(calls.length <= 1, `${format}: ${calls}`);
    while (!(await reader.read()).done);
    deepEqual(calls, [2, 1], format);
  }
});

Deno.test("project export2 without tasks: descriptors only", async () => {
  const empty = { project: { id: 4, name: "empty", labels: LABELS }, tasks: [], now: NOW };
  deepEqual(keys(await files("YOLO 1.1", empty)), ["obj.data", "obj.names"]);
  deepEqual(keys(await files("Ultralytics YOLO Detection 1.0", empty)), ["data.yaml"]);
  deepEqual(keys(await files("PASCAL VOC 1.1", empty)), ["labelmap.txt"]);
  deepEqual(keys(await files("MOT 1.1", empty)), ["gt/gt.txt", "gt/labels.txt"]);
  deepEqual(keys(await files("LabelMe 3.0", empty)), []);
  deepEqual(keys(await files("ImageNet 1.0", empty)), ["synsets.txt"]);
});
