import { deepEqual, equal, ok, rejects } from "node:assert/strict";
import { unzipSync, zipSync } from "fflate";
import type { LabeledData } from "../../lib/core/wire_types.ts";
import { ellipseMask } from "../../lib/formats/ellipse_mask.ts";
import { cvatMaskToPolygons } from "../../lib/formats/mask_contours.ts";
import { exportAnnotations, importAnnotations } from "../../lib/formats/mod.ts";
import { decodePng } from "../../lib/formats/png_decode.ts";
import { encodeIndexPng } from "../../lib/formats/png_encode.ts";
import { summarize } from "./_compare.ts";
import { allKinds, imageTask, LABELS, shape, videoTask } from "./_task.ts";

const VOC = "PASCAL VOC 1.1";
const fixture = (name: string) =>
  Deno.readFileSync(new URL(`./fixtures/voc/${name}`, import.meta.url));
const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);
const encode = (value: string) => new TextEncoder().encode(value);

async function exportZip(input: Parameters<typeof exportAnnotations>[1]) {
  return new Uint8Array(await new Response(exportAnnotations(VOC, input)).arrayBuffer());
}

const empty = (): LabeledData => ({ version: 0, tags: [], shapes: [], tracks: [] });

Deno.test("VOC: layout, label map, lists and the per-frame XML", async () => {
  const files = unzipSync(await exportZip({ task: imageTask(), annotations: allKinds() }));
  deepEqual(Object.keys(files).sort(), [
    "Annotations/img0.xml",
    "Annotations/img1.xml",
    "Annotations/img2.xml",
    "Annotations/img3.xml",
    "ImageSets/Main/background_default.txt",
    "ImageSets/Main/car_default.txt",
    "ImageSets/Main/default.txt",
    "ImageSets/Main/foot_default.txt",
    "ImageSets/Main/head_default.txt",
    "ImageSets/Main/person_default.txt",
    "ImageSets/Main/road_default.txt",
    "ImageSets/Main/weather_default.txt",
    "ImageSets/Segmentation/default.txt",
    "SegmentationClass/img1.png",
    "SegmentationObject/img1.png",
    "labelmap.txt",
  ]);
  equal(
    text(files["labelmap.txt"]),
    "# label:color_rgb:parts:actions\nbackground:0,0,0::\ncar:128,0,0::\nroad:0,128,0::\n" +
      "person:128,128,0::\nhead:0,0,128::\nfoot:128,0,128::\nweather:0,128,128::\n",
  );
  equal(text(files["ImageSets/Main/default.txt"]), "img0\nimg1\nimg2\nimg3\n");
  equal(text(files["ImageSets/Main/weather_default.txt"]), "img0  1\n");
  equal(text(files["ImageSets/Main/car_default.txt"]), "img0 -1\n");
  equal(text(files["ImageSets/Segmentation/default.txt"]), "img1\n");
  equal(text(files["Annotations/img0.xml"]), text(fixture("export_img0.xml")));
  const img1 = text(files["Annotations/img1.xml"]);
  ok(img1.includes("<segmented>1</segmented>"));
  ok(img1.includes("<name>track_id</name>\n        <value>0</value>"));
  ok(img1.includes("<name>keyframe</name>\n        <value>True</value>"));
  // the track's box is the only object: polygons, points, skeletons, cuboids are not exported
  equal(img1.split("<object>").length, 2);
});

Deno.test("VOC: segmentation PNGs are RGB, class colours from the palette, one instance each", async () => {
  const files = unzipSync(await exportZip({ task: imageTask(), annotations: allKinds() }));
  const classes = await decodePng(files["SegmentationClass/img1.png"], "c");
  const objects = await decodePng(files["SegmentationObject/img1.png"], "o");
  deepEqual([classes.width, classes.height, classes.gray], [100, 80, false]);
  const at = (x: number, y: number) => [classes.values[y * 100 + x], objects.values[y * 100 + x]];
  deepEqual(at(0, 0), [0, 0]); // background
  deepEqual(at(50, 40), [0x008000, 0x800000]); // the ellipse: road, instance 1
  deepEqual(at(10, 20), [0x008000, 0x008000]); // the mask: road, instance 2
});

