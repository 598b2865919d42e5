/**
 * The core on a 100k-object job (5000 frames, 95k rectangle shapes, 5k tracks of ~50 frames):
 * `get` must cost what is on the frame, not what is in the job (budget: under 1 ms).
 * Run: `deno task bench bench/core_large_bench.ts`. Figures: bench/README.md.
 */

import { loadedCollection } from "./_collection.ts";
import { largeWorkload } from "./workload.ts";

const large = largeWorkload(100_000);

const loadedLarge = loadedCollection(large);

Deno.bench("100k objects: get one frame", { group: "large" }, () => {
  loadedLarge.get(2500);
});

Deno.bench("100k objects: get every 50th frame (100 calls)", { group: "large" }, () => {
  for (let frame = 0; frame < large.frames; frame += 50) loadedLarge.get(frame);
});

Deno.bench("100k objects: import", { group: "large-io", n: 5 }, () => {
  loadedCollection(large);
});

Deno.bench("100k objects: export", { group: "large-io", n: 5 }, () => {
  loadedLarge.export();
});

Deno.bench("100k objects: statistics", { group: "large-io", n: 5 }, () => {
  loadedLarge.statistics();
});
