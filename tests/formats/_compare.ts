/**
 * Comparing LabeledData the way formats.md §3.3 describes a round trip: per object its frame,
 * type, label, geometry (rounded to 2 decimals), flags, group, z_order and attributes with the
 * label's defaults filled in; tracks by their keyframes (skeleton tracks by their elements).
 * Sources and ids are ignored. Each summary is a sorted list of strings.
 *
 * @module
 */

import type {
  LabeledData,
  WireAttribute,
  WireLabel,
  WireShape,
  WireTrack,
} from "../../lib/core/wire_types.ts";
import { labelLookup } from "../../lib/formats/label_lookup.ts";

export interface CompareOptions {
  group?: boolean;
  zOrder?: boolean;
  rotation?: boolean;
}

export function summarize(
  data: Pick<LabeledData, "tags" | "shapes" | "tracks">,
  labels: WireLabel[],
  options: CompareOptions = {},
) {
  const lookup = labelLookup(labels);
  const attrs = (labelId: number, values: WireAttribute[], which?: boolean) => {
    const specs = (lookup.byId.get(labelId)?.label.attributes ?? [])
      .filter((spec) => which === undefined || spec.mutable === which);
    const given = new Map(values.map((v) => [v.spec_id, v.value]));
    return specs.map((spec) => `${spec.name}=${given.get(spec.id!) ?? spec.default_value}`)
      .join(",");
  };
  const name = (id: number) => lookup.byId.get(id)?.name ?? `#${id}`;
  const pts = (points: number[]) => points.map((p) => Math.round(p * 100) / 100).join(",");
  const shape = (s: WireShape): string =>
    [
      s.frame,
      s.type,
      name(s.label_id),
      pts(s.points),
      s.occluded ? "occluded" : "",
      s.outside ? "outside" : "",
      options.group === false ? "" : `g${s.group ?? 0}`,
      options.zOrder === false ? "" : `z${s.z_order}`,
      options.rotation === false ? "" : `r${s.rotation}`,
      attrs(s.label_id, s.attributes),
      (s.elements ?? []).map(shape).sort().join(";"),
    ].join("|");
  const track = (t: WireTrack): string => {
    const keyframes = t.shapes.map((s) =>
      [s.frame, s.type, pts(s.points), s.occluded, s.outside, attrs(t.label_id, s.attributes, true)]
        .join("/")
    );
    const head = `${name(t.label_id)}|${attrs(t.label_id, t.attributes, false)}`;
    if (t.elements?.length) return `${head}|${t.elements.map(track).sort().join(";")}`;
    return `${head}|${keyframes.join(" ")}`;
  };
  return {
    tags: data.tags.map((t) => `${t.frame}|${name(t.label_id)}|${attrs(t.label_id, t.attributes)}`)
      .sort(),
    shapes: data.shapes.map(shape).sort(),
    tracks: data.tracks.map(track).sort(),
  };
}
