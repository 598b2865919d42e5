import { deepEqual, equal, ok, throws } from "node:assert/strict";
import { unzipSync } from "fflate";
import type { LabeledData } from "../../lib/core/wire_types.ts";
import { ArgumentError } from "../../lib/core/errors.ts";
import {
  exportAnnotations,
  exportProject,
  importAnnotations,
  type ProjectExportInput,
} from "../../lib/formats/mod.ts";
import { planProject } from "../../lib/formats/project_plan.ts";
import { summarize } from "./_compare.ts";
import { allKinds, imageTask, LABELS } from "./_task.ts";

const decoder = new TextDecoder();
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const NOW = new Date("2024-08-01T12:00:00Z");
const TASKS = [
  { id: 1, subset: "train" },
  { id: 2, subset: "" },
  { id: 3, subset: "train", size: 2 },
];

/** Tasks 1 and 3 share "train" (task 3 repeats img0/img1), task 2 has no subset. */
function projectInput(options: { images?: boolean; calls?: number[] } = {}): ProjectExportInput {
  return {
    project: {
      id: 9,
      name: "proj",
      labels: LABELS,
      meta: { createdDate: "2024-07-01T10:00:00.000000Z", bugTracker: "bt" },
    },
    now: NOW,
    tasks: TASKS.map(({ id, subset, size }) => ({
      task: imageTask(size ?? 4, { id, name: `task${id}` }),
      subset,
      annotations: () => {
        options.calls?.push(id);
        return Promise.resolve(size ? { tags: [], shapes: [], tracks: [] } : allKinds());
      },
      images: options.images
        ? (frame: number) => Promise.resolve(new Uint8Array([0xff, 0xd8, id, frame]))
        : undefined,
    })),
  };
}

async function files(format: string, input = projectInput()) {
  const bytes = new Uint8Array(await new Response(exportProject(format, input)).arrayBuffer());
  const out: Record<string, Uint8Array> = unzipSync(bytes);
  return out;
}

const text = (bytes: Uint8Array) => decoder.decode(bytes);

/** What importing a task's own export of `allKinds()` gives: the round-trip reference. */
async function taskRoundTrip(format: string, importer: string, id: number, filename: string) {
  const task = imageTask(4, { id, name: `task${id}` });
  const zip = exportAnnotations(format, { task, annotations: allKinds(), now: NOW });
  const file = unzipSync(new Uint8Array(await new Response(zip).arrayBuffer()))[filename];
  return await importAnnotations(importer, file, { task, filename: filename.split("/").pop() });
}

const part = async (importer: string, bytes: Uint8Array, id: number, filename: string) =>
  await importAnnotations(importer, bytes, { task: imageTask(4, { id }), filename });

const same = (a: LabeledData, b: LabeledData) =>
  deepEqual(summarize(a, LABELS), summarize(b, LABELS));

Deno.test("project plan: CVAT's task order, subsets, offsets and mangled names", () => {
  const plan = planProject(projectInput());
  deepEqual(plan.tasks.map((t) => [t.view.id, t.subset, t.offset, t.view.startFrame]), [
    [2, "default", 0, 0],
    [1, "train", 0, 0],
    [3, "train", 4, 4],
  ]);
  deepEqual(plan.subsets.map((s) => [s.name, s.tasks.map((t) => t.view.id)]), [
    ["default", [2]],
    ["train", [1, 3]],
  ]);
  deepEqual(plan.inputOrder[2].view.frames.map((f) => f.name), ["img0_1.jpg", "img1_1.jpg"]);
  deepEqual(plan.inputOrder[1].view.frames.map((f) => f.name)[0], "img0.jpg");
  const withDefault = projectInput();
  withDefault.tasks[0].subset = "default";
  deepEqual(planProject(withDefault).subsets.map((s) => s.name), [
    "default_1",
    "default",
    "train",
  ]);
});

Deno.test("project export: unknown and import-only formats are refused", () => {
  throws(() => exportProject("CVAT 1.1", projectInput()), ArgumentError);
  throws(() => exportProject("nope", projectInput()), /Unknown export format/);
});

