/**
 * Pure functions over the server's annotation wire format (LabeledData), shared by the
 * collection and the server: validate and normalise against labels, interpolate and
 * expand tracks, convert attribute lists.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { normalizeLabeledData, validateLabeledData } from "./wire.ts";
 * const labels = [{ id: 1, name: "car", attributes: [] }];
 * const body = { tags: [{ frame: 0, label_id: 1 }] };
 * const data = normalizeLabeledData(validateLabeledData(body, labels), labels);
 * ok(data.tags[0].source === "manual");
 * ```
 *
 * @module
 */

export { isWireValidationError, validateLabeledData } from "./wire_validate.ts";
export type { WireValidationError } from "./wire_validate.ts";
export type { DrfErrors } from "./wire_fail.ts";
export { normalizeLabeledData } from "./wire_normalize.ts";
export {
  expandTrack,
  expandTrackWithElements,
  interpolateTrack,
  trackKeyframes,
} from "./wire_track.ts";
export type { ExpandedTrack, ExpandTrackOptions, WireTrackOptions } from "./wire_track.ts";
export { attributesToMap, attributesToWire, fillAttributes } from "./wire_attributes.ts";
