/**
 * The core's hot paths on DESIGN.md's reference workload (500 frames, 2000 rectangle shapes,
 * 300 rectangle and 50 polygon tracks × 10 keyframes). The 100k-object job is in
 * core_large_bench.ts, so that its heap does not slow these down.
 * Run: `deno task bench bench/core_bench.ts`. Figures: bench/README.md.
 */

import { ObjectState } from "../mod.ts";
import { loadedCollection } from "./_collection.ts";
import { NO_MATCH_FILTER, putShapes, referenceWorkload, shapeEdits } from "./workload.ts";

const reference = referenceWorkload();

const loaded = loadedCollection(reference);
const toPut = putShapes(1000, reference.frames);

Deno.bench("reference: import", { group: "import" }, () => {
  loadedCollection(reference);
});

Deno.bench("reference: get every frame (500 calls)", { group: "get" }, () => {
  for (let frame = 0; frame < reference.frames; frame++) loaded.get(frame);
});

Deno.bench("reference: export", { group: "export" }, () => {
  loaded.export();
});

Deno.bench("reference: statistics", { group: "statistics" }, () => {
  loaded.statistics();
});

Deno.bench("reference: search over all frames (no match)", { group: "search" }, () => {
  const found = loaded.search(NO_MATCH_FILTER, 0, reference.frames - 1);
  if (found !== null) throw new Error(`Expected no match, got frame ${found}`);
});

Deno.bench("reference: put 1000 shapes", { group: "put" }, (b) => {
  const annotations = loadedCollection(reference);
  const labels = new Map(annotations.labels.map((l) => [l.id, l]));
  const states = toPut.map((s) =>
    new ObjectState({
      objectType: "shape",
      shapeType: "rectangle",
      label: labels.get(s.labelId)!,
      frame: s.frame,
      points: s.points,
      occluded: s.occluded,
      zOrder: s.zOrder,
      attributes: s.attributes,
    })
  );
  b.start();
  annotations.put(states);
  b.end();
});

Deno.bench("reference: 100 undo + 100 redo", { group: "history" }, async (b) => {
  const annotations = loadedCollection(reference);
  for (const edit of shapeEdits(reference.data, 100)) {
    const state = annotations.get(edit.frame).find((s) =>
      s.objectType === "shape" && s.serverID === edit.shapeID
    )!;
    state.points = edit.points;
    await state.save();
  }
  b.start();
  annotations.history.undo(100);
  annotations.history.redo(100);
  b.end();
});
