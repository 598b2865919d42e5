import { deepStrictEqual, throws } from "node:assert/strict";
import { segmentRanges } from "../../lib/server/segments.ts";

const plan = (size: number, segmentSize: number, overlap: number | null, video = false) =>
  segmentRanges({ size, segmentSize, overlap, mode: video ? "interpolation" : "annotation" });

Deno.test("segment size 3 with overlap 1 (CVAT's test table)", () => {
  deepStrictEqual(plan(2, 3, 1).ranges, [[0, 1]]);
  deepStrictEqual(plan(3, 3, 1).ranges, [[0, 2]]);
  deepStrictEqual(plan(4, 3, 1).ranges, [[0, 2], [2, 3]]);
  deepStrictEqual(plan(5, 3, 1).ranges, [[0, 2], [2, 4]]);
  deepStrictEqual(plan(6, 3, 1).ranges, [[0, 2], [2, 4], [4, 5]]);
});

Deno.test("a video of 8 frames, segment 5, no overlap given → overlap 2", () => {
  deepStrictEqual(plan(8, 5, null, true), { segmentSize: 5, overlap: 2, ranges: [[0, 4], [3, 7]] });
});

Deno.test("seed task 23: 11 images, segment 5 → (0,4), (5,9), (10,10)", () => {
  deepStrictEqual(plan(11, 5, null), {
    segmentSize: 5,
    overlap: 0,
    ranges: [[0, 4], [5, 9], [10, 10]],
  });
});

Deno.test("segment size 0 or larger than the task is one segment of everything", () => {
  deepStrictEqual(plan(7, 0, null), { segmentSize: 7, overlap: 0, ranges: [[0, 6]] });
  deepStrictEqual(plan(7, 100, 0), { segmentSize: 7, overlap: 0, ranges: [[0, 6]] });
  // A video with the default overlap 5 and one segment of 7: overlap is capped at 3.
  deepStrictEqual(plan(7, 0, null, true), { segmentSize: 7, overlap: 3, ranges: [[0, 6]] });
});

Deno.test("overlap larger than half a segment is capped at floor(seg / 2)", () => {
  deepStrictEqual(plan(10, 4, 3), {
    segmentSize: 4,
    overlap: 2,
    ranges: [[0, 3], [2, 5], [4, 7], [6, 9]],
  });
  deepStrictEqual(plan(5, 1, 3), {
    segmentSize: 1,
    overlap: 0,
    ranges: [[0, 0], [1, 1], [2, 2], [3, 3], [4, 4]],
  });
});

Deno.test("an explicit overlap of 0 on a video is kept", () => {
  deepStrictEqual(plan(8, 5, 0, true).ranges, [[0, 4], [5, 7]]);
});

Deno.test("one frame and no frames", () => {
  deepStrictEqual(plan(1, 5, null, true), { segmentSize: 1, overlap: 0, ranges: [[0, 0]] });
  deepStrictEqual(plan(0, 5, null), { segmentSize: 0, overlap: 0, ranges: [] });
});

Deno.test("every frame is covered and segments never exceed the segment size", () => {
  for (let size = 1; size <= 30; size++) {
    for (let seg = 0; seg <= 12; seg++) {
      for (const overlap of [null, 0, 1, 2, 5]) {
        const result = plan(size, seg, overlap, true);
        const covered = new Set<number>();
        for (const [start, stop] of result.ranges) {
          for (let f = start; f <= stop; f++) covered.add(f);
          if (stop - start + 1 > result.segmentSize) throw new Error("segment too long");
        }
        deepStrictEqual(covered.size, size);
      }
    }
  }
});

Deno.test("negative or fractional numbers are rejected", () => {
  throws(() => plan(-1, 3, null), RangeError);
  throws(() => plan(5, -3, null), RangeError);
  throws(() => plan(5, 3, -1), RangeError);
  throws(() => plan(5, 2.5, null), RangeError);
});
