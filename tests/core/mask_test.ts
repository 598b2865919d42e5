import { deepStrictEqual, ok, throws } from "node:assert/strict";
import { DataError } from "../../lib/core/errors.ts";
import {
  checkMask,
  cropMask,
  EMPTY_MASK_POINTS,
  maskArea,
  maskBox,
  maskPixel,
  maskToRle,
  rleToMask,
} from "../../lib/core/mask.ts";

function bits(text: string): number[] {
  return [...text].map(Number);
}

function dataError(fn: () => unknown, fragment: string): void {
  throws(fn, (error: unknown) => {
    ok(error instanceof DataError, `expected DataError, got ${error}`);
    ok(error.message.includes(fragment), `"${error.message}" lacks "${fragment}"`);
    return true;
  });
}

Deno.test("maskToRle: the reference vector and a mask starting with 1", () => {
  deepStrictEqual(maskToRle(bits("000110011110")), [3, 2, 2, 4, 1]);
  deepStrictEqual(maskToRle(bits("110")), [0, 2, 1]);
  deepStrictEqual(maskToRle(bits("1111")), [0, 4]);
  deepStrictEqual(maskToRle(bits("0000")), [4]);
  deepStrictEqual(maskToRle(bits("0101")), [1, 1, 1, 1]);
  deepStrictEqual(maskToRle([]), []);
  deepStrictEqual(maskToRle(new Uint8Array([0, 255, 7])), [1, 2], "non-zero counts as 1");
});

Deno.test("rleToMask: decodes and round-trips", () => {
  deepStrictEqual([...rleToMask([3, 2, 2, 4, 1], 4, 3)], bits("000110011110"));
  deepStrictEqual([...rleToMask([0, 2, 1], 3, 1)], bits("110"));
  deepStrictEqual([...rleToMask([3, 0, 1], 2, 2)], bits("0000"), "zero-length runs are fine");
  for (const text of ["000110011110", "110", "1", "0", "101010", "111000111000"]) {
    const rle = maskToRle(bits(text));
    deepStrictEqual([...rleToMask(rle, text.length, 1)], bits(text), text);
  }
});

Deno.test("rleToMask: rejects counts that do not cover the box", () => {
  dataError(() => rleToMask([3, 2], 2, 2), "RLE counts sum to 5, expected 2x2 = 4");
  dataError(() => rleToMask([1], 2, 2), "RLE counts sum to 1");
  dataError(
    () => rleToMask([2, -1, 3], 2, 2),
    "RLE count 1 must be a non-negative integer, got -1",
  );
  dataError(() => rleToMask([1.5, 2.5], 2, 2), "got 1.5");
  dataError(() => rleToMask([4], 2.5, 2), "Mask size must be non-negative integers, got 2.5x2");
});

Deno.test("maskBox: inclusive bbox with width right-left+1", () => {
  deepStrictEqual(maskBox([3, 2, 2, 4, 1, 10, 20, 13, 22]), {
    left: 10,
    top: 20,
    right: 13,
    bottom: 22,
    width: 4,
    height: 3,
  });
  deepStrictEqual(maskBox([0, 1, 5, 5, 5, 5]).width, 1);
});

Deno.test("maskBox: fewer than 6 numbers or a bad size throw DataError", () => {
  dataError(() => maskBox([1, 0, 0, 0, 0]), "A mask needs at least 6 numbers");
  dataError(() => maskBox([1, 0, 0, 0, 0]), "got 5 numbers");
  dataError(() => maskBox([]), "got 0 numbers");
  dataError(() => maskBox([0, 1, 0, 0, 1.5, 0]), "gives a size of 2.5x1");
  dataError(() => maskBox([0, 1, 5, 0, 3, 0]), "gives a size of -1x1");
  dataError(() => maskBox([0, 1, 0, 0, 0, NaN]), "gives a size of 1xNaN");
});

Deno.test("checkMask: the counts must cover the box exactly", () => {
  checkMask([0, 1, 5, 5, 5, 5]);
  checkMask([3, 2, 2, 4, 1, 10, 20, 13, 22]);
  dataError(() => checkMask([0, 2, 5, 5, 5, 5]), "RLE counts sum to 2, expected 1x1 = 1");
  dataError(() => checkMask([0.5, 0.5, 5, 5, 5, 5]), "RLE count 0 must be a non-negative integer");
  dataError(() => checkMask([1, 0, 0, 0, 0]), "at least 6 numbers");
});

