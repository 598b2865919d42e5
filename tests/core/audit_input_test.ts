/**
 * Audit of issue 2, items 6–8: undo/redo restore export() exactly after every kind of mutating
 * operation; garbage input to every public method is an Exception subclass and changes nothing;
 * error classes; filter record fields, the same in get and search. (Passing tests.)
 */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import {
  type Annotations,
  ArgumentError,
  DataError,
  Exception,
  PluginError,
  ScriptingError,
  ServerError,
} from "../../mod.ts";
import {
  data,
  edit,
  person,
  shape,
  shapeAndTrack,
  skeletonShape,
  skeletonTrack,
  state,
  stateOf,
  tag,
} from "./_fixtures.ts";

/** shape 1, track 2, tag 3 (id 30), shape 4 (id 40), skeleton 5 (id 50), skeleton track 9. */
function fixture(): Annotations {
  const a = shapeAndTrack({ frameSize: () => ({ width: 100, height: 100 }) });
  a.import(data({
    tags: [tag(3, { id: 30 })],
    shapes: [
      shape("rectangle", 4, [0, 0, 20, 20], { id: 40 }),
      skeletonShape(2, [[1, 1], [5, 5], [9, 9]], { id: 50 }),
    ],
    tracks: [skeletonTrack([0, 10], [[[1, 1], [5, 5], [9, 9]], [[11, 11], [15, 15], [19, 19]]])],
  }));
  return a;
}

Deno.test("audit history: every kind of operation is one entry; undo/redo restore export()", async () => {
  const a = fixture();
  const element = (frame: number, id: number) => stateOf(a, frame, id).elements[0];
  const ops: [string, () => unknown][] = [
    ["Created objects", () =>
      a.put([
        state({ frame: 7 }),
        state({ objectType: "track", frame: 8 }),
        state({ objectType: "tag", shapeType: null, points: null, frame: 9 }),
      ])],
    ["Changed points", () => edit(a, 1, 0, (s) => s.points = [1, 1, 40, 40])],
    ["Changed outside", () => edit(a, 2, 5, (s) => s.outside = true)],
    ["Changed attributes", () => edit(a, 3, 3, (s) => s.attributes = { 14: "9" })],
    ["Changed points", async () => {
      const e = element(5, 9);
      e.points = [3, 3];
      await e.save();
    }],
    ["Changed points", () => edit(a, 5, 2, (s) => s.points = s.points.map((v) => v + 1))],
    ["Changed outside", () => edit(a, 9, 5, (s) => s.outside = true)],
    ["Changed keyframe", () => edit(a, 2, 10, (s) => s.keyframe = false)],
    ["Changed label", () => edit(a, 4, 4, (s) => s.label = person())],
    ["Changed object", () =>
      edit(a, 1, 0, (s) => {
        s.zOrder = 2;
        s.occluded = true;
      })],
    ["Grouped objects", () => a.group([stateOf(a, 0, 1), stateOf(a, 4, 4)])],
    ["Merged objects", () => a.merge([stateOf(a, 0, 1), stateOf(a, 7, 13)])],
    ["Splitted track", () => a.split(a.get(2).find((s) => s.clientID === 2)!, 2)],
    ["Removed object", () => stateOf(a, 3, 3).delete(3)],
    ["Removed object", () => stateOf(a, 2, 5).delete(2)],
  ];
  const exports = [a.export()];
  for (const [action, op] of ops) {
    const entries = a.history.get().undo.length;
    await op();
    strictEqual(a.history.get().undo.length, entries + 1, action);
    strictEqual(a.history.get().undo.at(-1)![0], action);
    exports.push(a.export());
  }
  for (let i = ops.length; i > 0; i--) {
    a.history.undo();
    deepStrictEqual(a.export(), exports[i - 1], `undo of ${ops[i - 1][0]} (#${i})`);
  }
  strictEqual(a.hasUnsavedChanges(), false);
  for (let i = 1; i <= ops.length; i++) {
    a.history.redo();
    deepStrictEqual(a.export(), exports[i], `redo of ${ops[i - 1][0]} (#${i})`);
  }
  const changes = a.history.changes();
  deepStrictEqual(JSON.parse(JSON.stringify(changes)), changes);
  strictEqual(changes.undo.length, ops.length);
  ok(changes.undo.every((c) => c.changes.every((x) => "before" in x && "after" in x)));
});

Deno.test("audit history: historyLimit keeps the newest entries; undo returns clientIDs", async () => {
  const a = shapeAndTrack({ historyLimit: 2 });
  for (let i = 0; i < 4; i++) await edit(a, 1, 0, (s) => s.points = [i, i, 40, 40]);
  strictEqual(a.history.get().undo.length, 2);
  deepStrictEqual(a.history.undo(5), [1, 1]);
  deepStrictEqual(stateOf(a, 0, 1).points, [1, 1, 40, 40]);
});

