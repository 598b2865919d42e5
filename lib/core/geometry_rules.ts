/**
 * The geometry rules of `put()` and `save()`: point counts, clamping to the frame, mask cropping
 * and minimum sizes (too small is an error here, not silently ignored as in cvat-core).
 *
 * @module
 */

import { DataError } from "./errors.ts";
import type { ShapeType } from "./enums.ts";
import { checkPointCount, clampPoints, isTooSmall } from "./geometry.ts";
import { cropMask } from "./mask.ts";

/** Frame sizes and dimension, from the collection's options. */
export interface GeometryContext {
  frameSize?: (frame: number) => { width: number; height: number } | undefined;
  dimension: "2d" | "3d";
}

/**
 * Checks and normalises points for a shape or keyframe on a frame; throws `DataError`.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { prepareGeometry } from "./geometry_rules.ts";
 * const ctx = { dimension: "2d" as const, frameSize: () => ({ width: 100, height: 100 }) };
 * ok(prepareGeometry(ctx, "rectangle", [-5, 0, 10, 10], 0, 0)[0] === 0);
 * ```
 */
export function prepareGeometry(
  ctx: GeometryContext,
  shapeType: ShapeType,
  points: number[],
  rotation: number,
  frame: number,
  options: { element?: boolean } = {},
): number[] {
  if (shapeType === "skeleton") return [];
  checkPointCount(shapeType, points);
  const size = ctx.frameSize?.(frame);
  // Each branch returns a fresh array (clampPoints and cropMask build new ones).
  let out: number[];
  if (shapeType === "mask") out = cropMask(points, size);
  else if (size && !options.element) out = clampPoints(shapeType, points, rotation, size);
  else out = points.slice();
  if (ctx.dimension === "2d" && isTooSmall(shapeType, out, rotation)) {
    throw new DataError(
      `Cannot save the ${shapeType}: it is too small (points ${JSON.stringify(out)})`,
    );
  }
  return out;
}

/** Rotation as stored: degrees in [0, 360) for rectangles and ellipses, else 0. */
export function normalizeRotation(shapeType: ShapeType | null, rotation: number): number {
  if (shapeType !== "rectangle" && shapeType !== "ellipse") return 0;
  const r = rotation % 360;
  return r < 0 ? r + 360 : r;
}
