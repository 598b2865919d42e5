import { deepEqual, equal, throws } from "node:assert/strict";
import { cvatMaskIntervals, intervalsToCvatMask } from "../../lib/formats/coco_mask.ts";
import {
  countsToIntervals,
  decodeRleString,
  encodeRleString,
  intervalsArea,
  intervalsToCounts,
} from "../../lib/formats/coco_rle.ts";
import { ellipseMask } from "../../lib/formats/ellipse_mask.ts";
import { polygonCounts, polygonIntervals } from "../../lib/formats/polygon_raster.ts";

Deno.test("compressed RLE strings round trip, including large and decreasing counts", () => {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 5000;
  for (let n = 0; n < 50; n++) {
    const counts = Array.from({ length: 1 + (n % 17) }, () => next());
    deepEqual(decodeRleString(encodeRleString(counts)), counts);
  }
  deepEqual(decodeRleString(encodeRleString([2_000_000, 1, 3_000_000])), [2_000_000, 1, 3_000_000]);
  throws(() => decodeRleString("0d"), { name: "DataError" });
  throws(() => decodeRleString("0 "), { name: "DataError" });
});

Deno.test("formats.md §5 worked example: COCO [0,20,30] on 10x5 is CVAT [0,20,0,0,1,9]", () => {
  const intervals = countsToIntervals([0, 20, 30], 50);
  deepEqual(intervalsToCvatMask(intervals, 10, "m"), [0, 20, 0, 0, 1, 9]);
  deepEqual(intervalsToCounts(cvatMaskIntervals([0, 20, 0, 0, 1, 9], 5, 10), 50), [0, 20, 30]);
  throws(() => countsToIntervals([1, 2], 50), { name: "DataError" });
  throws(() => intervalsToCvatMask([], 10, "mask 3"), { message: /mask 3: the mask is empty/ });
});

Deno.test("CVAT masks are clipped to the image on the way to COCO", () => {
  // a 2x2 box at (3, 3) on a 4x4 image keeps only pixel (3, 3)
  const intervals = cvatMaskIntervals([0, 4, 3, 3, 4, 4], 4, 4);
  deepEqual(intervals, [15, 16]);
  deepEqual(intervalsToCvatMask(intervals, 4, "m"), [0, 1, 3, 3, 3, 3]);
});

Deno.test("polygon areas follow pycocotools' frPoly", () => {
  const area = (xy: number[], w: number, h: number) => intervalsArea(polygonIntervals(xy, w, h));
  equal(area([10, 10, 20, 10, 20, 20, 10, 20], 100, 100), 100);
  equal(area([0, 0, 1, 0, 1, 1, 0, 1], 10, 10), 1);
  // clipped to the image
  equal(area([90, 10, 110, 10, 110, 20, 90, 20], 100, 100), 100);
  equal(area([-5, 0, 5, 0, 5, 10, -5, 10], 100, 100), 50);
  // sum of counts is always the image size
  const counts = polygonCounts([3.3, 1.7, 40.2, 8.9, 22.5, 30.1], 50, 40);
  equal(counts.reduce((a, b) => a + b, 0), 2000);
});

Deno.test("ellipses rasterise with rotation and are clipped to the image", () => {
  const circle = ellipseMask([10, 10, 13, 7], 0, 50, 50);
  deepEqual(circle.slice(-4), [7, 7, 13, 13]);
  const rotated = ellipseMask([20, 20, 30, 18], 90, 50, 50);
  deepEqual(rotated.slice(-4), [18, 10, 22, 30]);
  deepEqual(ellipseMask([0, 0, 5, -5], 0, 3, 3).slice(-4), [0, 0, 2, 2]);
  deepEqual(ellipseMask([-20, -20, -10, -30], 0, 3, 3), [1, 0, 0, 0, 0]);
});