Deno.test("maskPixel: reads the pixel under floored coordinates", () => {
  const points = [3, 2, 2, 4, 1, 10, 20, 13, 22]; // rows 0001 / 1001 / 1110
  const expected = ["0001", "1001", "1110"];
  for (let row = 0; row < 3; row++) {
    for (let column = 0; column < 4; column++) {
      const set = expected[row][column] === "1";
      deepStrictEqual(maskPixel(points, 10 + column, 20 + row), set, `${column},${row}`);
      deepStrictEqual(maskPixel(points, 10.9 + column, 20.9 + row), set, `${column}.9,${row}.9`);
    }
  }
  ok(!maskPixel(points, 9.9, 21), "left of the box");
  ok(!maskPixel(points, 14, 21), "right of the box");
  ok(!maskPixel(points, 12, 23), "below the box");
  ok(!maskPixel(points, 12, 19.5), "above the box");
  ok(!maskPixel([...EMPTY_MASK_POINTS], 0, 0));
  ok(!maskPixel([0, 0, 0, 0], 0, 0));
});

Deno.test("maskArea: counts the set pixels", () => {
  deepStrictEqual(maskArea([3, 2, 2, 4, 1, 10, 20, 13, 22]), 6);
  deepStrictEqual(maskArea([0, 4, 0, 0, 1, 1]), 4);
  deepStrictEqual(maskArea([4, 0, 0, 1, 1]), 0);
  deepStrictEqual(maskArea([...EMPTY_MASK_POINTS]), 0);
  deepStrictEqual(maskArea([0, 0, 0, 0]), 0, "cvat-core's empty form");
  dataError(() => maskArea([0, 0, 0]), "at least 4 numbers");
});

Deno.test("cropMask: crops to the set pixels", () => {
  // 4x3 box at (10, 20): 0000 / 0110 / 0000 → 2x1 at (11, 21)
  deepStrictEqual(cropMask([5, 2, 5, 10, 20, 13, 22]), [0, 2, 11, 21, 12, 21]);
  // 3x3 box at (0, 0) with only the centre set
  deepStrictEqual(cropMask([4, 1, 4, 0, 0, 2, 2]), [0, 1, 1, 1, 1, 1]);
  // rows 0001 / 1001 / 1110 already touch every side: unchanged
  deepStrictEqual(cropMask([3, 2, 2, 4, 1, 10, 20, 13, 22]), [3, 2, 2, 4, 1, 10, 20, 13, 22]);
  // rows 100 / 000 / 001 keep the 3x3 box; the trailing 0-run is gone after cropping
  deepStrictEqual(cropMask([0, 1, 7, 1, 0, 0, 2, 2]), [0, 1, 7, 1, 0, 0, 2, 2]);
  // rows 0100 / 0000: no trailing zero count, first pixel of the crop set
  deepStrictEqual(cropMask([1, 1, 6, 0, 0, 3, 1]), [0, 1, 1, 0, 1, 0]);
});

Deno.test("cropMask: crops to the frame", () => {
  // 4x2 box at (-2, -1), every pixel set; frame 10x10 → the pixels at x ≥ 0, y ≥ 0: 2x1 at (0, 0)
  deepStrictEqual(cropMask([0, 8, -2, -1, 1, 0], { width: 10, height: 10 }), [0, 2, 0, 0, 1, 0]);
  // 3x3 box at (8, 8), all set, frame 10x9 → x 8..9, y 8..8
  deepStrictEqual(cropMask([0, 9, 8, 8, 10, 10], { width: 10, height: 9 }), [0, 2, 8, 8, 9, 8]);
  // Without a frame nothing is cut
  deepStrictEqual(cropMask([0, 9, 8, 8, 10, 10]), [0, 9, 8, 8, 10, 10]);
  // rows 10 / 01 at (9, 9); frame 10x10 keeps only (9, 9)
  deepStrictEqual(cropMask([0, 1, 2, 1, 9, 9, 10, 10], { width: 10, height: 10 }), [
    0,
    1,
    9,
    9,
    9,
    9,
  ]);
});

Deno.test("cropMask: an empty result is [1, 0, 0, 0, 0]", () => {
  deepStrictEqual(EMPTY_MASK_POINTS, [1, 0, 0, 0, 0]);
  ok(Object.isFrozen(EMPTY_MASK_POINTS));
  deepStrictEqual(cropMask([9, 5, 5, 7, 7]), [1, 0, 0, 0, 0]);
  deepStrictEqual(cropMask([0, 4, 20, 20, 21, 21], { width: 10, height: 10 }), [1, 0, 0, 0, 0]);
  deepStrictEqual(cropMask([0, 0, 0, 0]), [1, 0, 0, 0, 0], "cvat-core's empty form");
  deepStrictEqual(cropMask([...EMPTY_MASK_POINTS]), [1, 0, 0, 0, 0]);
  const result = cropMask([...EMPTY_MASK_POINTS]);
  result.push(1);
  deepStrictEqual(EMPTY_MASK_POINTS.length, 5, "a copy is returned");
});

Deno.test("cropMask: malformed input throws DataError", () => {
  dataError(() => cropMask([3, 1, 1, 0, 0, 1, 1]), "RLE counts sum to 5, expected 2x2 = 4");
  dataError(() => cropMask([0, 3, 0, 0, 1, 1]), "RLE counts sum to 3, expected 2x2 = 4");
  dataError(() => cropMask([0, 1, 0]), "at least 4 numbers");
});
