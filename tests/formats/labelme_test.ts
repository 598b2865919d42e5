import { deepEqual, equal, ok, rejects } from "node:assert/strict";
import { unzipSync, zipSync } from "fflate";
import type { LabeledData, WireShape } from "../../lib/core/wire_types.ts";
import { ellipseMask } from "../../lib/formats/ellipse_mask.ts";
import { cvatMaskToPolygons } from "../../lib/formats/mask_contours.ts";
import { exportAnnotations, importAnnotations } from "../../lib/formats/mod.ts";
import { decodePng } from "../../lib/formats/png_decode.ts";
import { encodeIndexPng } from "../../lib/formats/png_encode.ts";
import { summarize } from "./_compare.ts";
import { allKinds, imageTask, LABELS, shape } from "./_task.ts";

const FORMAT = "LabelMe 3.0";
const fixture = (name: string) => Deno.readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const encode = (value: string) => new TextEncoder().encode(value);

async function exported(input: Parameters<typeof exportAnnotations>[1]) {
  return new Uint8Array(await new Response(exportAnnotations(FORMAT, input)).arrayBuffer());
}

Deno.test("LabelMe: layout, the golden XML of a frame, mask PNGs", async () => {
  const images = () => Promise.resolve(new Uint8Array([0xff, 0xd8, 1]));
  const files = unzipSync(await exported({ task: imageTask(2), annotations: allKinds(), images }));
  deepEqual(Object.keys(files), [
    "default/img0.jpg",
    "default/img0.xml",
    "default/img1.jpg",
    "default/Masks/img1_mask_0.png",
    "default/Masks/img1_mask_1.png",
    "default/img1.xml",
  ]);
  equal(text(files["default/img0.xml"]), text(fixture("labelme_img0.xml")));
  const xml = text(files["default/img1.xml"]);
  ok(xml.includes("<mask>img1_mask_1.png</mask>\n      <box>\n        <xmin>10.00</xmin>"));
  ok(xml.includes(
    "<attributes>model=vw, parked=False, speed=1.0, rotation=0.0, track_id=0, " +
      "keyframe=True</attributes>",
  ));
  ok(!xml.includes("polyline") && !xml.includes("skeleton"));
  const mask = await decodePng(files["default/Masks/img1_mask_1.png"], "m.png");
  deepEqual([mask.width, mask.height], [100, 80]);
  const set = [...mask.values.keys()].filter((i) => mask.values[i] !== 0);
  deepEqual(set.map((i) => [i % 100, Math.floor(i / 100)]), [
    [10, 20],
    [11, 20],
    [10, 21],
    [11, 21],
    [12, 21],
  ]);
  equal(mask.values[set[0]], 0xffcb00);
});

function expectedBack(data: LabeledData): LabeledData {
  const shapes: WireShape[] = [];
  for (const s of data.shapes) {
    if (s.type === "rectangle" || s.type === "polygon") shapes.push(s);
    if (s.type === "mask" || s.type === "ellipse") {
      const mask = s.type === "mask" ? s.points : ellipseMask(s.points, s.rotation, 100, 80);
      for (const points of cvatMaskToPolygons(mask)) {
        shapes.push({ ...s, type: "polygon", rotation: 0, points });
      }
    }
  }
  return { ...data, tags: [], shapes, tracks: [] };
}

Deno.test("LabelMe: round trip keeps boxes, polygons, masks as polygons, groups, attributes", async () => {
  const task = imageTask(4);
  const data = allKinds();
  const back = await importAnnotations(FORMAT, await exported({ task, annotations: data }), {
    task,
  });
  const got = summarize(back, LABELS, { zOrder: false });
  const want = summarize(expectedBack(data), LABELS, { zOrder: false });
  // tracks come back as per-frame shapes (no track identity in LabelMe)
  const trackBoxes = [
    "1|rectangle|car|0,0,10,10|||g0||r0|model=vw,parked=false,speed=1|",
    "2|rectangle|car|10,0,20,10|||g0||r0|model=vw,parked=false,speed=1|",
    "3|rectangle|car|20,0,30,10|occluded||g0||r0|model=vw,parked=false,speed=3|",
  ];
  deepEqual(got.shapes, [...want.shapes, ...trackBoxes].sort());
  deepEqual([got.tags, got.tracks], [[], []]);
});

