import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { cvatMaskToPolygons, maskToPolygons } from "../../lib/formats/mask_contours.ts";
import { maskToRle } from "../../lib/core/mask.ts";

/** Pixels whose centres lie inside a polygon (even-odd rule). */
function rasterise(polygon: number[], width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [px, py] = [x + 0.5, y + 0.5];
      let inside = false;
      for (let i = 0, j = polygon.length - 2; i < polygon.length; j = i, i += 2) {
        const [xi, yi, xj, yj] = [polygon[i], polygon[i + 1], polygon[j], polygon[j + 1]];
        if ((yi > py) !== (yj > py) && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) {
          inside = !inside;
        }
      }
      if (inside) out[y * width + x] = 1;
    }
  }
  return out;
}

function grid(rows: string[]): { bits: Uint8Array; width: number; height: number } {
  const width = rows[0].length;
  const bits = new Uint8Array(rows.join("").split("").map((c) => c === "#" ? 1 : 0));
  return { bits, width, height: rows.length };
}

Deno.test("an L shape traces to its six corners", () => {
  const { bits, width, height } = grid(["#..", "#..", "###"]);
  deepStrictEqual(maskToPolygons(bits, width, height), [[0, 0, 1, 0, 1, 2, 3, 2, 3, 3, 0, 3]]);
});

Deno.test("separate regions give separate polygons, largest first; holes are filled", () => {
  const { bits, width, height } = grid([
    "#####...",
    "#...#..#",
    "#####...",
  ]);
  const polygons = maskToPolygons(bits, width, height);
  strictEqual(polygons.length, 2);
  deepStrictEqual(polygons[0], [0, 0, 5, 0, 5, 3, 0, 3]);
  deepStrictEqual(polygons[1], [7, 1, 8, 1, 8, 2, 7, 2]);
});

Deno.test("regions touching at a corner are one 8-connected outline", () => {
  const { bits, width, height } = grid(["#.", ".#"]);
  const polygons = maskToPolygons(bits, width, height);
  strictEqual(polygons.length, 1);
  deepStrictEqual(rasterise(polygons[0], width, height), bits);
});

Deno.test("random blobs: rasterising the outlines gives back the pixels (holes filled)", () => {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let round = 0; round < 30; round++) {
    const [width, height] = [5 + Math.floor(random() * 20), 5 + Math.floor(random() * 20)];
    const bits = new Uint8Array(width * height);
    // A filled disc: one simply connected region without holes.
    const [cx, cy, r] = [random() * width, random() * height, 1 + random() * 6];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= r * r) bits[y * width + x] = 1;
      }
    }
    const polygons = maskToPolygons(bits, width, height);
    const back = new Uint8Array(width * height);
    for (const polygon of polygons) {
      rasterise(polygon, width, height).forEach((v, i) => back[i] |= v);
    }
    deepStrictEqual(back, bits, `round ${round}`);
  }
});

Deno.test("a CVAT mask's polygons are in image coordinates", () => {
  const bits = [0, 1, 1, 1];
  const points = [...maskToRle(bits), 10, 20, 11, 21];
  deepStrictEqual(cvatMaskToPolygons(points), [[11, 20, 12, 20, 12, 22, 10, 22, 10, 21, 11, 21]]);
});
