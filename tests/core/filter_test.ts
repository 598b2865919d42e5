import { deepStrictEqual, ok, throws } from "node:assert/strict";
import { ArgumentError } from "../../lib/core/errors.ts";
import {
  attributeFilterValue,
  compileFilter,
  filterKey,
  type FilterRecord,
  filterUsesSize,
} from "../../lib/core/filter.ts";

function record(overrides: Partial<FilterRecord> = {}): FilterRecord {
  return {
    width: 500,
    height: 300,
    attr: { motorcycle: { model: "some text for test", speed: 80, electric: false } },
    label: "motorcycle",
    serverID: 7,
    objectID: 3,
    clientID: 3,
    type: "shape",
    shape: "rectangle",
    occluded: false,
    ...overrides,
  };
}

function matches(filter: unknown, data: FilterRecord = record()): boolean {
  return compileFilter(filter)(data);
}

function invalidFilter(filter: unknown, message: string): void {
  throws(() => compileFilter(filter), (error: unknown) => {
    ok(error instanceof ArgumentError, `expected ArgumentError, got ${error}`);
    deepStrictEqual(error.message, message);
    return true;
  });
}

Deno.test("compileFilter: null and undefined match everything", () => {
  ok(compileFilter(null)(record()));
  ok(compileFilter(undefined)(record()));
});

Deno.test("compileFilter: the examples from cvat-core's tests", () => {
  const ellipse = { and: [{ "==": [{ var: "shape" }, "ellipse"] }] };
  ok(matches(ellipse, record({ shape: "ellipse" })));
  ok(!matches(ellipse));
  const between = { "<=": [450, { var: "width" }, 550] };
  ok(matches(between));
  ok(matches(between, record({ width: 450 })));
  ok(matches(between, record({ width: 550 })));
  ok(!matches(between, record({ width: 551 })));
  ok(!matches(between, record({ width: null })));
  ok(matches({ "==": [{ var: "attr.motorcycle.model" }, "some text for test"] }));
  ok(!matches({ "==": [{ var: "attr.motorcycle.model" }, "other"] }));
});

Deno.test("compileFilter: dotted label and attribute names through filterKey", () => {
  deepStrictEqual(filterKey("speed.kmh"), "speed\u2219kmh");
  deepStrictEqual(filterKey("a.b.c"), "a\u2219b\u2219c");
  deepStrictEqual(filterKey("plain"), "plain");
  const data = record({ attr: { [filterKey("car.v2")]: { [filterKey("speed.kmh")]: 120 } } });
  ok(matches({ ">": [{ var: "attr.car\u2219v2.speed\u2219kmh" }, 100] }, data));
  ok(!matches({ ">": [{ var: "attr.car.v2.speed.kmh" }, 100] }, data));
});

Deno.test("compileFilter: equality operators are loose or strict", () => {
  ok(matches({ "==": [{ var: "serverID" }, "7"] }));
  ok(!matches({ "===": [{ var: "serverID" }, "7"] }));
  ok(matches({ "===": [{ var: "serverID" }, 7] }));
  ok(matches({ "==": [null, { var: "missing" }] }));
  ok(!matches({ "!=": [{ var: "serverID" }, "7"] }));
  ok(matches({ "!==": [{ var: "serverID" }, "7"] }));
  ok(!matches({ "!==": [{ var: "serverID" }, 7] }));
  ok(matches({ "==": [0, false] }));
});

Deno.test("compileFilter: comparisons, including three-argument between", () => {
  ok(matches({ "<": [{ var: "height" }, 301] }));
  ok(!matches({ "<": [{ var: "height" }, 300] }));
  ok(matches({ "<=": [{ var: "height" }, 300] }));
  ok(matches({ ">": [{ var: "width" }, 499] }));
  ok(!matches({ ">": [{ var: "width" }, 500] }));
  ok(matches({ ">=": [{ var: "width" }, 500] }));
  ok(!matches({ ">=": [{ var: "width" }, 501] }));
  ok(matches({ "<": [299, { var: "height" }, 301] }));
  ok(!matches({ "<": [300, { var: "height" }, 301] }));
  ok(!matches({ "<": [299, { var: "height" }, 300] }));
  ok(matches({ "<": ["10", 9 + 2] }), "strings are coerced to numbers like in JavaScript");
});

Deno.test("compileFilter: negation and JSON-logic truthiness", () => {
  ok(matches({ "!": [{ var: "occluded" }] }));
  ok(matches({ "!": { var: "occluded" } }), "a single argument need not be wrapped");
  ok(!matches({ "!": [{ var: "label" }] }));
  ok(matches({ "!!": [{ var: "label" }] }));
  ok(!matches({ "!!": [[]] }), "an empty array is falsy");
  ok(matches({ "!!": [[0]] }));
  ok(matches({ "!": [""] }));
  ok(matches({ "!!": ["0"] }));
  ok(!matches({ "!!": [0] }));
  ok(!matches({ var: "attr.motorcycle.electric" }));
});

