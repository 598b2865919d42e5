import { deepEqual, equal, rejects } from "node:assert/strict";
import { unzipSync, zipSync } from "fflate";
import type { LabeledData, WireLabel, WireTrack } from "../../lib/core/wire_types.ts";
import { exportAnnotations, importAnnotations } from "../../lib/formats/mod.ts";
import type { FormatTask } from "../../lib/formats/types.ts";
import { summarize } from "./_compare.ts";
import { allKinds, imageTask, LABELS, shape } from "./_task.ts";

const FORMAT = "MOT 1.1";
const fixture = (name: string) => Deno.readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const encode = (value: string) => new TextEncoder().encode(value);

const MOT_LABELS: WireLabel[] = [
  {
    id: 1,
    name: "pedestrian",
    color: "#ff0000",
    type: "rectangle",
    attributes: [
      {
        id: 11,
        name: "visibility",
        mutable: true,
        input_type: "number",
        default_value: "1",
        values: ["0", "1", "0.01"],
      },
      {
        id: 12,
        name: "ignored",
        mutable: true,
        input_type: "checkbox",
        default_value: "false",
        values: ["false"],
      },
    ],
  },
  { id: 2, name: "car", color: "#00ff00", type: "any", attributes: [] },
  {
    id: 3,
    name: "static person",
    color: "#0000ff",
    type: "any",
    attributes: [{
      id: 31,
      name: "ignored",
      mutable: false,
      input_type: "checkbox",
      default_value: "false",
      values: ["false"],
    }],
  },
];

function motTask(names: string[], extra: Partial<FormatTask> = {}): FormatTask {
  return imageTask(names.length, {
    labels: MOT_LABELS,
    frames: names.map((name) => ({ name, width: 1920, height: 1080 })),
    ...extra,
  });
}

const box = (frame: number, x: number, more: Parameters<typeof shape>[3] = {}) =>
  shape("rectangle", frame, [x, 10, x + 20.5, 40], more);

function track(labelId: number, frames: [number, number, boolean, string?][]): WireTrack {
  return {
    frame: frames[0][0],
    label_id: labelId,
    group: 0,
    source: "manual",
    attributes: [],
    shapes: frames.map(([frame, x, outside, visibility]) => ({
      type: "rectangle" as const,
      frame,
      occluded: false,
      outside,
      z_order: 0,
      rotation: 0,
      points: [x, 10, x + 20.5, 40],
      attributes: visibility === undefined ? [] : [{ spec_id: 11, value: visibility }],
    })),
  };
}

function sample(): LabeledData {
  return {
    version: 0,
    tags: [],
    shapes: [
      box(0, 1, { label_id: 2, occluded: true }),
      box(2, 5, { label_id: 1, attributes: [{ spec_id: 12, value: "true" }] }),
      shape("polygon", 1, [1, 1, 5, 1, 5, 5], { label_id: 2 }),
    ],
    tracks: [
      track(1, [[1, 100, false, "0.75"], [2, 110, false, "0.5"], [4, 130, false], [5, 130, true]]),
      track(2, [[0, 300, false], [2, 300, true]]),
    ],
  };
}

async function exported(
  task: FormatTask,
  annotations: LabeledData,
  images?: () => Promise<Uint8Array>,
) {
  const zip = exportAnnotations(FORMAT, { task, annotations, images });
  return new Uint8Array(await new Response(zip).arrayBuffer());
}

