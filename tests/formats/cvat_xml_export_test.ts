import { deepEqual, equal, ok } from "node:assert/strict";
import { unzipSync } from "fflate";
import { exportAnnotations, listFormats } from "../../lib/formats/mod.ts";
import { allKinds, imageTask, shape, videoTask } from "./_task.ts";

const NOW = new Date("2024-07-03T12:00:00Z");
const fixture = (name: string) =>
  Deno.readTextFileSync(new URL(`./fixtures/${name}`, import.meta.url));

async function exportXml(format: string, input: Parameters<typeof exportAnnotations>[1]) {
  const zip = new Uint8Array(await new Response(exportAnnotations(format, input)).arrayBuffer());
  const files = unzipSync(zip);
  return { files, xml: new TextDecoder().decode(files["annotations.xml"]) };
}

Deno.test("listFormats lists the CVAT codecs in order", () => {
  deepEqual(listFormats().slice(0, 3).map((f) => [f.name, f.importer, f.exporter]), [
    ["CVAT for images 1.1", false, true],
    ["CVAT for video 1.1", false, true],
    ["CVAT 1.1", true, false],
  ]);
});

Deno.test("CVAT for images: every element matches the golden file", async () => {
  const { xml } = await exportXml("CVAT for images 1.1", {
    task: imageTask(),
    annotations: allKinds(),
    now: NOW,
  });
  equal(xml, fixture("cvat_images_all_kinds.xml"));
});

Deno.test("CVAT for video: tracks, shape-tracks and no tags match the golden file", async () => {
  const { xml } = await exportXml("CVAT for video 1.1", {
    task: imageTask(),
    annotations: allKinds(),
    now: NOW,
  });
  equal(xml, fixture("cvat_video_all_kinds.xml"));
  ok(!xml.includes("<tag"));
});

Deno.test("CVAT for images: deleted frames skipped, empty frames kept, absolute ids", async () => {
  const task = imageTask(4, {
    startFrame: 10,
    stopFrame: 16,
    frameFilter: "step=2",
    deletedFrames: [1],
  });
  const { xml } = await exportXml("CVAT for images 1.1", {
    task,
    annotations: { tags: [], shapes: [shape("rectangle", 1, [0, 0, 1, 1])], tracks: [] },
    now: NOW,
  });
  deepEqual([...xml.matchAll(/<image id="(\d+)"/g)].map((m) => m[1]), ["10", "14", "16"]);
  ok(!xml.includes("<box"));
  ok(xml.endsWith("</annotations>\n"));
});

Deno.test("CVAT for video: a job export writes <job>, its range and original_size", async () => {
  const task = videoTask(10, {
    meta: { segment: { id: 5, start: 5, stop: 9 }, source: "clip.mp4" },
  });
  const track = {
    frame: 2,
    label_id: 2,
    group: 0,
    source: "manual",
    attributes: [],
    elements: [],
    shapes: [0, 8].map((frame) => ({
      type: "rectangle" as const,
      frame,
      occluded: false,
      outside: false,
      z_order: 0,
      rotation: 0,
      points: [frame, 0, frame + 1, 1],
      attributes: [],
    })),
  };
  const { xml } = await exportXml("CVAT for video 1.1", {
    task,
    annotations: { tags: [], shapes: [shape("points", 9, [1, 1])], tracks: [track] },
    now: NOW,
  });
  ok(xml.includes("<job>\n      <id>5</id>\n      <size>5</size>"));
  ok(xml.includes("<original_size>\n      <width>640</width>"));
  deepEqual([...xml.matchAll(/<box frame="(\d+)" keyframe="(\d)"/g)].map((m) => m[1] + m[2]), [
    "50",
    "60",
    "70",
    "81",
    "90",
  ]);
  // a shape on the last frame gets no outside row
  equal([...xml.matchAll(/<points frame=/g)].length, 1);
});

Deno.test("exports with images add images/<name>", async () => {
  const { files } = await exportXml("CVAT for images 1.1", {
    task: imageTask(2),
    annotations: { tags: [], shapes: [], tracks: [] },
    images: (frame) => Promise.resolve(new Uint8Array([0xff, 0xd8, frame])),
    now: NOW,
  });
  deepEqual(Object.keys(files).sort(), ["annotations.xml", "images/img0.jpg", "images/img1.jpg"]);
  deepEqual([...files["images/img1.jpg"]], [0xff, 0xd8, 1]);
});
