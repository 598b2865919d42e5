/**
 * Comparisons for the black-box annotation tests: ids copied from a response into the sent
 * objects by position (as cvat-core's saver does), fresh-id checks, a canonical form of
 * LabeledData, and the shape GET promises.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { canonical } from "./annotations_blackbox_compare.ts";
 * strictEqual(canonical({ shapes: [{ frame: 1, attributes: [] }] }).shapes.length, 1);
 * ```
 *
 * @module
 */

import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import type { Json } from "./annotations_blackbox_fixture.ts";
/**
 * Asserts `id` is a positive integer that was not seen before.
 *
 * @example
 * ```ts
 * // freshId(new Set(), 5, "shape 0")
 * ```
 */
export function freshId(seen: Set<string>, id: unknown, what: string, space = ""): void {
  ok(Number.isInteger(id) && (id as number) > 0, `${what}: id ${JSON.stringify(id)}`);
  ok(!seen.has(`${space}:${id}`), `${what}: id ${id} given twice`);
  seen.add(`${space}:${id}`);
}

/**
 * Checks that a response list matches the sent list by position (same frames, labels and
 * geometry, recursively) and copies its ids into a copy of the sent objects, as cvat-core's
 * saver does. Returns the sent objects with ids.
 *
 * @example
 * ```ts
 * // const withIds = adoptIds(sent.shapes, res.body.shapes, "shapes")
 * ```
 */
export function adoptIds(sent: Json[], answer: Json[], what: string): Json[] {
  ok(Array.isArray(answer), `${what}: response list`);
  strictEqual(answer.length, sent.length, `${what}: response has as many objects as sent`);
  return sent.map((object, i) => adoptOne(object, answer[i], `${what}[${i}]`));
}

function adoptOne(sent: Json, got: Json, what: string): Json {
  strictEqual(got.frame, sent.frame, `${what}.frame (request order)`);
  strictEqual(got.label_id, sent.label_id, `${what}.label_id (request order)`);
  if ("points" in sent) deepStrictEqual(got.points, sent.points, `${what}.points`);
  ok(Number.isInteger(got.id) && got.id > 0, `${what}: id ${JSON.stringify(got.id)}`);
  if (sent.id !== undefined && sent.id !== null) strictEqual(got.id, sent.id, `${what}: same id`);
  const out = { ...sent, id: got.id };
  if (sent.shapes) {
    ok(Array.isArray(got.shapes), `${what}.shapes`);
    strictEqual(got.shapes.length, sent.shapes.length, `${what}: every keyframe, no more`);
    const byFrame = new Map<number, Json>(got.shapes.map((s: Json) => [s.frame, s]));
    out.shapes = sent.shapes.map((s: Json) => {
      const match = byFrame.get(s.frame);
      ok(match, `${what}: keyframe ${s.frame} in the response`);
      ok(Number.isInteger(match.id) && match.id > 0, `${what}: keyframe ${s.frame} has an id`);
      deepStrictEqual(match.points, s.points, `${what}: keyframe ${s.frame} points`);
      return { ...s, id: match.id };
    });
  }
  if (sent.elements) {
    ok(Array.isArray(got.elements), `${what}.elements`);
    strictEqual(got.elements.length, sent.elements.length, `${what}.elements length`);
    out.elements = sent.elements.map((e: Json) => {
      const match = got.elements.find((g: Json) => g.label_id === e.label_id);
      ok(match, `${what}: element of label ${e.label_id}`);
      return adoptOne(e, match, `${what}.element(${e.label_id})`);
    });
  }
  return out;
}

/** Strips every `id` recursively (cvat-core's flush before a PUT). */
export function stripIds<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (key, v) => key === "id" ? undefined : v));
}

const byFrameId = (a: Json, b: Json) => a.frame - b.frame || (a.id ?? 0) - (b.id ?? 0);
const bySpec = (a: Json, b: Json) => a.spec_id - b.spec_id;

function canonicalObject(object: Json, top: boolean, withShapes: boolean): Json {
  const out: Json = { ...object };
  delete out.clientID;
  if (out.attributes) out.attributes = [...out.attributes].sort(bySpec);
  if (withShapes && out.shapes) {
    out.shapes = out.shapes.map((s: Json) => ({
      ...s,
      attributes: [...s.attributes].sort(bySpec),
    })).sort(byFrameId);
  }
  if (top) {
    out.elements = (out.elements ?? []).map((e: Json) => canonicalObject(e, false, withShapes))
      .sort((a: Json, b: Json) => a.label_id - b.label_id);
  }
  return out;
}

/**
 * A canonical form of LabeledData for comparisons: `version` dropped, lists sorted by frame
 * then id, attributes by `spec_id`, track shapes by frame, elements by label, and
 * `elements: []` added to top-level shapes and tracks that had none (tags are left alone).
 *
 * @example
 * ```ts
 * // deepStrictEqual(canonical(got), canonical(expected))
 * ```
 */
export function canonical(data: Json): Json {
  return {
    tags: (data.tags ?? []).map((t: Json) => canonicalObject(t, false, false)).sort(byFrameId),
    shapes: (data.shapes ?? []).map((s: Json) => canonicalObject(s, true, false)).sort(byFrameId),
    tracks: (data.tracks ?? []).map((t: Json) => canonicalObject(t, true, true)).sort(byFrameId),
  };
}

/**
 * Asserts the normalisation GET promises: lists ordered by frame, `elements` on every top-level
 * shape and track, never on tags nor on elements, track frame = its first shape's frame.
 *
 * @example
 * ```ts
 * // checkGetShape(res.body)
 * ```
 */
export function checkGetShape(data: Json): void {
  for (const kind of ["tags", "shapes", "tracks"]) {
    const list = data[kind];
    ok(Array.isArray(list), `${kind} is a list`);
    for (let i = 1; i < list.length; i++) {
      ok(list[i - 1].frame <= list[i].frame, `${kind} ordered by frame at ${i}`);
    }
  }
  for (const t of data.tags) ok(!("elements" in t), `tag ${t.id} carries no elements`);
  for (const object of [...data.shapes, ...data.tracks]) {
    ok(Array.isArray(object.elements), `object ${object.id} carries elements`);
    for (const e of object.elements) ok(!("elements" in e), `element ${e.id} has no elements`);
  }
  for (const track of data.tracks) {
    strictEqual(track.frame, track.shapes[0]?.frame, `track ${track.id}: frame = first shape`);
    for (let i = 1; i < track.shapes.length; i++) {
      ok(track.shapes[i - 1].frame < track.shapes[i].frame, `track ${track.id} shapes ordered`);
    }
  }
}