Deno.test("compileFilter: and/or short-circuit and return operands", () => {
  ok(matches({ and: [{ "==": [{ var: "type" }, "shape"] }, { var: "label" }] }));
  ok(!matches({ and: [{ var: "occluded" }, { "==": [{ var: "label" }, "motorcycle"] }] }));
  ok(matches({ or: [{ var: "occluded" }, { "==": [{ var: "label" }, "motorcycle"] }] }));
  ok(!matches({ or: [{ var: "occluded" }, 0, ""] }));
  ok(matches({ "==": [{ or: [0, "x", "y"] }, "x"] }), "or returns the first truthy value");
  ok(matches({ "==": [{ and: [1, 0, "y"] }, 0] }), "and returns the first falsy value");
  ok(matches({ "==": [{ and: [1, "y"] }, "y"] }), "and returns the last value");
  ok(matches({ and: [true] }));
});

Deno.test("compileFilter: in tests substrings and array membership", () => {
  ok(matches({ in: ["text", { var: "attr.motorcycle.model" }] }));
  ok(!matches({ in: ["car", { var: "attr.motorcycle.model" }] }));
  ok(matches({ in: [{ var: "shape" }, ["rectangle", "ellipse"]] }));
  ok(!matches({ in: [{ var: "shape" }, ["polygon", "ellipse"]] }));
  ok(!matches({ in: ["7", [7]] }), "membership is strict");
  ok(!matches({ in: ["a", { var: "width" }] }), "neither string nor array → false");
  ok(matches({ in: [{ var: "label" }, [{ var: "label" }, "x"]] }), "arrays are evaluated");
});

Deno.test("compileFilter: var paths, defaults and missing values", () => {
  ok(matches({ "==": [{ var: "objectID" }, 3] }));
  ok(matches({ "==": [{ var: "clientID" }, 3] }));
  ok(matches({ "==": [{ var: "type" }, "shape"] }));
  ok(matches({ "===": [{ var: "attr.motorcycle.speed" }, 80] }));
  ok(matches({ "===": [{ var: "attr.nothing.here" }, null] }));
  ok(matches({ "===": [{ var: "" }, null] }));
  ok(matches({ "===": [{ var: [] }, null] }));
  ok(matches({ "===": [{ var: ["attr.nothing", "fallback"] }, "fallback"] }));
  ok(matches({ "===": [{ var: ["label", "fallback"] }, "motorcycle"] }));
  ok(matches({ "===": [{ var: ["attr.x", { var: "label" }] }, "motorcycle"] }));
  ok(matches({ "===": [{ var: "width" }, null] }, record({ width: null })), "null is a value");
  ok(matches({ "===": [{ var: "label.length" }, null] }), "no inherited properties");
  ok(matches({ "===": [{ var: "constructor" }, null] }));
  ok(matches({ "===": [{ var: "label" }, "motorcycle"] }, record()));
});

Deno.test("compileFilter: literals and arrays evaluate to themselves", () => {
  ok(matches({ "==": [1, 1] }));
  ok(matches({ "===": [null, null] }));
  ok(!matches({ "==": ["a", "b"] }));
  ok(matches({ "!!": [[1, 2]] }));
});

Deno.test("compileFilter: compiles once and reuses the predicate", () => {
  const predicate = compileFilter({ ">": [{ var: "width" }, 100] });
  deepStrictEqual([10, 100, 101, 1000].map((width) => predicate(record({ width }))), [
    false,
    false,
    true,
    true,
  ]);
});

Deno.test("compileFilter: does not walk the filter again per record", () => {
  let reads = 0;
  const filter = {
    get "=="(): unknown[] {
      reads++;
      return [{ var: "width" }, 500];
    },
  };
  const predicate = compileFilter(filter);
  for (let i = 0; i < 10; i++) predicate(record());
  deepStrictEqual(reads, 1);
});

Deno.test("compileFilter: the top level must be an object", () => {
  invalidFilter(5, "Invalid filter: expected an object, got 5");
  invalidFilter("x", 'Invalid filter: expected an object, got "x"');
  invalidFilter([{ var: "x" }], 'Invalid filter: expected an object, got [{"var":"x"}]');
  invalidFilter(true, "Invalid filter: expected an object, got true");
});

