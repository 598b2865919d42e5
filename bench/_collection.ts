/**
 * A collection loaded with a workload, for the benchmarks.
 *
 * @module
 */

import { type Annotations, createAnnotations } from "../mod.ts";
import type { Workload } from "./workload.ts";

/**
 * A fresh collection for a workload's job, with its annotations imported.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { loadedCollection } from "./_collection.ts";
 * import { referenceWorkload } from "./workload.ts";
 * ok(loadedCollection(referenceWorkload()).export().shapes.length === 2000);
 * ```
 */
export function loadedCollection(workload: Workload): Annotations {
  const annotations = createAnnotations({
    labels: workload.labels,
    stopFrame: workload.frames - 1,
    frameSize: () => ({ width: workload.width, height: workload.height }),
  });
  annotations.import(workload.data);
  return annotations;
}