const GARBAGE: unknown[] = [
  undefined,
  0,
  -1,
  1.5,
  NaN,
  "x",
  true,
  {},
  [],
  [null],
  [1],
  [{}],
  { a: 1 },
  () => 1,
];

Deno.test("audit bad input: every public method throws an Exception and changes nothing", () => {
  const calls: Record<string, (a: Annotations, g: unknown) => unknown> = {
    import: (a, g) => a.import(g as never),
    get: (a, g) => a.get(g as never),
    getFilter: (a, g) => a.get(0, g),
    put: (a, g) => a.put(g as never),
    merge: (a, g) => a.merge(g as never),
    split: (a, g) => a.split(g as never, 5),
    splitFrame: (a, g) => a.split(stateOf(a, 5, 2), g as never),
    group: (a, g) => a.group(g as never),
    clear: (a, g) => a.clear(g as never),
    search: (a, g) => a.search(null, g as never, 5),
    searchEmpty: (a, g) => a.searchEmpty(0, g as never),
    select: (a, g) => a.select(0, g as never, 1),
    setDeletedFrames: (a, g) => a.setDeletedFrames(g as never),
    acknowledge: (a, g) => a.acknowledge("created", g as never),
    acknowledgeKind: (a, g) => a.acknowledge(g as never, data()),
    undo: (a, g) => a.history.undo(g as never),
  };
  for (const [name, call] of Object.entries(calls)) {
    for (const g of GARBAGE) {
      // import({}) and import({ a: 1 }) are empty data, not errors: audit_test.ts checks them.
      if (name === "import" && typeof g === "object" && g !== null && !Array.isArray(g)) continue;
      const a = shapeAndTrack();
      a.put([state({ frame: 3 })]);
      const before = [a.export(), a.history.changes(), a.diff()];
      try {
        call(a, g);
      } catch (e) {
        ok(e instanceof Exception, `${name}(${String(g)}): ${(e as Error).name}`);
        deepStrictEqual([a.export(), a.history.changes(), a.diff()], before, `${name}(${g})`);
      }
    }
  }
});

Deno.test("audit errors: class names, the Exception base, ServerError code, causes", () => {
  const all = [Exception, ArgumentError, DataError, ScriptingError, PluginError];
  for (const Class of all) {
    const error = new Class("m", { cause: 1 });
    deepStrictEqual([error.name, error.message, error.cause], [Class.name, "m", 1]);
    ok(error instanceof Exception && error instanceof Error);
  }
  const server = new ServerError("Not found", 404);
  deepStrictEqual([server.name, server.code, server instanceof Exception], [
    "ServerError",
    404,
    true,
  ]);
  const a = shapeAndTrack();
  throws(() => a.get(1000), (e: Error) => e.name === "ArgumentError" && /1000/.test(e.message));
  throws(
    () => a.put([state({ points: [1, 2, 3] })]),
    (e: Error) => e.name === "DataError" && /rectangle/.test(e.message) && /3/.test(e.message),
  );
});

Deno.test("audit filters: every record field, the same in get and search", () => {
  const a = shapeAndTrack();
  a.import(data({
    tags: [tag(0, { id: 7 })],
    shapes: [
      shape("ellipse", 0, [50, 50, 70, 40], { occluded: true }),
      shape("mask", 0, [1, 2, 2, 2, 1, 8, 8, 11, 9]),
    ],
  }));
  const cases: [unknown, number[]][] = [
    [{ "==": [{ var: "label" }, "car"] }, [2, 1, 4, 5, 3]],
    [{ "==": [{ var: "type" }, "track"] }, [2]],
    [{ "==": [{ var: "shape" }, "ellipse"] }, [4]],
    [{ "==": [{ var: "occluded" }, true] }, [4]],
    [{ "<=": [30, { var: "width" }, 50] }, [1]],
    [{ "==": [{ var: "width" }, 2] }, [5]], // mask (cropped on import to its 2×2 pixels): right − left + 1
    [{ ">": [{ var: "attr.car.speed" }, 40] }, [1]], // number cast
    [{ "==": [{ var: "attr.car.parked" }, false] }, [2, 1, 4, 5, 3]], // checkbox cast
    [{ "==": [{ var: "serverID" }, 10] }, [1]],
    [{ "==": [{ var: "clientID" }, 2] }, [2]],
    [{ "==": [{ var: "objectID" }, 2] }, [2]],
    [{ in: [{ var: "shape" }, ["ellipse", "mask"]] }, [4, 5]],
  ];
  for (const [filter, ids] of cases) {
    deepStrictEqual(a.get(0).filter((s) => ids.includes(s.clientID!)), a.get(0, filter));
    deepStrictEqual(a.get(0, filter).map((s) => s.clientID), ids, JSON.stringify(filter));
    strictEqual(a.search(filter, 0, 99), 0, JSON.stringify(filter));
  }
  for (const bad of [[{ "==": [1, 1] }], { foo: [1] }, "label == car", 5]) {
    throws(() => a.get(0, bad), ArgumentError);
    throws(() => a.search(bad, 0, 5), ArgumentError);
  }
});
