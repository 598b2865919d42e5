import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
import { compileFilter, pythonRepr } from "../../lib/server/lists_filter.ts";
import { HttpError } from "../../lib/server/errors.ts";

interface Item {
  id: number;
  name: string;
  assignee: string | null;
  done: boolean;
  updated: string;
}

const ITEMS: Item[] = [
  { id: 1, name: "cat", assignee: "ann", done: false, updated: "2024-01-01T10:00:00.000000Z" },
  { id: 2, name: "dog", assignee: null, done: true, updated: "2024-01-02T10:00:00.000000Z" },
  { id: 3, name: "Bobcat", assignee: "bob", done: false, updated: "2024-01-03T10:00:00.500000Z" },
  { id: 4, name: "bird", assignee: null, done: true, updated: "2024-01-04T00:00:00.000000Z" },
  { id: 5, name: "5", assignee: "ann", done: false, updated: "2024-01-05T10:00:00.000000Z" },
];

const FIELDS = {
  id: (i: Item) => i.id,
  name: (i: Item) => i.name,
  assignee: (i: Item) => i.assignee,
  done: (i: Item) => i.done,
  updated_date: (i: Item) => i.updated,
};

/** The ids an object filter keeps. */
function ids(rules: unknown): number[] {
  const match = compileFilter(JSON.stringify(rules), FIELDS);
  return ITEMS.filter(match).map((i) => i.id);
}

/** The 400 body a filter text gets. */
function failure(text: string): unknown {
  try {
    compileFilter(text, FIELDS);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    strictEqual(error.status, 400);
    return error.body;
  }
  throw new Error(`no error for ${text}`);
}

Deno.test("filter: binary comparisons coerce the value to the field's type", () => {
  deepStrictEqual(ids({ "==": [{ var: "id" }, 3] }), [3]);
  deepStrictEqual(ids({ "==": [{ var: "id" }, "3"] }), [3]);
  deepStrictEqual(ids({ "<": [{ var: "id" }, 3] }), [1, 2]);
  deepStrictEqual(ids({ ">": [{ var: "id" }, 3] }), [4, 5]);
  deepStrictEqual(ids({ "<=": [{ var: "id" }, 3] }), [1, 2, 3]);
  deepStrictEqual(ids({ ">=": [{ var: "id" }, "3"] }), [3, 4, 5]);
  deepStrictEqual(ids({ "==": [{ var: "name" }, "cat"] }), [1]);
  deepStrictEqual(ids({ "==": [{ var: "name" }, 5] }), [5]);
  deepStrictEqual(ids({ "<": [{ var: "name" }, "c"] }), [3, 4, 5]);
  deepStrictEqual(ids({ "==": [{ var: "done" }, true] }), [2, 4]);
  deepStrictEqual(ids({ "==": [{ var: "done" }, "f"] }), [1, 3, 5]);
  deepStrictEqual(ids({ "==": [{ var: "id" }, "abc"] }), []);
});

Deno.test("filter: null means 'is null' with == and matches nothing otherwise", () => {
  deepStrictEqual(ids({ "==": [{ var: "assignee" }, null] }), [2, 4]);
  deepStrictEqual(ids({ "<": [{ var: "assignee" }, null] }), []);
  deepStrictEqual(ids({ "==": [{ var: "assignee" }, "ann"] }), [1, 5]);
});

Deno.test("filter: dates compare as instants, a bare date is midnight UTC", () => {
  deepStrictEqual(ids({ ">=": [{ var: "updated_date" }, "2024-01-03"] }), [3, 4, 5]);
  deepStrictEqual(ids({ "<=": [{ var: "updated_date" }, "2024-01-04"] }), [1, 2, 3, 4]);
  deepStrictEqual(ids({ "==": [{ var: "updated_date" }, "2024-01-03T10:00:00.5Z"] }), [3]);
  deepStrictEqual(ids({ ">": [{ var: "updated_date" }, "2024-01-03T12:00:00+02:00"] }), [3, 4, 5]);
  deepStrictEqual(ids({ "<": [{ var: "updated_date" }, "2024-01-02T10:00"] }), [1]);
});

Deno.test("filter: and, or, !, !!, var alone", () => {
  deepStrictEqual(ids({ and: [{ ">": [{ var: "id" }, 1] }, { "<": [{ var: "id" }, 4] }] }), [2, 3]);
  deepStrictEqual(ids({ or: [{ "==": [{ var: "id" }, 1] }, { "==": [{ var: "id" }, 4] }] }), [
    1,
    4,
  ]);
  deepStrictEqual(ids({ and: [{ "==": [{ var: "id" }, 2] }] }), [2]);
  deepStrictEqual(ids({ "!": { "==": [{ var: "id" }, 1] } }), [2, 3, 4, 5]);
  deepStrictEqual(ids({ "!": [{ "==": [{ var: "id" }, 1] }] }), [2, 3, 4, 5]);
  deepStrictEqual(ids({ var: "assignee" }), [1, 3, 5]);
  deepStrictEqual(ids({ "!!": { var: "assignee" } }), [1, 3, 5]);
  deepStrictEqual(ids({ "!": { var: "assignee" } }), [2, 4]);
  deepStrictEqual(
    ids({
      or: [{ and: [{ var: "assignee" }, { "==": [{ var: "done" }, false] }] }, {
        "==": [{ var: "id" }, 2],
      }],
    }),
    [1, 2, 3, 5],
  );
});

