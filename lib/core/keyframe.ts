/**
 * Building keyframes from positions.
 *
 * @module
 */

import type { AttributeMap, Keyframe, Position } from "./model.ts";

/**
 * A new keyframe (no server id) at a frame, copying a position's geometry.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { newKeyframe } from "./keyframe.ts";
 * const position = { points: [0, 0, 5, 5], rotation: 0, occluded: false, outside: false, zOrder: 1 };
 * const keyframe = newKeyframe(position, { frame: 4, outside: true });
 * ok(keyframe.outside && keyframe.points !== position.points && keyframe.serverID === null);
 * ```
 */
export function newKeyframe(
  position: Position,
  options: { frame: number; outside: boolean; attributes?: AttributeMap },
): Keyframe {
  return {
    points: position.points.slice(),
    rotation: position.rotation,
    occluded: position.occluded,
    outside: options.outside,
    zOrder: position.zOrder,
    frame: options.frame,
    attributes: options.attributes ?? {},
    serverID: null,
  };
}