Deno.test("compileFilter: unknown operators and malformed nodes", () => {
  invalidFilter({ foo: [1] }, 'Invalid filter: unknown operator "foo"');
  invalidFilter({ "==": [{ cat: ["a", "b"] }, "ab"] }, 'Invalid filter: unknown operator "cat"');
  invalidFilter({}, "Invalid filter: expected one operator per object, got {}");
  invalidFilter(
    { "==": [1, 1], "!=": [1, 2] },
    'Invalid filter: expected one operator per object, got {"==":[1,1],"!=":[1,2]}',
  );
  invalidFilter(
    { var: { var: "x" } },
    'Invalid filter: "var" expects a string path, got {"var":"x"}',
  );
  invalidFilter({ "==": [undefined, 1] }, "Invalid filter: unsupported value undefined");
  invalidFilter(
    { "==": [new Date(0), 1] },
    'Invalid filter: unsupported value "1970-01-01T00:00:00.000Z"',
  );
  invalidFilter({ "==": [NaN, 1] }, "Invalid filter: numbers must be finite, got NaN");
});

Deno.test("compileFilter: arity is checked per operator", () => {
  invalidFilter({ "!": [1, 2] }, 'Invalid filter: operator "!" takes 1 argument, got 2');
  invalidFilter({ "!!": [] }, 'Invalid filter: operator "!!" takes 1 argument, got 0');
  invalidFilter({ "==": [1] }, 'Invalid filter: operator "==" takes 2 arguments, got 1');
  invalidFilter({ "===": [1, 2, 3] }, 'Invalid filter: operator "===" takes 2 arguments, got 3');
  invalidFilter({ "!=": [1] }, 'Invalid filter: operator "!=" takes 2 arguments, got 1');
  invalidFilter({ "!==": [1] }, 'Invalid filter: operator "!==" takes 2 arguments, got 1');
  invalidFilter({ ">": [1, 2, 3] }, 'Invalid filter: operator ">" takes 2 arguments, got 3');
  invalidFilter({ ">=": [1, 2, 3] }, 'Invalid filter: operator ">=" takes 2 arguments, got 3');
  invalidFilter(
    { "<": [1, 2, 3, 4] },
    'Invalid filter: operator "<" takes 2 to 3 arguments, got 4',
  );
  invalidFilter({ "<=": [1] }, 'Invalid filter: operator "<=" takes 2 to 3 arguments, got 1');
  invalidFilter({ in: ["a"] }, 'Invalid filter: operator "in" takes 2 arguments, got 1');
  invalidFilter({ and: [] }, 'Invalid filter: operator "and" takes at least 1 argument, got 0');
  invalidFilter({ or: [] }, 'Invalid filter: operator "or" takes at least 1 argument, got 0');
  invalidFilter(
    { var: ["a", 1, 2] },
    'Invalid filter: operator "var" takes at most 2 arguments, got 3',
  );
});

Deno.test("compileFilter: refuses absurdly deep and cyclic filters", () => {
  let deep: unknown = true;
  for (let i = 0; i < 200; i++) deep = { "!": [deep] };
  invalidFilter(deep, "Invalid filter: nested deeper than 100 levels");
  const cyclic: Record<string, unknown[]> = { and: [] };
  cyclic.and.push(cyclic);
  throws(() => compileFilter(cyclic), ArgumentError);
});

Deno.test("filterUsesSize: finds width and height anywhere", () => {
  ok(filterUsesSize({ "<=": [450, { var: "width" }, 550] }));
  ok(
    filterUsesSize({ and: [{ "==": [{ var: "label" }, "car"] }, { ">": [{ var: "height" }, 1] }] }),
  );
  ok(filterUsesSize({ ">": [{ var: ["width", 0] }, 1] }));
  ok(!filterUsesSize({ "==": [{ var: "label" }, "car"] }));
  ok(!filterUsesSize({ "==": [{ var: "attr.car.width" }, 3] }), "an attribute named width");
  ok(!filterUsesSize({ "==": ["width", "height"] }), "plain strings are not variables");
  ok(!filterUsesSize(null));
  ok(!filterUsesSize(5));
});

Deno.test("attributeFilterValue: casts number and checkbox values", () => {
  deepStrictEqual(attributeFilterValue("number", "42.5"), 42.5);
  deepStrictEqual(attributeFilterValue("number", ""), 0);
  ok(Number.isNaN(attributeFilterValue("number", "abc")));
  deepStrictEqual(attributeFilterValue("checkbox", "true"), true);
  deepStrictEqual(attributeFilterValue("checkbox", "TRUE"), true);
  deepStrictEqual(attributeFilterValue("checkbox", "false"), false);
  deepStrictEqual(attributeFilterValue("checkbox", "yes"), false);
  deepStrictEqual(attributeFilterValue("text", "42"), "42");
  deepStrictEqual(attributeFilterValue("select", "a.b"), "a.b");
  deepStrictEqual(attributeFilterValue("radio", "x"), "x");
});