Deno.test("filter: in as membership, as substring, and the ternary between", () => {
  deepStrictEqual(ids({ in: [{ var: "id" }, [1, "3", 9]] }), [1, 3]);
  deepStrictEqual(ids({ in: [{ var: "assignee" }, ["bob", null]] }), [3]);
  deepStrictEqual(ids({ in: ["cat", { var: "name" }] }), [1, 3]);
  deepStrictEqual(ids({ in: ["Cat", { var: "name" }] }), []);
  deepStrictEqual(ids({ in: ["5", { var: "id" }] }), [5]);
  deepStrictEqual(ids({ "<=": [2, { var: "id" }, 4] }), [2, 3, 4]);
  deepStrictEqual(ids({ "<=": ["2024-01-02", { var: "updated_date" }, "2024-01-03"] }), [2]);
});

Deno.test("filter: only the first key of a rule counts, as in CVAT", () => {
  deepStrictEqual(ids({ "==": [{ var: "id" }, 1], "!=": 5 }), [1]);
});

Deno.test("filter: an empty filter is rejected", () => {
  deepStrictEqual(failure("{}"), ["filter shouldn't be empty"]);
  deepStrictEqual(failure("[]"), ["filter shouldn't be empty"]);
  deepStrictEqual(failure('""'), ["filter shouldn't be empty"]);
});

Deno.test("filter: bad JSON and non-object JSON need JSON syntax", () => {
  deepStrictEqual(failure("{"), ["filter: Json syntax should be used"]);
  deepStrictEqual(failure("{'==': 1}"), ["filter: Json syntax should be used"]);
  deepStrictEqual(failure("abc"), ["filter: Json syntax should be used"]);
  deepStrictEqual(failure("5"), ["filter: Json syntax should be used"]);
  deepStrictEqual(failure("null"), ["filter: Json syntax should be used"]);
  deepStrictEqual(failure("[1]"), ["filter: Json syntax should be used"]);
});

Deno.test("filter: unknown fields are terms that are not supported", () => {
  deepStrictEqual(failure('{"==":[{"var":"x"},1]}'), ["filter: 'x' term is not supported"]);
  deepStrictEqual(failure('{"var":"secret"}'), ["filter: 'secret' term is not supported"]);
  deepStrictEqual(failure('{"var":"constructor"}'), [
    "filter: 'constructor' term is not supported",
  ]);
  deepStrictEqual(failure('{"in":["a",{"var":"x"}]}'), ["filter: 'x' term is not supported"]);
  deepStrictEqual(failure('{"<=":[1,{"var":"x"},2]}'), ["filter: 'x' term is not supported"]);
  deepStrictEqual(failure('{"==":[{"field":"id"},1]}'), ["filter: 'var' term is not supported"]);
  deepStrictEqual(failure('{"var":5}'), ["filter: 5 term is not supported"]);
  deepStrictEqual(failure('{"and":[{"var":"id"},{"!":{"var":"nope"}}]}'), [
    "filter: 'nope' term is not supported",
  ]);
});

Deno.test("filter: anything else is an operation that is not implemented", () => {
  const cases: [string, string][] = [
    ['{"!=":[{"var":"id"},1]}', "!= operation with [{'var': 'id'}, 1] arguments"],
    ['{"<":[1,{"var":"id"},3]}', "< operation with [1, {'var': 'id'}, 3] arguments"],
    ['{"==":[{"var":"id"}]}', "== operation with [{'var': 'id'}] arguments"],
    ['{"==":[{"var":"id"},[1]]}', "== operation with [{'var': 'id'}, [1]] arguments"],
    ['{"==":["id",1]}', "== operation with ['id', 1] arguments"],
    ['{"==":5}', "== operation with 5 arguments"],
    ['{"and":[]}', "and operation with [] arguments"],
    ['{"or":{"var":"id"}}', "or operation with {'var': 'id'} arguments"],
    ['{"and":[1,true,null]}', "and operation with [1, True, None] arguments"],
    ['{"!":"x"}', "! operation with 'x' arguments"],
    ['{"in":[{"var":"id"},5]}', "in operation with [{'var': 'id'}, 5] arguments"],
    ['{"in":[null,{"var":"id"}]}', "in operation with [None, {'var': 'id'}] arguments"],
    ['{"in":[{"var":"id"}]}', "in operation with [{'var': 'id'}] arguments"],
    ['{"some":[1,2]}', "some operation with [1, 2] arguments"],
    ['{"!=":[{"var":"name"},"it\'s"]}', `!= operation with [{'var': 'name'}, "it's"]`],
  ];
  for (const [text, message] of cases) {
    const body = failure(text) as string[];
    strictEqual(body.length, 1, text);
    strictEqual(body[0].startsWith(`filter: ${message}`), true, `${text}: ${body[0]}`);
    strictEqual(body[0].endsWith(" arguments is not implemented"), true, body[0]);
  }
});

Deno.test("filter: the filter is compiled once, errors come before any item is read", () => {
  let reads = 0;
  const fields = { id: (i: Item) => (reads++, i.id) };
  throws(() => compileFilter('{"and":[{"==":[{"var":"id"},1]},{"var":"x"}]}', fields));
  strictEqual(reads, 0);
});

Deno.test("pythonRepr prints values as Python would", () => {
  strictEqual(pythonRepr({ a: [1, 2.5, "x"], b: false }), "{'a': [1, 2.5, 'x'], 'b': False}");
  strictEqual(pythonRepr("it's"), `"it's"`);
  strictEqual(pythonRepr(`both ' and "`), `'both \\' and "'`);
  strictEqual(pythonRepr("a\\b\nc\u0001"), "'a\\\\b\\nc\\x01'");
  strictEqual(pythonRepr(1e21), "1000000000000000000000");
  strictEqual(pythonRepr("ünï"), "'ünï'");
});
