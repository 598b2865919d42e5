import { deepEqual, equal, throws } from "node:assert/strict";
import { findRootHint, frameMatcher } from "../../lib/formats/frame_match.ts";
import { renumberGroups } from "../../lib/formats/group_renumber.ts";
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