Deno.test("LabelMe: a hand-written file (escapes, quoted numbers, parts, deleted, masks)", async () => {
  const task = imageTask(2, {
    frames: ["data/set/img0.jpg", "data/set/img1.jpg"].map((name) => ({
      name,
      width: 100,
      height: 80,
    })),
  });
  const indices = new Uint8Array(100 * 80);
  for (let y = 30; y < 40; y++) indices.fill(1, y * 100 + 40, y * 100 + 50);
  indices.fill(7, 60 * 100 + 60, 60 * 100 + 62);
  const png = await encodeIndexPng(indices, 100, 80, (i) => [i, i, 0]);
  const zip = zipSync({
    "default/set/img1.xml": fixture("labelme_hand_written.xml"),
    "default/Masks/set_img1_mask_7.png": png,
  });
  const back = await importAnnotations(FORMAT, zip, { task });
  deepEqual(summarize(back, LABELS), {
    tags: [],
    shapes: [
      "1|polygon|road|1,1,20,1,20,20|||g1|z0|r0||",
      "1|polygon|road|40,30,50,30,50,40,40,40|||g1|z0|r0||",
      "1|polygon|road|5,5,9,5,9,9|||g0|z0|r0||",
      "1|polygon|road|60,60,62,60,62,61,60,61|||g1|z0|r0||",
      '1|rectangle|car|10,20.25,30.5,40|occluded||g1|z0|r30|model=a, b=c "d" \\e,' +
      "parked=true,speed=42|",
    ],
    tracks: [],
  });
});

Deno.test("LabelMe: a bare XML upload with the frame's name", async () => {
  const xml = text(fixture("labelme_img0.xml"));
  const back = await importAnnotations(FORMAT, encode(xml), {
    task: imageTask(2),
    filename: "x.xml",
  });
  deepEqual(back.shapes.map((s) => [s.frame, s.type, s.group, s.rotation]), [
    [0, "polygon", 1, 0],
    [0, "rectangle", 1, 15],
  ]);
});

Deno.test("LabelMe: malformed XML, missing masks, unknown labels and items are DataErrors", async () => {
  const task = imageTask(2);
  const xml = text(fixture("labelme_img0.xml"));
  const bad = async (files: Record<string, string | Uint8Array>, message: RegExp) => {
    const zip = zipSync(Object.fromEntries(
      Object.entries(files).map(([k, v]) => [k, typeof v === "string" ? encode(v) : v]),
    ));
    await rejects(importAnnotations(FORMAT, zip, { task }), { name: "DataError", message });
  };
  await bad({ "default/a.xml": "<annotation><object>" }, /default\/a.xml: malformed XML/);
  await bad(
    { "default/a.xml": xml.replace("<name>car</name>", "<name>bus</name>") },
    /unknown label "bus"/,
  );
  await bad({ "default/a.xml": xml.replace("<name>car</name>", "<name></name>") }, /has no label/);
  await bad(
    { "default/a.xml": xml.replace("img0.jpg", "nope.jpg") },
    /Could not match item id: 'nope'/,
  );
  await bad({ "default/a.xml": xml.replace("<x>20.00</x>", "<x>abc</x>") }, /expected a number/);
  const segm = xml.replace(/<polygon>[^]*?<\/polygon>/, "<segm><mask>m.png</mask></segm>");
  await bad({ "default/a.xml": segm }, /the mask file is missing/);
  await bad({ "default/a.xml": segm, "default/Masks/m.png": "not a png" }, /not a valid PNG/);
  await bad({ "default/a.txt": "x" }, /holds no file/);
});

Deno.test("LabelMe: an empty mask and a polyline-only frame write no object", async () => {
  const task = imageTask(1);
  const annotations = {
    version: 0,
    tags: [],
    shapes: [
      shape("mask", 0, [0, 4, 200, 200, 201, 201], { label_id: 2 }),
      shape("polyline", 0, [0, 0, 5, 5], { label_id: 2 }),
    ],
    tracks: [],
  };
  const files = unzipSync(await exported({ task, annotations }));
  deepEqual(Object.keys(files), ["default/img0.xml"]);
  ok(!text(files["default/img0.xml"]).includes("<object>"));
});