Deno.test("project export, Datumaro: one document per subset, offsets, round trip", async () => {
  const zip = await files("Datumaro 1.0");
  deepEqual(Object.keys(zip).sort(), ["annotations/default.json", "annotations/train.json"]);
  const train = JSON.parse(text(zip["annotations/train.json"]));
  deepEqual(
    train.items.map((i: { id: string; attr: { frame: number } }) => [i.id, i.attr.frame]),
    [["img0", 0], ["img1", 1], ["img2", 2], ["img3", 3], ["img0_1", 4], ["img1_1", 5]],
  );
  equal(train.items[4].image.path, "img0_1.jpg");
  equal(train.categories.label.labels.length, 6); // the project's labels, sublabels included
  const expected = await taskRoundTrip(
    "Datumaro 1.0",
    "Datumaro 1.0",
    2,
    "annotations/default.json",
  );
  same(await part("Datumaro 1.0", zip["annotations/default.json"], 2, "default.json"), expected);
  // task 1's part of "train": its items only
  const task1 = { ...train, items: train.items.slice(0, 4) };
  same(await part("Datumaro 1.0", encode(task1), 1, "train.json"), expected);
});

Deno.test("project export, COCO: per-subset ids and file names, round trip", async () => {
  const zip = await files("COCO 1.0");
  deepEqual(Object.keys(zip).sort(), [
    "annotations/instances_default.json",
    "annotations/instances_train.json",
  ]);
  const train = JSON.parse(text(zip["annotations/instances_train.json"]));
  deepEqual(
    train.images.map((i: { id: number; file_name: string }) => [i.id, i.file_name]),
    [[1, "img0.jpg"], [2, "img1.jpg"], [3, "img2.jpg"], [4, "img3.jpg"], [5, "img0_1.jpg"], [
      6,
      "img1_1.jpg",
    ]],
  );
  const ids = train.annotations.map((a: { id: number }) => a.id);
  deepEqual(ids, ids.map((_: number, i: number) => i + 1));
  const def = JSON.parse(text(zip["annotations/instances_default.json"]));
  equal(def.annotations[0].id, 1); // ids restart per subset
  const expected = await taskRoundTrip(
    "COCO 1.0",
    "COCO 1.0",
    2,
    "annotations/instances_default.json",
  );
  same(await part("COCO 1.0", zip["annotations/instances_default.json"], 2, "a.json"), expected);
  const keypoints = await files("COCO Keypoints 1.0");
  deepEqual(Object.keys(keypoints).sort(), [
    "annotations/person_keypoints_default.json",
    "annotations/person_keypoints_train.json",
  ]);
  const kpExpected = await taskRoundTrip(
    "COCO Keypoints 1.0",
    "COCO Keypoints 1.0",
    2,
    "annotations/person_keypoints_default.json",
  );
  const kpFile = keypoints["annotations/person_keypoints_default.json"];
  same(await part("COCO Keypoints 1.0", kpFile, 2, "a.json"), kpExpected);
});

/** The elements of one task in a project's CVAT XML (`<image>` or `<track>` by `task_id`). */
function taskPart(xml: string, element: "image" | "track", id: number): string {
  const pattern = new RegExp(`\\n  <${element} [^>]*>[\\s\\S]*?\\n  </${element}>`, "g");
  const body = [...xml.matchAll(pattern)].map((m) => m[0])
    .filter((m) => m.includes(` task_id="${id}"`)).join("");
  return `<?xml version="1.0" encoding="utf-8"?>\n<annotations>${body}\n</annotations>\n`;
}

Deno.test("project export, CVAT for images: project meta, images with subset and task_id", async () => {
  const xml = text((await files("CVAT for images 1.1"))["annotations.xml"]);
  ok(xml.includes("<project>\n      <id>9</id>\n      <name>proj</name>\n      <bugtracker>bt"));
  const taskIds = [...xml.matchAll(/\n {8}<task>\n {10}<id>(\d+)<\/id>/g)].map((m) => m[1]);
  deepEqual(taskIds, ["2", "1", "3"]);
  ok(xml.includes("<subsets>default\ntrain</subsets>"));
  ok(!/<task>[\s\S]*<labels>[\s\S]*<\/task>/.test(xml.split("</tasks>")[0]));
  ok(xml.includes("<dumped>2024-08-01 12:00:00.000000+00:00</dumped>"));
  const images = [
    ...xml.matchAll(/<image id="(\d+)" name="([^"]+)" subset="(\w+)" task_id="(\d)"/g),
  ]
    .map((m) => `${m[4]}:${m[3]}:${m[1]}:${m[2]}`);
  deepEqual(images, [
    "1:train:0:img0.jpg",
    "1:train:1:img1.jpg",
    "1:train:2:img2.jpg",
    "1:train:3:img3.jpg",
    "2:default:0:img0.jpg",
    "2:default:1:img1.jpg",
    "2:default:2:img2.jpg",
    "2:default:3:img3.jpg",
    "3:train:4:img0_1.jpg",
    "3:train:5:img1_1.jpg",
  ]);
  const expected = await taskRoundTrip("CVAT for images 1.1", "CVAT 1.1", 2, "annotations.xml");
  const bytes = new TextEncoder().encode(taskPart(xml, "image", 2));
  same(await part("CVAT 1.1", bytes, 2, "a.xml"), expected);
});

