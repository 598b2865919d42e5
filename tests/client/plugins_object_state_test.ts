/**
 * ObjectState.save and ObjectState.delete go through the plugins of the client whose session
 * handed the state out (ObjectState itself is shared by every client).
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { type ClientApp, clientApp, taskWithImages } from "./_fixture.ts";
import type { ObjectState } from "../../lib/core/object_state.ts";
import type { Label } from "../../lib/core/label.ts";

async function jobWithBox(t: ClientApp) {
  const taskId = await taskWithImages(t, { frames: 2 });
  const [task] = await t.cvat.tasks.get({ id: taskId });
  const job = task.jobs[0];
  const car = job.labels.find((l: Label) => l.name === "car") as Label;
  await job.annotations.put([
    new t.cvat.ObjectState({
      objectType: "shape",
      shapeType: "rectangle",
      label: car,
      frame: 0,
      points: [5, 5, 20, 20],
    }),
  ]);
  return job;
}

Deno.test("ObjectState.save and .delete run the client's hooks with this = the state", async () => {
  const t = await clientApp();
  const job = await jobWithBox(t);
  const seen: string[] = [];
  const selves: unknown[] = [];
  await t.cvat.plugins.register({
    name: "audit",
    cvat: {
      ObjectState: {
        save: {
          enter(this: ObjectState) {
            selves.push(this);
            seen.push(`save ${this.points?.join(",")}`);
          },
        },
        delete: {
          leave(this: ObjectState, _plugin: unknown, result: unknown) {
            selves.push(this);
            seen.push(`delete ${this.clientID}`);
            return result;
          },
        },
      },
    },
  });
  const [box] = await job.annotations.get(0);
  box.points = [1, 1, 30, 30];
  await box.save();
  const [again] = await job.annotations.get(0);
  deepStrictEqual(again.points, [1, 1, 30, 30], "the save still happened");
  await again.delete(0, true);
  strictEqual((await job.annotations.get(0)).length, 0);
  deepStrictEqual(seen, ["save 1,1,30,30", `delete ${again.clientID}`]);
  ok(selves[0] === box && selves[1] === again);
});

Deno.test("another client's plugins do not see this client's states", async () => {
  const t = await clientApp();
  const job = await jobWithBox(t);
  const other = t.another();
  let calls = 0;
  await other.plugins.register({
    name: "elsewhere",
    cvat: { ObjectState: { save: { enter: () => void calls++ } } },
  });
  const [box] = await job.annotations.get(0);
  box.points = [2, 2, 12, 12];
  await box.save();
  strictEqual(calls, 0);
});
