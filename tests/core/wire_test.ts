import { deepStrictEqual, strictEqual } from "node:assert/strict";
import * as wire from "../../lib/core/wire.ts";

Deno.test("wire: one entry point for the wire functions", () => {
  deepStrictEqual(Object.keys(wire).sort(), [
    "attributesToMap",
    "attributesToWire",
    "expandTrack",
    "expandTrackWithElements",
    "fillAttributes",
    "interpolateTrack",
    "isWireValidationError",
    "normalizeLabeledData",
    "trackKeyframes",
    "validateLabeledData",
  ]);
});

Deno.test("wire: validate then normalise a PATCH body", () => {
  const labels = [{
    id: 1,
    name: "car",
    attributes: [{
      id: 2,
      name: "parked",
      mutable: true,
      input_type: "checkbox",
      default_value: "false",
      values: ["false", "true"],
    }],
  }];
  const body = {
    tracks: [{
      frame: 9,
      label_id: 1,
      shapes: [
        {
          type: "rectangle",
          frame: 8,
          points: [0, 0, 1, 1],
          attributes: [{ spec_id: 2, value: "true" }],
        },
        { type: "rectangle", frame: 3, points: [0, 0, 1, 1] },
      ],
    }],
  };
  const data = wire.normalizeLabeledData(wire.validateLabeledData(body, labels), labels);
  strictEqual(data.tracks[0].frame, 3);
  deepStrictEqual(data.tracks[0].shapes.map((s) => s.attributes[0].value), ["false", "true"]);
  const expanded = wire.expandTrack(data.tracks[0], { stopFrame: 9 });
  deepStrictEqual(expanded.map((s) => s.attributes[0].value), [
    "false",
    "false",
    "false",
    "false",
    "false",
    "true",
    "true",
  ]);
});
