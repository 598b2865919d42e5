import { deepEqual, equal, ok, rejects } from "node:assert/strict";
import { unzipSync, zipSync } from "fflate";
import type { LabeledData } from "../../lib/core/wire_types.ts";
import { exportAnnotations, importAnnotations } from "../../lib/formats/mod.ts";
import { decodePng } from "../../lib/formats/png_decode.ts";
import { summarize } from "./_compare.ts";
import { allKinds, element, imageTask, LABELS, shape } from "./_task.ts";

const MASK = "Segmentation mask 1.1";
const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);
const encode = (value: string) => new TextEncoder().encode(value);
const fixture = (name: string) =>
  Deno.readFileSync(new URL(`./fixtures/voc/${name}`, import.meta.url));

async function exportZip(input: Parameters<typeof exportAnnotations>[1]) {
  return new Uint8Array(await new Response(exportAnnotations(MASK, input)).arrayBuffer());
}

/** Frames 10×6: overlapping box and polygon, a merged group, a rotated box, lines only, empty. */
function sample(): LabeledData {
  return {
    version: 0,
    tags: [{ frame: 3, label_id: 6, group: 0, source: "manual", attributes: [] }],
    shapes: [
      shape("rectangle", 0, [0, 0, 4, 4], { z_order: 1 }),
      shape("polygon", 0, [2, 2, 8, 2, 8, 6, 2, 6], { label_id: 2 }),
      shape("mask", 1, [0, 4, 1, 1, 2, 2], { group: 5 }), // 2×2 at (1, 1)
      shape("rectangle", 1, [4, 1, 9, 5], { label_id: 2, group: 5 }),
      shape("rectangle", 2, [2, 2, 6, 4], { rotation: 90 }),
      shape("polyline", 3, [0, 0, 5, 5]),
      shape("points", 3, [1, 1]),
      shape("skeleton", 3, [], { label_id: 3, elements: [element(4, 3, [1, 1])] }),
    ],
    tracks: [],
  };
}

const smallTask = () =>
  imageTask(5, {
    frames: Array.from({ length: 5 }, (_, i) => ({ name: `img${i}.png`, width: 10, height: 6 })),
  });

Deno.test("Segmentation mask: layout, label map sorted by name with label colours, lists", async () => {
  const files = unzipSync(await exportZip({ task: smallTask(), annotations: sample() }));
  deepEqual(Object.keys(files).sort(), [
    "ImageSets/Segmentation/default.txt",
    "SegmentationClass/img0.png",
    "SegmentationClass/img1.png",
    "SegmentationClass/img2.png",
    "SegmentationObject/img0.png",
    "SegmentationObject/img1.png",
    "SegmentationObject/img2.png",
    "labelmap.txt",
  ]);
  equal(
    text(files["labelmap.txt"]),
    "# label:color_rgb:parts:actions\nbackground:0,0,0::\ncar:255,0,0::\nfoot:34,34,34::\n" +
      "head:17,17,17::\nperson:0,0,255::\nroad:0,255,0::\nweather:51,51,51::\n",
  );
  // frame 3 holds only lines, points, a skeleton and a tag: neither segmented nor empty
  equal(text(files["ImageSets/Segmentation/default.txt"]), "img0\nimg1\nimg2\nimg4\n");
});

async function pixels(files: Record<string, Uint8Array>, id: string) {
  const classes = await decodePng(files[`SegmentationClass/${id}.png`], "c");
  const objects = await decodePng(files[`SegmentationObject/${id}.png`], "o");
  const row = (y: number, image: typeof classes, names: Record<number, string>) =>
    Array.from({ length: image.width }, (_, x) => names[image.values[y * image.width + x]] ?? "?")
      .join("");
  return {
    classes: (y: number) => row(y, classes, { 0: ".", 0xff0000: "c", 0x00ff00: "r" }),
    objects: (y: number) => row(y, objects, { 0: ".", 0x800000: "1", 0x008000: "2" }),
  };
}

Deno.test("Segmentation mask: painted by z_order, groups merged, rotated boxes turned", async () => {
  const files = unzipSync(await exportZip({ task: smallTask(), annotations: sample() }));
  const f0 = await pixels(files, "img0");
  deepEqual([0, 2, 4, 5].map(f0.classes), ["cccc......", "ccccrrrr..", "..rrrrrr..", "..rrrrrr.."]);
  // the polygon (z 0) is instance 1, the box above it instance 2
  deepEqual([0, 2, 4].map(f0.objects), ["2222......", "22221111..", "..111111.."]);
  const f1 = await pixels(files, "img1");
  // the group is one instance labelled as its largest member (the road box)
  deepEqual([0, 1, 2, 5].map(f1.classes), ["..........", ".rr.rrrrr.", ".rr.rrrrr.", ".........."]);
  deepEqual([1].map(f1.objects), [".11.11111."]);
  const f2 = await pixels(files, "img2");
  deepEqual([0, 1, 4, 5].map(f2.classes), ["..........", "...cc.....", "...cc.....", ".........."]);
});