Deno.test("project export, CVAT for video: tracks then shapes over the project", async () => {
  const input = projectInput();
  const third = input.tasks[2];
  third.annotations = { tags: [], shapes: [], tracks: allKinds().tracks.slice(0, 1) };
  third.task = imageTask(4, { id: 3, name: "task3" });
  const xml = text((await files("CVAT for video 1.1", input))["annotations.xml"]);
  const tracks = [
    ...xml.matchAll(/<track id="(\d+)" label="\w+" source="[\w-]+" task_id="(\d)" subset="(\w+)"/g),
  ]
    .map((m) => `${m[1]}:${m[2]}:${m[3]}`);
  const perTask = allKinds().tracks.length;
  const shapes = allKinds().shapes.length;
  equal(tracks.length, 2 * (perTask + shapes) + 1);
  // tracks of every task (CVAT's order: default, then train by id), then every task's shapes
  deepEqual(tracks.slice(0, 2 * perTask + 1).map((t) => t.split(":")[1]), [
    ...Array(perTask).fill("2"),
    ...Array(perTask).fill("1"),
    "3",
  ]);
  deepEqual(tracks.map((t) => Number(t.split(":")[0])), tracks.map((_, i) => i));
  const thirdTrack = xml.split('task_id="3"')[1].split("</track>")[0];
  ok(thirdTrack.includes(' frame="5"') && !thirdTrack.includes(' frame="1"')); // offset by 4
  const expected = await taskRoundTrip("CVAT for video 1.1", "CVAT 1.1", 2, "annotations.xml");
  const bytes = new TextEncoder().encode(taskPart(xml, "track", 2));
  const back = await part("CVAT 1.1", bytes, 2, "a.xml");
  same(back, expected);
});

Deno.test("project export with images: images/<subset>/<mangled name>", async () => {
  for (const format of ["CVAT for images 1.1", "COCO 1.0", "Datumaro 1.0"]) {
    const zip = await files(format, projectInput({ images: true }));
    const images = Object.keys(zip).filter((name) => name.startsWith("images/")).sort();
    deepEqual(images, [
      "images/default/img0.jpg",
      "images/default/img1.jpg",
      "images/default/img2.jpg",
      "images/default/img3.jpg",
      "images/train/img0.jpg",
      "images/train/img0_1.jpg",
      "images/train/img1.jpg",
      "images/train/img1_1.jpg",
      "images/train/img2.jpg",
      "images/train/img3.jpg",
    ], format);
    deepEqual([...zip["images/train/img1_1.jpg"]], [0xff, 0xd8, 3, 1]);
  }
});

Deno.test("project export streams: a task's annotations are read when its turn comes", async () => {
  for (
    const [format, reads] of [["CVAT for images 1.1", 3], ["CVAT for video 1.1", 6], [
      "COCO 1.0",
      3,
    ], ["Datumaro 1.0", 3]] as const
  ) {
    const calls: number[] = [];
    const reader = exportProject(format, projectInput({ calls })).getReader();
    const first = await reader.read();
    ok(!first.done);
    ok(calls.length <= 1, `${format}: ${calls}`);
    while (!(await reader.read()).done);
    equal(calls.length, reads, format);
  }
});

Deno.test("project export without tasks: CVAT XML has the meta, COCO and Datumaro no file", async () => {
  const empty = { project: { id: 4, name: "empty", labels: LABELS }, tasks: [], now: NOW };
  const xml = text((await files("CVAT for images 1.1", empty))["annotations.xml"]);
  ok(xml.includes("<tasks>\n      </tasks>") && !xml.includes("<image"));
  deepEqual(Object.keys(await files("COCO 1.0", empty)), []);
  deepEqual(Object.keys(await files("Datumaro 1.0", empty)), []);
});
