import { deepEqual, equal, ok, rejects } from "node:assert/strict";
import { zipSync } from "fflate";
import { exportAnnotations, importAnnotations } from "../../lib/formats/mod.ts";
import type { LabeledData } from "../../lib/core/wire_types.ts";
import { allKinds, imageTask, shape } from "./_task.ts";

const enc = new TextEncoder();
const fixture = (name: string) => Deno.readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const bytesOf = async (stream: ReadableStream<Uint8Array>) =>
  new Uint8Array(await new Response(stream).arrayBuffer());
const doc = (body: string) =>
  enc.encode(`<annotations><version>1.1</version>${body}</annotations>`);

Deno.test("hand-written XML: names, ids, defaults, keyframes only, mask track", async () => {
  const data = await importAnnotations("CVAT 1.1", fixture("cvat_hand_written.xml"), {
    task: imageTask(),
  });
  const [box, polygon, skeleton, mask] = data.shapes;
  deepEqual([box.frame, box.group, box.source, box.z_order], [0, 3, "file", 0]);
  deepEqual(box.attributes, [{ spec_id: 12, value: "true" }]);
  deepEqual([polygon.frame, polygon.occluded, polygon.z_order], [2, true, 5]);
  deepEqual(skeleton.elements!.map((e) => [e.label_id, e.occluded, e.outside]), [
    [4, true, false],
    [5, false, true],
  ]);
  deepEqual([mask.type, mask.frame, mask.points], ["mask", 0, [1, 1, 2, 3, 3, 3]]);
  deepEqual(data.tags.map((t) => [t.frame, t.label_id, t.source]), [[0, 6, "file"]]);
  equal(data.tracks.length, 1);
  const [track] = data.tracks;
  deepEqual(track.shapes.map((s) => [s.frame, s.outside]), [[1, false], [3, true]]);
  deepEqual(track.attributes, [{ spec_id: 11, value: "new" }]);
  deepEqual(track.shapes[0].attributes, [{ spec_id: 13, value: "5" }]);
});

Deno.test("round trip CVAT for images: shapes and tags kept, tracks become shapes", async () => {
  const task = imageTask();
  const source = allKinds();
  const zip = exportAnnotations("CVAT for images 1.1", { task, annotations: source });
  const data = await importAnnotations("CVAT 1.1", zip, { task });
  equal(data.tracks.length, 0);
  deepEqual(data.tags.map((t) => [t.frame, t.label_id, t.attributes]), [[0, 6, [{
    spec_id: 61,
    value: "rain",
  }]]]);
  // 8 plain shapes + box track on frames 1-3 + skeleton track on frames 0-3
  equal(data.shapes.length, 8 + 3 + 4);
  const plain = (d: LabeledData) =>
    d.shapes.filter((s) =>
      s.frame <= 1 && !(s.type === "skeleton" && s.elements![0].points[0] < 20)
    )
      .map((
        s,
      ) => [
        s.type,
        s.frame,
        s.label_id,
        s.group,
        s.occluded,
        s.z_order,
        s.rotation,
        s.points.map((p) => Math.round(p * 100) / 100),
      ]);
  const expected = source.shapes.map((
    s,
  ) => [
    s.type,
    s.frame,
    s.label_id,
    s.group,
    s.occluded,
    s.z_order,
    s.rotation,
    s.points.map((p) => Math.round(p * 100) / 100),
  ]);
  const got = plain(data).filter((s) => !(s[0] === "rectangle" && s[1] === 1));
  deepEqual(
    got.sort(),
    expected.map((e) => e[0] === "polyline" ? [...e.slice(0, 7), [0, 0, 5.12, 5.5]] : e).sort(),
  );
  const rect = data.shapes.find((s) => s.type === "rectangle" && s.frame === 0)!;
  deepEqual(rect.attributes, [{ spec_id: 11, value: "a & b" }, { spec_id: 12, value: "true" }, {
    spec_id: 13,
    value: "42",
  }]);
  const mask = data.shapes.find((s) => s.type === "mask")!;
  deepEqual(mask.points, [0, 2, 1, 3, 10, 20, 12, 21]);
});

Deno.test("round trip CVAT for video: tracks keep keyframes, tags dropped", async () => {
  const task = imageTask();
  const source = allKinds();
  const zip = exportAnnotations("CVAT for video 1.1", { task, annotations: source });
  const data = await importAnnotations("CVAT 1.1", zip, { task });
  equal(data.tags.length, 0);
  const box = data.tracks[0];
  deepEqual(box.shapes.map((s) => [s.frame, s.points, s.occluded]), [
    [1, [0, 0, 10, 10], false],
    [3, [20, 0, 30, 10], true],
  ]);
  deepEqual(box.attributes, [{ spec_id: 11, value: "vw" }]);
  const skeleton = data.tracks[1];
  deepEqual(
    skeleton.elements!.map((e) => [e.label_id, e.shapes.map((s) => [s.frame, s.outside])]),
    [
      [4, [[0, false], [2, false]]],
      [5, [[0, false], [2, true]]],
    ],
  );
  // shapes come back as short tracks; the mask one becomes a mask shape again
  equal(data.shapes.length, 1);
  equal(data.shapes[0].type, "mask");
  const polygon = data.tracks.find((t) => t.shapes[0].type === "polygon")!;
  deepEqual(polygon.shapes.map((s) => [s.frame, s.outside]), [[0, false], [1, true]]);
  equal(polygon.group, 1);
});