Deno.test("MOT: gt.txt rows (CRLF, track renumbering, classes, visibility) and labels.txt", async () => {
  const task = motTask(["a.jpg", "b.jpg", "c.jpg", "d.jpg", "e.jpg", "f.jpg"]);
  const files = unzipSync(await exported(task, sample()));
  deepEqual(Object.keys(files), ["gt/gt.txt", "gt/labels.txt"]);
  equal(text(files["gt/labels.txt"]), "pedestrian\ncar\nstatic person");
  equal(
    text(files["gt/gt.txt"]),
    [
      "1,-1,1.0,10.0,20.5,30.0,1,2,0.0",
      "1,1,300.0,10.0,20.5,30.0,1,2,1.0",
      "2,2,100.0,10.0,20.5,30.0,1,1,0.75",
      "2,1,300.0,10.0,20.5,30.0,1,2,1.0",
      "3,-1,5.0,10.0,20.5,30.0,0,1,1.0",
      "3,2,110.0,10.0,20.5,30.0,1,1,0.5",
      "4,2,120.0,10.0,20.5,30.0,1,1,0.5",
      "5,2,130.0,10.0,20.5,30.0,1,1,0.5",
      "",
    ].join("\r\n"),
  );
});

Deno.test("MOT: images go to img1/ under their item ids; numeric names give the frame ids", async () => {
  const task = motTask(["000007.jpg", "dir/x.png"]);
  const annotations = { version: 0, tags: [], shapes: [box(0, 1), box(1, 2)], tracks: [] };
  const files = unzipSync(await exported(task, annotations, () => Promise.resolve(encode("i"))));
  deepEqual(Object.keys(files), [
    "gt/gt.txt",
    "gt/labels.txt",
    "img1/000007.jpg",
    "img1/dir/x.png",
  ]);
  deepEqual(text(files["gt/gt.txt"]).split("\r\n").map((row) => row.split(",")[0]), ["7", "2", ""]);
});

Deno.test("MOT: round trip keeps boxes, tracks (gaps, ends), visibility and ignored", async () => {
  const task = motTask(["a.jpg", "b.jpg", "c.jpg", "d.jpg", "e.jpg", "f.jpg"]);
  const data = sample();
  const back = await importAnnotations(FORMAT, await exported(task, data), { task });
  const expected = { ...data, shapes: data.shapes.filter((s) => s.type === "rectangle") };
  // every exported frame of a track comes back as a keyframe (the MOT rule)
  const want = summarize(expected, MOT_LABELS, { group: false, zOrder: false });
  const got = summarize(back, MOT_LABELS, { group: false, zOrder: false });
  deepEqual(got.shapes, want.shapes);
  deepEqual(back.tracks.map((t) => t.shapes.map((s) => [s.frame, s.outside, s.points[0]])), [
    [[0, false, 300], [1, false, 300], [2, true, 300]],
    [[1, false, 100], [2, false, 110], [3, false, 120], [4, false, 130], [5, true, 130]],
  ]);
  const visibility = back.tracks[1].shapes.map((s) => s.attributes.find((a) => a.spec_id === 11));
  deepEqual(visibility.map((a) => a?.value), ["0.75", "0.5", "0.5", "0.5", "0.5"]);
  equal(
    back.shapes.find((s) => s.label_id === 1)?.attributes.find((a) => a.spec_id === 12)?.value,
    "true",
  );
  equal(back.shapes.find((s) => s.label_id === 2)?.occluded, true);
});

Deno.test("MOT: the round-trip trap — 0-based numeric names and deleted frames come back in place", async () => {
  const names = ["000000.jpg", "000001.jpg", "000002.jpg", "000003.jpg"];
  const task = motTask(names);
  const annotations = { version: 0, tags: [], shapes: [box(0, 1), box(3, 2)], tracks: [] };
  const back = await importAnnotations(FORMAT, await exported(task, annotations), { task });
  deepEqual(back.shapes.map((s) => s.frame), [0, 3]);
  const withDeleted = motTask(["a.jpg", "b.jpg", "c.jpg"], { deletedFrames: [0] });
  const more = { version: 0, tags: [], shapes: [box(1, 1), box(2, 2)], tracks: [] };
  const again = await importAnnotations(FORMAT, await exported(withDeleted, more), {
    task: withDeleted,
  });
  deepEqual(again.shapes.map((s) => s.frame), [1, 2]);
});

