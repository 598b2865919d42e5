/**
 * Regression tests for the gaps an audit of issue 2 ("The core") found: bad input to put, get,
 * import and Label; colours and groups after put; clear with undo. More audit tests live in
 * audit_save_test.ts, audit_tracks_test.ts and audit_input_test.ts.
 */
import { deepStrictEqual, ok, rejects, strictEqual, throws } from "node:assert/strict";
import { ArgumentError, Exception, Label } from "../../mod.ts";
import { PALETTE } from "../../lib/core/palette.ts";
import { collection, data, edit, shapeAndTrack, state, stateOf, tag } from "./_fixtures.ts";

/** Runs `fn` and asserts it threw an Exception subclass and changed neither export nor history. */
function rejectsUnchanged(a: ReturnType<typeof collection>, fn: () => unknown): void {
  const before = a.export();
  const history = a.history.get();
  throws(fn, (e: unknown) => e instanceof Exception);
  deepStrictEqual(a.export(), before);
  deepStrictEqual(a.history.get(), history);
}

Deno.test({
  name: "import: an object without tags/shapes/tracks is empty data, never a TypeError",
  fn() {
    for (const body of [{}, { a: 1 }, { shapes: [] }]) {
      const a = shapeAndTrack();
      const before = a.export();
      try {
        a.import(body as never);
      } catch (e) {
        ok(e instanceof Exception, `${JSON.stringify(body)}: ${(e as Error).name}`);
      }
      deepStrictEqual(a.export(), before);
    }
  },
});

Deno.test({
  name: "put: a non-finite rotation (NaN, Infinity) is rejected",
  fn() {
    for (const rotation of [NaN, Infinity]) {
      const a = collection();
      rejectsUnchanged(a, () => a.put([state({ rotation })]));
    }
  },
});

Deno.test({
  name: "put: export() of put objects can be imported again (finite rotation)",
  fn() {
    const a = collection();
    try {
      a.put([state({ rotation: NaN })]);
    } catch {
      return; // rejecting the state is also fine
    }
    const b = collection();
    b.import(a.export());
    strictEqual(b.export().shapes.length, 1);
  },
});

Deno.test({
  name: "put: source must be a Source value",
  fn() {
    for (const source of [5, "robot"]) {
      const a = collection();
      rejectsUnchanged(a, () => a.put([state({ source: source as never })]));
    }
  },
});

Deno.test({
  name: "put: descriptions must be a string[]",
  fn() {
    for (const descriptions of ["x", [1]]) {
      const a = collection();
      rejectsUnchanged(a, () => a.put([state({ descriptions: descriptions as never })]));
    }
  },
});

Deno.test({
  name: "put: a group taken from the state does not collide with group() ids",
  fn() {
    const a = collection();
    const [first, second] = a.put([state({ group: 1 }), state({ frame: 1 })]);
    const id = a.group([stateOf(a, 1, second)]);
    const firstGroup = stateOf(a, 0, first).group!.id;
    ok(firstGroup === 0 || firstGroup !== id, `both objects are in group ${id}`);
  },
});

Deno.test({
  name: "clear(range): undo of an older edit does not bring a cleared object back",
  async fn() {
    const a = shapeAndTrack();
    await edit(a, 1, 0, (s) => s.points = [1, 1, 40, 40]);
    a.clear({ startFrame: 0, stopFrame: 0 });
    strictEqual(a.export().shapes.length, 0);
    a.history.undo();
    strictEqual(a.export().shapes.length, 0, "the cleared shape came back");
  },
});

Deno.test({
  name: "colour: an object's colour is PALETTE[clientID % 30] after put and a second import",
  fn() {
    const a = collection();
    a.import(data({ tags: [tag(0)] }));
    a.import(data({ tags: [tag(0)] }));
    a.put([state(), state()]);
    for (const s of a.get(0)) strictEqual(s.color, PALETTE[s.clientID! % 30], `${s.clientID}`);
  },
});

Deno.test({
  name: "Label: non-array attributes/sublabels are an ArgumentError, not a TypeError",
  fn() {
    throws(() => new Label({ name: "x", attributes: "no" } as never), ArgumentError);
    throws(
      () => new Label({ name: "s", type: "skeleton", attributes: [], sublabels: 5 } as never),
      ArgumentError,
    );
  },
});

Deno.test({
  name: "get: null options are an ArgumentError, not a TypeError",
  fn() {
    const a = shapeAndTrack();
    try {
      a.get(0, null, null as never);
    } catch (e) {
      ok(e instanceof ArgumentError, `${(e as Error).name}: ${(e as Error).message}`);
    }
  },
});

Deno.test({
  name: "messages: a NaN rotation is named as NaN, not as null",
  async fn() {
    const a = shapeAndTrack();
    const s = stateOf(a, 0, 1);
    s.rotation = NaN;
    await rejects(s.save(), (e: Error) => e instanceof ArgumentError && /NaN/.test(e.message));
    const z = stateOf(a, 0, 1);
    z.zOrder = NaN;
    await rejects(z.save(), (e: Error) => e instanceof ArgumentError && /NaN/.test(e.message));
  },
});

Deno.test({
  name: "ObjectState: non-object attributes in the constructor name the field",
  fn() {
    const a = collection();
    throws(() => a.put([state({ attributes: "x" as never })]), (e: Error) => {
      return e instanceof ArgumentError && /attributes/i.test(e.message) &&
        /"x"/.test(e.message);
    });
  },
});
