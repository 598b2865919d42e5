/**
 * Values as error messages quote them: strings in quotes, numbers as written (NaN, Infinity
 * included), objects as short JSON.
 *
 * @module
 */

/**
 * A short printable form of any value for an error message.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { show } from "./show.ts";
 * ok(show(NaN) === "NaN" && show("a") === '"a"' && show(undefined) === "undefined");
 * ```
 */
export function show(value: unknown): string {
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (value === undefined || typeof value === "function" || typeof value === "symbol") {
    return String(value);
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  text ??= String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