Deno.test("MOT: a real-style gt.txt with the official classes (9 and 10 columns)", async () => {
  const task = motTask(["000001.jpg", "000002.jpg", "000003.jpg", "000004.jpg", "000005.jpg"]);
  const zip = zipSync({ "seq/gt/gt.txt": fixture("mot_gt.txt"), "seq/seqinfo.ini": encode("x") });
  const back = await importAnnotations(FORMAT, zip, { task });
  deepEqual(summarize(back, MOT_LABELS), {
    tags: [],
    shapes: ["1|rectangle|car|10.5,20.25,40.5,60.25|occluded||g0|z0|r0||"],
    tracks: [
      "pedestrian||0/rectangle/1338,418,1505,797/false/false/visibility=0.5,ignored=false " +
      "1/rectangle/1338,418,1505,797/false/true/visibility=0.5,ignored=false",
      "static person|ignored=false|0/rectangle/912,484,1009,593/false/false/ " +
      "1/rectangle/912,484,1009,593/false/false/ 2/rectangle/912,484,1009,593/false/true/ " +
      "3/rectangle/920,480,1017,589/false/false/ 4/rectangle/920,480,1017,589/false/true/",
    ],
  });
  equal(back.shapes[0].source, "manual");
});

Deno.test("MOT: labels.txt names the classes; a bare gt.txt upload works", async () => {
  const task = motTask(["1.jpg", "2.jpg"]);
  const zip = zipSync({
    "gt/gt.txt": encode("2,-1,1,2,3,4,1,2,1\n"),
    "gt/labels.txt": fixture("mot_labels.txt"),
  });
  const back = await importAnnotations(FORMAT, zip, { task });
  deepEqual(back.shapes.map((s) => [s.frame, s.label_id, s.points]), [[1, 2, [1, 2, 4, 6]]]);
  const bare = await importAnnotations(FORMAT, encode("1,3,1,2,3,4,1,1,1\n"), {
    task,
    filename: "gt.txt",
  });
  equal(bare.tracks[0].label_id, 1);
});

Deno.test("MOT: malformed rows, missing classes, unknown labels and frames are DataErrors", async () => {
  const task = motTask(["a.jpg", "b.jpg"]);
  const bad = async (gt: string, message: RegExp, labels = "pedestrian\ncar\nbus") => {
    const zip = zipSync({ "gt/gt.txt": encode(gt), "gt/labels.txt": encode(labels) });
    await rejects(importAnnotations(FORMAT, zip, { task }), { name: "DataError", message });
  };
  await bad("1,1,x,2,3,4,1,1,1\n", /gt\/gt.txt:1: expected a number/);
  await bad("1,1,1,2,3,4,1\n", /gt\/gt.txt:1: the row has no class/);
  await bad("1,1,1,2,3,4,1,-1,1\n", /the row has no class/);
  await bad("1,1,1,2,3,4,1,9,1\n", /unknown class 9/);
  await bad("1,1,1,2,3,4,1,3,1\n", /unknown label "bus"/);
  await bad("1,1,1,2\n", /at least 7 columns/);
  await bad("1,1,1,2,3,4,1,1,1\n1,1,5,6,3,4,1,1,1\n", /track 1 has two rows on frame 1/);
  await bad("1,1,1,2,3,4,1,1,1\n9,1,1,2,3,4,1,1,1\n", /Could not match item id: '9'/);
  await rejects(importAnnotations(FORMAT, zipSync({ "x.txt": encode("") }), { task }), {
    name: "DataError",
  });
});

Deno.test("MOT: every other shape kind of the common sample is dropped on export", async () => {
  const task = imageTask(4);
  const files = unzipSync(await exported(task, allKinds()));
  const rows = text(files["gt/gt.txt"]).trim().split("\r\n");
  deepEqual(rows.map((row) => row.split(",").slice(0, 2).join(",")), [
    "1,-1",
    "2,1",
    "3,1",
    "4,1",
  ]);
  equal(
    text(files["gt/labels.txt"]),
    LABELS.flatMap((l) => [l, ...(l.sublabels ?? [])]).map((l) => l.name).join("\n"),
  );
});