Deno.test("bare XML and a zip with several XML files import alike", async () => {
  const task = imageTask();
  const bare = await importAnnotations("CVAT 1.1", new Blob([fixture("cvat_hand_written.xml")]), {
    task,
    filename: "a.xml",
  });
  const zip = zipSync({
    "b/second.xml": doc('<image id="1" name="img1.jpg"><tag label="road"></tag></image>'),
    "a/first.xml": fixture("cvat_hand_written.xml"),
    "readme.txt": enc.encode("ignored"),
  });
  const zipped = await importAnnotations("CVAT 1.1", zip, { task });
  deepEqual(zipped.shapes, bare.shapes);
  deepEqual(zipped.tags.map((t) => t.frame), [0, 1]);
});

Deno.test("missing <meta> and a stream source are fine; video frame names match", async () => {
  const task = imageTask(3, {
    mode: "interpolation",
    frames: [0, 1, 2].map((i) => ({ name: `frame_00000${i}`, width: 9, height: 9 })),
  });
  const stream = new Blob([
    doc('<image id="7" name="frame_000002"><points label="road" points="1,2"></points></image>'),
  ]).stream();
  const data = await importAnnotations("CVAT 1.1", stream, { task });
  deepEqual(data.shapes.map((s) => [s.frame, s.points]), [[2, [1, 2]]]);
});

Deno.test("import errors name the item and nothing is returned", async () => {
  const task = imageTask();
  const cases: [string, RegExp][] = [
    [
      '<image id="0" name="img0.jpg"><box label="bus" xtl="0" ytl="0" xbr="1" ybr="1"></box></image>',
      /bus/,
    ],
    ['<image id="50" name="nope.jpg"></image>', /nope/],
    [
      '<image id="0" name="img0.jpg"><box label="car" xtl="a" ytl="0" xbr="1" ybr="1"></box></image>',
      /xtl/,
    ],
    [
      '<image id="0" name="img0.jpg"><box label="car" ytl="0" xbr="1" ybr="1"></box></image>',
      /xtl/,
    ],
    [
      '<track id="4" label="car"><box frame="77" keyframe="1" xtl="0" ytl="0" xbr="1" ybr="1"></box></track>',
      /Track 4.*77/,
    ],
    [
      '<track id="4" label="car"><box frame="1" keyframe="0" xtl="0" ytl="0" xbr="1" ybr="1"></box></track>',
      /Track 4.*keyframe/,
    ],
    [
      '<image id="0" name="img0.jpg"><skeleton label="person"><points label="hand" outside="0" occluded="0" points="1,1"></points></skeleton></image>',
      /hand/,
    ],
    [
      '<image id="0" name="img0.jpg"><box label="car" xtl="0" ytl="0" xbr="1" ybr="1"><attribute name="parked">maybe</attribute></box></image>',
      /maybe/,
    ],
    ['<image id="0" name="img0.jpg"><box label="car"', /malformed/],
    ['<image id="0" name="img0.jpg"></imag>', /malformed/],
  ];
  for (const [body, message] of cases) {
    await rejects(importAnnotations("CVAT 1.1", doc(body), { task }), (error: Error) => {
      equal(error.name, "DataError", body);
      ok(message.test(error.message), `${error.message} !~ ${message}`);
      return true;
    });
  }
  await rejects(importAnnotations("CVAT 1.1", enc.encode("not xml at all"), { task }), {
    name: "DataError",
  });
  await rejects(importAnnotations("CVAT 1.1", new Uint8Array([0x3c, 0xff, 0xfe]), { task }), {
    name: "DataError",
  });
  await rejects(
    importAnnotations(
      "CVAT 1.1",
      enc.encode('<!DOCTYPE a [<!ENTITY x "y">]><annotations>&x;</annotations>'),
      { task },
    ),
    { name: "DataError" },
  );
});

Deno.test("track frames are absolute: start frame and step are undone", async () => {
  const task = imageTask(4, { startFrame: 100, stopFrame: 106, frameFilter: "step=2" });
  const xml = doc(
    '<track id="0" label="road"><points frame="102" keyframe="1" points="1,1"></points>' +
      '<points frame="106" keyframe="1" outside="1" points="1,1"></points></track>',
  );
  const data = await importAnnotations("CVAT 1.1", xml, { task });
  deepEqual(data.tracks[0].shapes.map((s) => s.frame), [1, 3]);
  await rejects(
    importAnnotations(
      "CVAT 1.1",
      doc(
        '<track id="0" label="road"><points frame="101" keyframe="1" points="1,1"></points></track>',
      ),
      { task },
    ),
    /101/,
  );
});

Deno.test("import of an export with a shape per frame keeps every shape", async () => {
  const task = imageTask(3);
  const shapes = [0, 1, 2].map((f) => shape("rectangle", f, [f, f, f + 5, f + 5], { z_order: f }));
  const zip = await bytesOf(
    exportAnnotations("CVAT for images 1.1", {
      task,
      annotations: { tags: [], shapes, tracks: [] },
    }),
  );
  const data = await importAnnotations("CVAT 1.1", new Blob([zip as Uint8Array<ArrayBuffer>]), {
    task,
  });
  deepEqual(
    data.shapes.map((s) => [s.frame, s.z_order, s.points]),
    shapes.map((s) => [s.frame, s.z_order, s.points]),
  );
});