Deno.test("VOC: round trip keeps boxes, tags and tracks; masks and ellipses come back as polygons", async () => {
  const task = imageTask();
  const data = allKinds();
  const back = await importAnnotations(VOC, await exportZip({ task, annotations: data }), { task });
  const outlines = (points: number[], frame: number, labelId: number) =>
    cvatMaskToPolygons(points).map((p) => shape("polygon", frame, p, { label_id: labelId }));
  const expected: LabeledData = {
    ...data,
    tags: data.tags.map((tag) => ({ ...tag, attributes: [] })),
    shapes: data.shapes.flatMap((s) => {
      if (s.type === "rectangle") {
        // numbers come back as Python float text; groups and z_order are lost
        const attributes = s.attributes.map((a) => a.spec_id === 13 ? { ...a, value: "42.0" } : a);
        return [{ ...s, group: 0, z_order: 0, attributes }];
      }
      if (s.type === "mask") return outlines(s.points, s.frame, s.label_id);
      if (s.type === "ellipse") {
        return outlines(ellipseMask(s.points, s.rotation, 100, 80), s.frame, s.label_id);
      }
      return [];
    }),
    tracks: [{
      ...data.tracks[0],
      shapes: data.tracks[0].shapes.map((s) => ({
        ...s,
        attributes: [{ spec_id: 12, value: "false" }, {
          spec_id: 13,
          value: s.frame === 1 ? "1.0" : "3.0",
        }],
      })),
    }],
  };
  deepEqual(summarize(back, LABELS), summarize(expected, LABELS));
});

Deno.test("VOC: empty frames are listed for Action, Layout and Segmentation; a cuboid-only frame is empty", async () => {
  const annotations = empty();
  annotations.shapes.push(shape("cuboid", 1, Array.from({ length: 16 }, (_, i) => i)));
  annotations.shapes.push(shape("polyline", 2, [0, 0, 5, 5]));
  const files = unzipSync(await exportZip({ task: imageTask(3), annotations }));
  equal(text(files["ImageSets/Action/default.txt"]), "img0\nimg1\n");
  equal(text(files["ImageSets/Layout/default.txt"]), "img0\nimg1\n");
  equal(text(files["ImageSets/Segmentation/default.txt"]), "img0\nimg1\n");
  ok(!Object.keys(files).some((name) => name.includes("_default.txt")));
  ok(text(files["Annotations/img2.xml"]).includes("<segmented>0</segmented>"));
});

Deno.test("VOC: bndbox is x, y, x + w, y + h in Python float text (artefacts included)", async () => {
  const annotations = empty();
  annotations.shapes.push(shape("rectangle", 0, [0.1, 0.2, 0.3, 1e-5 + 0.2]));
  const xml = text(
    unzipSync(await exportZip({ task: imageTask(1), annotations }))[
      "Annotations/img0.xml"
    ],
  );
  ok(xml.includes("<xmin>0.1</xmin>"));
  ok(xml.includes("<xmax>0.3</xmax>"));
  // 0.2 + ((1e-5 + 0.2) - 0.2), as Datumaro computes y + h
  ok(xml.includes("<ymax>0.20001000000000002</ymax>"));
});

Deno.test("VOC: video frames get folder 'frame', '.PNG' names and images in JPEGImages", async () => {
  const task = videoTask(2);
  const annotations = empty();
  annotations.shapes.push(shape("rectangle", 1, [1, 2, 3, 4]));
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
  const zip = await exportZip({ task, annotations, images: () => Promise.resolve(png) });
  const files = unzipSync(zip);
  ok(files["JPEGImages/frame_000000.PNG"]);
  const xml = text(files["Annotations/frame_000001.xml"]);
  ok(xml.includes("<folder>frame</folder>") && xml.includes("<filename>frame_000001.PNG"));
  const back = await importAnnotations(VOC, zip, { task });
  deepEqual(back.shapes.map((s) => [s.frame, s.points]), [[1, [1, 2, 3, 4]]]);
});

function handWritten(extra: Record<string, Uint8Array> = {}) {
  return zipSync({
    "voc/labelmap.txt": fixture("labelmap.txt"),
    "voc/Annotations/img0.xml": fixture("img0.xml"),
    "voc/ImageSets/Main/train.txt": encode("img0\nimg1\n"),
    "voc/ImageSets/Main/weather_train.txt": encode("img0 -1\nimg1  1\n"),
    "voc/ImageSets/Layout/train.txt": encode("img0 1\n"),
    "voc/ImageSets/Segmentation/train.txt": encode("img1\nimg3\n"),
    "voc/SegmentationClass/img1.png": fixture("class_palette.png"),
    "voc/SegmentationObject/img1.png": fixture("object_palette.png"),
    "voc/SegmentationClass/img3.png": fixture("gray8_index.png"),
    "voc/JPEGImages/img0.jpg": new Uint8Array([0xff, 0xd8]),
    ...extra,
  });
}