Deno.test("Segmentation mask: round trip gives the painted regions back as polygons", async () => {
  const task = smallTask();
  const back = await importAnnotations(MASK, await exportZip({ task, annotations: sample() }), {
    task,
  });
  const none = "model=,parked=false,speed=0";
  deepEqual(summarize(back, LABELS), {
    tags: [],
    shapes: [
      `0|polygon|car|0,0,4,0,4,4,0,4|||g0|z0|r0|${none}|`,
      "0|polygon|road|4,2,8,2,8,6,2,6,2,4,4,4|||g0|z0|r0||",
      "1|polygon|road|1,1,3,1,3,3,1,3|||g1|z0|r0||",
      "1|polygon|road|4,1,9,1,9,5,4,5|||g1|z0|r0||",
      `2|polygon|car|3,1,5,1,5,5,3,5|||g0|z0|r0|${none}|`,
    ],
    tracks: [],
  });
  // the same archive reads with the PASCAL VOC importer
  const viaVoc = await importAnnotations(
    "PASCAL VOC 1.1",
    await exportZip({
      task,
      annotations: sample(),
    }),
    { task },
  );
  deepEqual(summarize(viaVoc, LABELS), summarize(back, LABELS));
});

Deno.test("Segmentation mask: every area shape of allKinds comes back; the rest is dropped", async () => {
  const task = imageTask();
  const back = await importAnnotations(
    MASK,
    await exportZip({ task, annotations: allKinds() }),
    { task },
  );
  ok(back.shapes.every((s) => s.type === "polygon"));
  deepEqual(back.tags, []);
  deepEqual(back.tracks, []);
  // frame 0: the rotated box and polygon of group 1 merge; frame 1: ellipse, mask, track box;
  // frames 2 and 3: the track's box
  deepEqual(back.shapes.map((s) => s.frame), [0, 1, 1, 1, 2, 3]);
});

Deno.test("Segmentation mask: grey index PNGs need the label map order; odd inputs are DataErrors", async () => {
  const task = imageTask();
  const labelmap = encode("background:0,0,0::\ncar:255,0,0::\nroad:0,255,0::\n");
  const zip = (files: Record<string, Uint8Array>) =>
    zipSync({
      "labelmap.txt": labelmap,
      "ImageSets/Segmentation/default.txt": encode("img1\n"),
      ...files,
    });
  const back = await importAnnotations(
    MASK,
    zip({ "SegmentationClass/img1.png": fixture("gray8_index.png") }),
    { task },
  );
  deepEqual(back.shapes.map((s) => [s.frame, s.label_id, s.points]), [[1, 2, [
    1,
    1,
    3,
    1,
    3,
    3,
    1,
    3,
  ]]]);
  // a grey instance image with the class image: instance 2 is a road
  const both = await importAnnotations(
    MASK,
    zip({
      "SegmentationClass/img1.png": fixture("gray8_index.png"),
      "SegmentationObject/img1.png": fixture("gray8_index.png"),
    }),
    { task },
  );
  deepEqual(both.shapes.map((s) => s.label_id), [2]);
  await rejects(
    importAnnotations(MASK, zip({ "SegmentationObject/img1.png": fixture("gray8_index.png") }), {
      task,
    }),
    { name: "DataError", message: /Item "img1": an instance mask without a class mask/ },
  );
  await rejects(
    importAnnotations(MASK, zip({ "SegmentationClass/img1.png": fixture("class_palette.png") }), {
      task,
    }),
    { name: "DataError", message: /the colour \(128, 0, 0\) is not in the label map/ },
  );
});

Deno.test("PNG decoding: palette, 1-bit grey, interlaced RGB (ImageMagick-written files)", async () => {
  const palette = await decodePng(fixture("class_palette.png"), "p");
  deepEqual([palette.gray, palette.values[0], palette.values[15]], [false, 0x800000, 0x008000]);
  const grey = await decodePng(fixture("gray1.png"), "g");
  deepEqual([grey.gray, [...grey.values]], [true, [0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]]);
  const interlaced = await decodePng(fixture("interlaced_rgb.png"), "i");
  const at = (x: number, y: number) => interlaced.values[y * 9 + x];
  deepEqual([at(1, 1), at(2, 1), at(6, 4), at(7, 4), at(8, 6)], [
    0,
    0x008000,
    0x008000,
    0,
    0x800000,
  ]);
  const broken = fixture("gray1.png").slice();
  broken[40] ^= 0xff;
  await rejects(decodePng(broken, "b.png"), {
    name: "DataError",
    message: /b.png: not a valid PNG/,
  });
});
