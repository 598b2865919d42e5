/**
 * What the annotation routes share: the task's labels in wire form, CVAT's checks of a body
 * (400 with its DRF body), the request's `action` and `interpolate` parameters, the track
 * fix-ups of a write, and `?interpolate=true` expansion.
 *
 * @module
 */

import type { Ctx, ServerContext } from "./context.ts";
import { badRequest } from "./errors.ts";
import { taskLabels } from "./labels_view.ts";
import { isWireValidationError, validateLabeledData } from "../core/wire_validate.ts";
import { expandTrack } from "../core/wire_track.ts";
import type {
  LabeledData,
  WireInterpolatedShape,
  WireLabel,
  WireTrack,
} from "../core/wire_types.ts";
import type { TaskRecord } from "../store/types.ts";

/** A PATCH action. */
export type PatchAction = "create" | "update" | "delete";

const ACTIONS: readonly string[] = ["create", "update", "delete"];

/**
 * The task's labels (its project's when it is in one, sublabels included) in wire form.
 *
 * @example
 * ```ts
 * // const labels = await wireLabels(ctx, task);
 * ```
 */
export async function wireLabels(ctx: ServerContext, task: TaskRecord): Promise<WireLabel[]> {
  return (await taskLabels(ctx, task)).map((label) => ({
    id: label.id,
    name: label.name,
    type: label.type,
    attributes: label.attributes,
    parent_id: label.parentId,
  }));
}

/**
 * CVAT's server checks of a write body: the clean copy, or a 400 with CVAT's DRF body
 * (``["label_id `7` is invalid"]``, `{"shapes": [{}, {"frame": [...]}]}`).
 *
 * @example
 * ```ts
 * // const data = checkBody(await readJson(c), labels);
 * ```
 */
export function checkBody(body: unknown, labels: readonly WireLabel[]): LabeledData {
  try {
    return validateLabeledData(body, labels);
  } catch (error) {
    if (isWireValidationError(error)) throw badRequest(error.errors as never);
    throw error;
  }
}

/**
 * The PATCH `action` query parameter, or CVAT's 400.
 *
 * @example
 * ```ts
 * // const action = patchAction(c); // "create" | "update" | "delete"
 * ```
 */
export function patchAction(c: Ctx): PatchAction {
  const action = c.req.query("action");
  if (action === undefined || !ACTIONS.includes(action)) {
    throw badRequest(["Please specify a correct 'action' for the request"]);
  }
  return action as PatchAction;
}

/**
 * Whether `?interpolate=` asks for expanded tracks (`true`/`1`; `false`/`0`/absent: no);
 * another value is DRF's 400.
 *
 * @example
 * ```ts
 * // if (wantsInterpolation(c)) data = interpolateData(data, stop, deleted);
 * ```
 */
export function wantsInterpolation(c: Ctx): boolean {
  const value = c.req.query("interpolate");
  if (value === undefined) return false;
  const text = value.toLowerCase();
  if (text === "true" || text === "1") return true;
  if (text === "false" || text === "0") return false;
  throw badRequest({ interpolate: ["Must be a valid boolean."] });
}

/** The frames where a track starts: its own frame and its first keyframe's, whichever is less. */
function startOf(track: WireTrack): number {
  let start = track.frame;
  for (const shape of track.shapes) start = Math.min(start, shape.frame);
  return start;
}

function fixTrackStart(track: WireTrack, isSkeleton: boolean): void {
  if (track.shapes.length === 0) return;
  track.shapes.sort((a, b) => a.frame - b.frame);
  const first = track.shapes[0];
  if (track.frame < first.frame) {
    if (isSkeleton) first.frame = track.frame;
    else track.shapes.unshift({ ...first, id: null, frame: track.frame, outside: true });
  }
  track.frame = track.shapes[0].frame;
}

/**
 * CVAT's track fix-ups of a write (notes §6), in place: a skeleton track starts no later than
 * its earliest element track (its `frame` is moved earlier); a track whose `frame` is earlier
 * than its first shape gets an `outside` copy of that shape there (a skeleton track has its
 * first shape moved there instead); then `track.frame` is its first shape's frame. Shapes are
 * ordered by frame.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { fixTracks } from "./annotations_wire.ts";
 * const shape = { type: "points" as const, frame: 4, occluded: false, outside: false,
 *   z_order: 0, rotation: 0, points: [1, 1], attributes: [] };
 * const data = { tags: [], shapes: [], tracks: [{ frame: 2, label_id: 1, group: 0,
 *   source: "manual", attributes: [], shapes: [shape], elements: [] }] };
 * fixTracks(data);
 * strictEqual(data.tracks[0].shapes[0].frame, 2);
 * ```
 */
export function fixTracks(data: LabeledData): void {
  for (const track of data.tracks) {
    const elements = track.elements ?? [];
    const isSkeleton = elements.length > 0 || track.shapes[0]?.type === "skeleton";
    for (const element of elements) {
      track.frame = Math.min(track.frame, startOf(element));
      fixTrackStart(element, false);
    }
    fixTrackStart(track, isSkeleton);
  }
}

function expanded(track: WireTrack, stopFrame: number, isDeleted: (f: number) => boolean) {
  try {
    return expandTrack(track, { stopFrame, isDeleted });
  } catch {
    // Geometry the core cannot interpolate (the server stores it as sent): keyframes only.
    return track.shapes.map((shape): WireInterpolatedShape => ({ ...shape, keyframe: true }));
  }
}

/**
 * `?interpolate=true`: each track's (and element track's) shapes become one entry per frame
 * from its first keyframe to `stopFrame` (or to the keyframe where it goes outside for good),
 * with `keyframe: true|false`, computed by the core's `expandTrack`. Returns new tracks.
 *
 * @example
 * ```ts
 * // data.tracks = interpolateTracks(data.tracks, job.stopFrame, []);
 * ```
 */
export function interpolateTracks(
  tracks: readonly WireTrack[],
  stopFrame: number,
  deletedFrames: readonly number[],
): WireTrack[] {
  const deleted = new Set(deletedFrames);
  const isDeleted = (frame: number) => deleted.has(frame);
  return tracks.map((track) => {
    const out: WireTrack = { ...track, shapes: expanded(track, stopFrame, isDeleted) };
    if (track.elements) {
      out.elements = track.elements.map((element) => ({
        ...element,
        shapes: expanded(element, stopFrame, isDeleted),
      }));
    }
    return out;
  });
}

/**
 * A write's response body: `{version, tags, shapes, tracks}` in CVAT's key order.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { responseBody } from "./annotations_wire.ts";
 * strictEqual(responseBody({ tags: [], shapes: [], tracks: [] }, 3).version, 3);
 * ```
 */
export function responseBody(data: LabeledData, version: number): LabeledData {
  return { version, tags: data.tags, shapes: data.shapes, tracks: data.tracks };
}
