/**
 * The CVAT JS API document's "Deep Extreme Cut" plugin (reference/seed-cvat-js-api.txt) as a
 * test: a `Job.annotations.put` enter hook turns ObjectStates of the custom type "dextr" into
 * polygons (through a stand-in for the DEXTR server) before the core checks them.
 */
import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { clientApp, taskWithImages } from "./_fixture.ts";
import { ArgumentError } from "../../lib/core/errors.ts";
import type { ObjectState } from "../../lib/core/object_state.ts";
import type { Label } from "../../lib/core/label.ts";
import { getJson } from "../server/task_data_fixture.ts";

/** A stand-in for the DEXTR server: an octagon through the four extreme points. */
function serverRequest(points: number[]): { position: number[] } {
  const [left, top, right, bottom] = [points.slice(0, 2), points.slice(2, 4), ...[
    points.slice(4, 6),
    points.slice(6, 8),
  ]];
  const mid = (a: number[], b: number[]) => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  return {
    position: [
      ...left,
      ...mid(left, top),
      ...top,
      ...mid(top, right),
      ...right,
      ...mid(right, bottom),
      ...bottom,
      ...mid(bottom, left),
    ],
  };
}

Deno.test("the CVAT JS API document's Deep Extreme Cut plugin puts dextr objects as polygons", async () => {
  const t = await clientApp();
  const [task] = await t.cvat.tasks.get({ id: await taskWithImages(t, { frames: 2 }) });
  const job = task.jobs[0];
  const car = job.labels.find((l: Label) => l.name === "car") as Label;
  const asked: number[][] = [];
  // The document's plugin, with DESIGN's hook signature enter(plugin, ...args).
  const dextrPlugin = {
    name: "Deep Extreme Cut",
    description: "Semi-automatic segmentation",
    parameters: { enabled: true },
    cvat: {
      Job: {
        annotations: {
          put: {
            enter(plugin: { parameters: { enabled: boolean } }, objects: ObjectState[]) {
              for (const object of objects) {
                if (object.type === ("dextr" as never) && plugin.parameters.enabled) {
                  asked.push(object.position);
                  const response = serverRequest(object.position);
                  object.type = "polygon";
                  object.position = response.position;
                }
              }
            },
          },
        },
      },
    },
  };
  await t.cvat.plugins.register(dextrPlugin);
  const extremes = [10, 20, 30, 5, 50, 22, 28, 40];
  const obj = new t.cvat.ObjectState({
    objectType: "shape",
    type: "dextr",
    points: extremes,
    frame: 1,
    label: car,
  });
  const [id] = await job.annotations.put([obj]);
  deepStrictEqual(asked, [extremes]);
  const [state] = await job.annotations.get(1);
  strictEqual(state.clientID, id);
  strictEqual(state.shapeType, "polygon");
  deepStrictEqual(state.points, serverRequest(extremes).position);
  await job.annotations.save();
  const saved = await getJson(t, t.admin, `/api/jobs/${job.id}/annotations`);
  deepStrictEqual(saved.shapes.map((s: { type: string }) => s.type), ["polygon"]);
  deepStrictEqual(saved.shapes[0].points, serverRequest(extremes).position);

  dextrPlugin.parameters.enabled = false;
  const raw = new t.cvat.ObjectState({
    objectType: "shape",
    type: "dextr",
    points: extremes,
    frame: 0,
    label: car,
  });
  await rejects(job.annotations.put([raw]), (error: Error) => {
    ok(error instanceof ArgumentError, String(error));
    ok(/states\[0\]\.shapeType is unknown: "dextr"/.test(error.message), error.message);
    return true;
  });
  strictEqual((await job.annotations.get(0)).length, 0, "a refused put adds nothing");
});
