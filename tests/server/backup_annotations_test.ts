import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
import {
  fromBackupAnnotations,
  namedLabels,
  toBackupAnnotations,
} from "../../lib/server/backup_annotations.ts";
import type { LabelRecord } from "../../lib/store/types.ts";

const base = { color: "", attributes: [], taskId: 1, projectId: null };
const LABELS: LabelRecord[] = [
  { ...base, id: 1, name: "person", type: "skeleton", parentId: null },
  {
    ...base,
    id: 2,
    name: "head",
    type: "points",
    parentId: 1,
    attributes: [{
      id: 5,
      name: "visible",
      mutable: true,
      input_type: "checkbox",
      default_value: "true",
      values: ["true"],
    }],
  },
];

const point = (frame: number, attributes: unknown[] = []) => ({
  type: "points",
  frame,
  occluded: false,
  outside: false,
  z_order: 0,
  rotation: 0,
  points: [1, 1],
  attributes,
});

Deno.test("a skeleton track with element tracks goes to names and back to ids", () => {
  const data = {
    version: 4,
    tags: [],
    shapes: [],
    tracks: [{
      id: 9,
      frame: 0,
      label_id: 1,
      group: 0,
      source: "manual",
      attributes: [],
      shapes: [{ ...point(0), id: 10, type: "skeleton", points: [] }],
      elements: [{
        id: 11,
        frame: 0,
        label_id: 2,
        group: 0,
        source: "manual",
        attributes: [],
        shapes: [{ ...point(0, [{ spec_id: 5, value: "false" }]), id: 12 }],
      }],
    }],
  };
  const named = toBackupAnnotations(data as never, LABELS);
  const element = (named.tracks as never[])[0]["elements"][0];
  strictEqual(element["label"], "head");
  deepStrictEqual(element["shapes"][0]["attributes"], [{ value: "false", name: "visible" }]);
  strictEqual(JSON.stringify(named).includes('"id"'), false);
  const back = fromBackupAnnotations(named, namedLabels(LABELS), 0);
  const track = back.tracks[0] as never;
  strictEqual(track["label_id"], 1);
  strictEqual(track["elements"][0]["label_id"], 2);
  deepStrictEqual(track["elements"][0]["shapes"][0]["attributes"], [{
    spec_id: 5,
    value: "false",
  }]);
  strictEqual("label_id" in (track["shapes"][0] as object), false);
});

Deno.test("unknown labels and attributes, and wrong shapes, are 400s naming the object", () => {
  const labels = namedLabels(LABELS);
  throws(
    () => fromBackupAnnotations({ tags: [{ frame: 0, label: "car" }] }, labels, 2),
    (e: Error & { status?: number }) =>
      e.status === 400 && /annotations\.json\[2\]\.tags\[0\]: unknown label/.test(e.message),
  );
  const shape = { ...point(0, [{ name: "size", value: "1" }]), label: "head" };
  throws(() => fromBackupAnnotations({ shapes: [shape] }, labels, 0), /unknown label/);
  const element = { ...point(0, [{ name: "size", value: "1" }]), label: "head" };
  const skeleton = { ...point(0), type: "skeleton", label: "person", elements: [element] };
  throws(
    () => fromBackupAnnotations({ shapes: [skeleton] }, labels, 0),
    /elements\[0\]: unknown attribute/,
  );
  throws(() => fromBackupAnnotations({ shapes: {} }, labels, 0), /must be a list/);
  throws(() => fromBackupAnnotations([], labels, 0), /must be an object/);
});
