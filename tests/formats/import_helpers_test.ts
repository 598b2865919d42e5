import { deepEqual, equal, throws } from "node:assert/strict";
import { findRootHint, frameMatcher } from "../../lib/formats/frame_match.ts";
import { renumberGroups } from "../../lib/formats/group_renumber.ts";
import type { WireTrack, WireTrackedShape } from "../../lib/core/wire_types.ts";
import { rebuildTracks, type TrackRow } from "../../lib/formats/track_rebuild.ts";
import { imageTask, videoTask } from "./_task.ts";

Deno.test("frame matching: path, path without extension, root hint, frame number, video name", () => {
  const task = imageTask(3, {
    startFrame: 10,
    frameFilter: "step=2",
    frames: ["set/a/x.jpg", "set/a/y.png", "z.jpeg"].map((name) => ({ name, width: 1, height: 1 })),
  });
  const matcher = frameMatcher(task);
  equal(matcher.match({ id: "set/a/x", ext: ".png" }), 0);
  equal(matcher.match({ id: "set/a/y" }), 1);
  equal(matcher.match({ id: "unknown", frame: 14 }), 2);
  equal(matcher.find({ id: "unknown", frame: 13 }), null);
  equal(matcher.find({ id: "a/x" }), null);
  const hint = findRootHint(task, ["a/x", "y"]);
  equal(hint, "set");
  equal(frameMatcher(task, { rootHint: hint }).match({ id: "a/x" }), 0);
  throws(() => matcher.match({ id: "other/thing" }), /other\/thing/);
  const video = videoTask(5, { frames: [] });
  equal(frameMatcher(video).match({ id: "frame_000003" }), 3);
});

Deno.test("group renumbering: per frame, multi-member groups 1..k, singles 0", () => {
  const map = renumberGroups([
    { group: 40 },
    { group: 40 },
    { group: 2 },
    { group: 9 },
    { group: 9 },
    { group: 0 },
    { group: 0 },
  ]);
  deepEqual([...map], [[9, 1], [40, 2]]);
});

function row(trackId: number, frame: number, keyframe: boolean, outside = false): TrackRow {
  return {
    track_id: trackId,
    keyframe,
    label_id: 1,
    group: 0,
    source: "file",
    shape: {
      type: "points",
      frame,
      occluded: false,
      outside,
      z_order: 0,
      rotation: 0,
      points: [frame, 0],
      attributes: [],
    },
    elements: [{
      label_id: 4,
      shape: {
        type: "points",
        frame,
        occluded: false,
        outside: false,
        z_order: 0,
        rotation: 0,
        points: [0, frame],
        attributes: [],
      },
    }],
  };
}

Deno.test("track rebuild: keyframes, visibility changes, gaps, final outside", () => {
  const tracks = rebuildTracks([
    row(1, 3, false),
    row(1, 0, true),
    row(1, 1, false),
    row(1, 2, true, true),
    row(1, 4, false),
    row(2, 8, false),
    row(2, 9, false),
  ], { stopFrame: 9 });
  deepEqual(tracks[0].shapes.map((s) => [s.frame, s.outside]), [[0, false], [2, true], [3, false], [
    5,
    true,
  ]]);
  deepEqual(tracks[1].shapes.map((s) => [s.frame, s.outside]), [[8, false]]);
  equal(tracks[0].frame, 0);
  deepEqual(tracks[0].elements!.map((e) => e.shapes.map((s) => s.frame)), [[0, 2, 5]]);
});

/** The per-row rebuild the compact track store replaced (rows kept as objects). */
function referenceRebuild(rows: TrackRow[], stopFrame: number): WireTrack[] {
  type Row = { keyframe: boolean; shape: WireTrackedShape };
  const kept = (list: Row[]) => {
    list.sort((a, b) => a.shape.frame - b.shape.frame);
    const out: WireTrackedShape[] = [];
    let prev: Row | null = null;
    for (const row of list) {
      const prevVisible = prev ? !prev.shape.outside : null;
      const visible = !row.shape.outside;
      const gap = prevVisible === true && prev!.shape.frame + 1 < row.shape.frame;
      if (gap) out.push({ ...prev!.shape, outside: true, frame: prev!.shape.frame + 1 });
      if (prevVisible !== visible || (visible && (gap || row.keyframe))) out.push(row.shape);
      prev = row;
    }
    if (prev && !prev.shape.outside && prev.shape.frame + 1 <= stopFrame) {
      out.push({ ...prev.shape, outside: true, frame: prev.shape.frame + 1 });
    }
    return out;
  };
  const byId = Map.groupBy(rows, (row) => row.track_id);
  return [...byId.values()].map((list) => {
    const shapes = kept(list.map(({ keyframe, shape }) => ({ keyframe, shape })));
    const elements = new Map<number, Row[]>();
    for (const row of list) {
      for (const { label_id, shape } of row.elements ?? []) {
        elements.set(label_id, [...elements.get(label_id) ?? [], {
          keyframe: row.keyframe,
          shape,
        }]);
      }
    }
    return {
      frame: shapes[0]?.frame ?? list[0].shape.frame,
      label_id: list[0].label_id,
      group: list[0].group,
      source: list[0].source,
      attributes: list.findLast((row) => row.trackAttributes)?.trackAttributes ?? [],
      shapes,
      elements: [...elements].map(([label_id, rowsOf]) => {
        const elementShapes = kept(rowsOf);
        return {
          frame: elementShapes[0]?.frame ?? 0,
          label_id,
          group: 0,
          source: list[0].source,
          attributes: [],
          shapes: elementShapes,
        };
      }),
    };
  });
}

Deno.test("track store: the same tracks as per-row objects; shared attribute lists are copied", () => {
  let seed = 7;
  const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  const shape = (frame: number): WireTrackedShape => ({
    type: random(5) ? "rectangle" : "polygon",
    frame,
    occluded: random(3) === 0,
    outside: random(6) === 0,
    z_order: random(3),
    rotation: random(4) ? 0 : 12.5,
    points: Array.from({ length: 4 + 2 * random(3) }, () => random(1000) / 4),
    attributes: random(2) ? [{ spec_id: 2, value: String(random(3)) }] : [],
  });
  const rows: TrackRow[] = Array.from({ length: 600 }, (_, i) => ({
    track_id: random(7),
    keyframe: random(4) === 0,
    label_id: 1 + random(2),
    group: random(2),
    source: random(2) ? "file" : "auto",
    shape: { ...(random(9) ? {} : { id: i }), ...shape(random(80)) },
    trackAttributes: random(3) ? [{ spec_id: 1, value: String(i) }] : undefined,
    elements: random(3) ? [] : [{ label_id: 4, shape: shape(random(80)) }],
  }));
  const expected = referenceRebuild(structuredClone(rows), 79);
  const tracks = rebuildTracks(rows, { stopFrame: 79 });
  deepEqual(tracks, expected);
  const shapes = tracks.flatMap((track) => track.shapes).filter((s) => s.attributes.length);
  shapes[0].attributes[0].value = "changed";
  equal(shapes.filter((s) => s.attributes[0].value === "changed").length, 1);
});
