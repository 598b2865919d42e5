import { deepStrictEqual, ok } from "node:assert/strict";
import { OPERATORS, truthy } from "../../lib/core/filter_operators.ts";

Deno.test("truthy: JSON-logic truthiness", () => {
  deepStrictEqual([[], [0], 0, 1, "", "0", null, undefined, {}, false, true].map(truthy), [
    false,
    true,
    false,
    true,
    false,
    true,
    false,
    false,
    true,
    false,
    true,
  ]);
});

Deno.test("OPERATORS: the supported set and its arities", () => {
  const arity = Object.fromEntries([...OPERATORS].map(([op, spec]) => [op, [spec.min, spec.max]]));
  deepStrictEqual(arity, {
    "==": [2, 2],
    "===": [2, 2],
    "!=": [2, 2],
    "!==": [2, 2],
    "<": [2, 3],
    "<=": [2, 3],
    ">": [2, 2],
    ">=": [2, 2],
    "!": [1, 1],
    "!!": [1, 1],
    and: [1, Infinity],
    or: [1, Infinity],
    in: [2, 2],
  });
  ok(!OPERATORS.has("var"), "var is compiled apart");
});

Deno.test("OPERATORS: builders combine evaluators", () => {
  const constant = (value: unknown) => () => value;
  const build = (op: string, ...values: unknown[]) =>
    OPERATORS.get(op)!.build(values.map(constant))(null);
  deepStrictEqual(build("<=", 1, 2, 2), true);
  deepStrictEqual(build("<", 1, 2, 2), false);
  deepStrictEqual(build(">", 3, 2), true);
  deepStrictEqual(build(">=", 2, 2), true);
  deepStrictEqual(build("and", 1, "", 2), "");
  deepStrictEqual(build("or", 0, [], "x"), "x");
  deepStrictEqual(build("in", "b", "abc"), true);
  deepStrictEqual(build("in", "b", ["a", "b"]), true);
  deepStrictEqual(build("in", "b", null), false);
});
