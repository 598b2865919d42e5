import { deepEqual, equal, rejects } from "node:assert/strict";
import { unzipSync, zipSync } from "fflate";
import type { LabeledData, WireLabel } from "../../lib/core/wire_types.ts";
import { exportAnnotations, importAnnotations } from "../../lib/formats/mod.ts";
import { summarize } from "./_compare.ts";
import { allKinds, imageTask } from "./_task.ts";

const FORMAT = "ImageNet 1.0";
const fixture = (name: string) => Deno.readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const encode = (value: string) => new TextEncoder().encode(value);

const LABELS: WireLabel[] = [
  { id: 1, name: "cat", color: "#ff0000", type: "tag", attributes: [] },
  { id: 2, name: "dog", color: "#00ff00", type: "any", attributes: [] },
  { id: 3, name: "bird", color: "#0000ff", type: "tag", attributes: [] },
];
const tag = (frame: number, label_id: number) => ({
  frame,
  label_id,
  group: 0,
  source: "manual",
  attributes: [],
});
const task = imageTask(4, {
  labels: LABELS,
  frames: ["a.jpg", "dir/b c.png", "c.jpg", "d.jpg"].map((name) => ({
    name,
    width: 10,
    height: 10,
  })),
});
const data: LabeledData = {
  version: 0,
  tags: [tag(0, 3), tag(0, 1), tag(1, 2), tag(3, 1), tag(3, 1)],
  shapes: allKinds().shapes.map((s) => ({ ...s, label_id: 2, elements: [] })),
  tracks: [],
};

async function exported(images?: () => Promise<Uint8Array>) {
  const zip = exportAnnotations(FORMAT, { task, annotations: data, images });
  return new Uint8Array(await new Response(zip).arrayBuffer());
}

Deno.test("ImageNet: without images, default.txt and synsets.txt", async () => {
  const files = unzipSync(await exported());
  deepEqual(Object.keys(files), ["default.txt", "synsets.txt"]);
  equal(text(files["default.txt"]), 'a.jpg 0 2\n"dir/b c".png 1\nc.jpg \nd.jpg 0\n');
  equal(text(files["synsets.txt"]), "cat\ndog\nbird\n");
});

Deno.test("ImageNet: with images, one folder per tag label and no_label/", async () => {
  const files = unzipSync(await exported(() => Promise.resolve(new Uint8Array([0xff, 0xd8]))));
  deepEqual(Object.keys(files), [
    "cat/a.jpg",
    "bird/a.jpg",
    "dog/dir/b c.png",
    "no_label/c.jpg",
    "cat/d.jpg",
  ]);
});

Deno.test("ImageNet: both layouts round-trip the tags (duplicates merged, shapes dropped)", async () => {
  const want = summarize({ tags: data.tags.slice(0, 4), shapes: [], tracks: [] }, LABELS);
  for (const images of [undefined, () => Promise.resolve(new Uint8Array([1]))]) {
    const back = await importAnnotations(FORMAT, await exported(images), { task });
    deepEqual(summarize(back, LABELS), want);
  }
});

Deno.test("ImageNet: a hand-written list with a subset name and a folder tree import", async () => {
  const list = await importAnnotations(
    FORMAT,
    zipSync({
      "train.txt": fixture("imagenet_train.txt"),
      "synsets.txt": encode("cat\ndog\nbird"),
    }),
    { task },
  );
  // a repeated index is a repeated tag, as in Datumaro's reader
  deepEqual(summarize(list, LABELS).tags, [
    "0|bird|",
    "0|cat|",
    "1|dog|",
    "2|dog|",
    "3|cat|",
    "3|cat|",
  ]);
  const folders = await importAnnotations(
    FORMAT,
    zipSync({
      "cat/a.jpg": new Uint8Array(1),
      "dog/a.jpg": new Uint8Array(1),
      "no_label/c.JPG": new Uint8Array(1),
      "bird/d.png": new Uint8Array(1),
      "notes.md": new Uint8Array(1),
    }),
    { task },
  );
  deepEqual(summarize(folders, LABELS).tags, ["0|cat|", "0|dog|", "3|bird|"]);
});

Deno.test("ImageNet: bad lines, unknown labels and items, missing synsets are DataErrors", async () => {
  const bad = async (files: Record<string, string>, message: RegExp) => {
    const zip = zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, encode(v)])));
    await rejects(importAnnotations(FORMAT, zip, { task }), { name: "DataError", message });
  };
  const synsets = "cat\ndog\nbird\n";
  await bad(
    { "default.txt": "a.jpg 5\n", "synsets.txt": synsets },
    /default.txt:1: unknown label index 5/,
  );
  await bad({ "default.txt": "a.jpg -1\n", "synsets.txt": synsets }, /unknown label index -1/);
  await bad({ "default.txt": "a.jpg x\n", "synsets.txt": synsets }, /bad label index "x"/);
  await bad({ "default.txt": 'a"b".jpg" 1\n', "synsets.txt": synsets }, /unexpected quotes/);
  await bad({ "default.txt": "a.jpg 0\n" }, /no synsets.txt beside it/);
  await bad(
    { "default.txt": "zz.jpg 0\n", "synsets.txt": synsets },
    /Could not match item id: 'zz'/,
  );
  await bad({ "default.txt": "a.jpg 0\n", "synsets.txt": "fish\n" }, /unknown label "fish"/);
  await bad({ "fish/a.jpg": "x" }, /unknown label "fish"/);
  await bad({ "readme.md": "x" }, /no ImageNet list or image/);
});