Deno.test("VOC: a hand-written dataset imports (actions, parts, tracks, palette and grey PNGs, tags)", async () => {
  const back = await importAnnotations(VOC, handWritten(), { task: imageTask() });
  const car = (parked: string, speed: string, model = "") =>
    `model=${model},parked=${parked},speed=${speed}`;
  deepEqual(summarize(back, LABELS), {
    tags: ["1|weather|kind=sun"],
    shapes: [
      `0|rectangle|car|1,2,2,3|||g1|z0|r0|${car("false", "0")}|`,
      `0|rectangle|car|10.5,20,30.25,40|occluded||g0|z0|r45|${car("true", "12.5", "beetle")}|`,
      "0|rectangle|road|1,2,3,4|||g1|z0|r0||",
      `1|polygon|car|0,0,3,0,3,2,0,2|||g0|z0|r0|${car("false", "0")}|`,
      `1|polygon|car|5,0,6,0,6,1,5,1|||g0|z0|r0|${car("false", "0")}|`,
      "1|polygon|road|3,2,6,2,6,4,3,4|||g0|z0|r0||",
      "3|polygon|road|1,1,3,1,3,3,1,3|||g0|z0|r0||",
    ],
    tracks: [
      "car|model=|0/rectangle/0,0,5,5/false/false/parked=false,speed=0 " +
      "1/rectangle/0,0,5,5/false/true/parked=false,speed=0",
    ],
  });
});

Deno.test("VOC: a flat zip of XML files (and a bare XML file) imports", async () => {
  const task = imageTask();
  const zip = zipSync({
    "x/flat_a.xml": fixture("flat_a.xml"),
    "img1.xml": encode(
      "<annotation><object><name>car</name><bndbox><xmin>0</xmin><ymin>0</ymin>" +
        "<xmax>1</xmax><ymax>1</ymax></bndbox></object></annotation>",
    ),
  });
  const back = await importAnnotations(VOC, zip, { task });
  // flat_a.xml names its image img2.jpg; img1.xml has no filename: its name matches
  deepEqual(back.shapes.map((s) => [s.frame, s.label_id]).sort(), [[1, 1], [2, 2]]);
  const bare = await importAnnotations(VOC, fixture("flat_a.xml"), { task, filename: "img2.xml" });
  deepEqual(bare.shapes.map((s) => s.frame), [2]);
});

Deno.test("VOC: malformed files, unknown labels and colours, unmatched items are DataErrors", async () => {
  const task = imageTask();
  const fail = (files: Record<string, Uint8Array>, message: RegExp) =>
    rejects(importAnnotations(VOC, handWritten(files), { task }), { name: "DataError", message });
  await fail(
    { "voc/Annotations/img0.xml": encode("<annotation><object>") },
    /img0.xml: malformed XML/,
  );
  await fail(
    {
      "voc/Annotations/img0.xml": encode(
        "<annotation><object><name>car</name></object></annotation>",
      ),
    },
    /img0.xml: an object has no bndbox/,
  );
  await fail(
    {
      "voc/Annotations/img0.xml": encode(
        "<annotation><object><name>car</name><bndbox><xmin>a</xmin></bndbox></object></annotation>",
      ),
    },
    /bndbox 'xmin' is not a number/,
  );
  await fail(
    { "voc/labelmap.txt": encode("car:1,2::\n") },
    /labelmap.txt: label 'car' has a wrong colour/,
  );
  await fail({ "voc/labelmap.txt": encode("car\n") }, /has 1 fields, expected 4/);
  await fail(
    { "voc/ImageSets/Main/weather_train.txt": encode("img1\n") },
    /is not '<item> <1\|-1>'/,
  );
  await fail(
    { "voc/ImageSets/Main/train.txt": encode("img0\nnope\n") },
    /Could not match item id: 'nope'/,
  );
  await fail(
    { "voc/labelmap.txt": encode("background:0,0,0::\nbus:128,0,0::\nroad:0,128,0:car:\n") },
    /Item "img1": unknown label "bus"/,
  );
  await fail(
    { "voc/labelmap.txt": encode("background:0,0,0::\nroad:0,128,0::\n") },
    /Item "img0": unknown label "car"/,
  );
  await fail(
    { "voc/SegmentationClass/img1.png": fixture("interlaced_rgb.png") },
    /class and instance masks differ in size/,
  );
  const odd = await encodeIndexPng([0, 1], 2, 1, (i) => i ? [1, 2, 3] : [0, 0, 0]);
  await fail(
    { "voc/SegmentationClass/img3.png": odd },
    /Item "img3": class mask: the colour \(1, 2, 3\) is not in the label map/,
  );
  await fail(
    {
      "voc/SegmentationClass/img3.png": await encodeIndexPng([0, 1], 2, 1, () => [0, 128, 0]),
      "voc/SegmentationObject/img3.png": odd,
    },
    /Item "img3": instance mask: the colour \(1, 2, 3\)/,
  );
  await fail(
    {
      "voc/ImageSets/Segmentation/train.txt": encode("img3\n"),
      "voc/labelmap.txt": encode("car:::parked\nroad:::\n"),
    },
    /Item "img3": a mask has an unexpected class number 2/,
  );
  await fail(
    { "voc/SegmentationClass/img3.png": encode("not a png") },
    /img3.png: not a valid PNG/,
  );
  await rejects(importAnnotations(VOC, zipSync({ "a.txt": encode("x") }), { task }), {
    name: "DataError",
  });
});
