/**
 * The text of a LabelMe `<attributes>` element (formats.md §12): `k=v` pairs joined by `", "`.
 *
 * Writing (as Datumaro): names and string values escape `\`, `=`, `"` and `,` with a backslash;
 * a string that reads as a number (`"42"`, `"1.5"` — Python's `str(int(v)) == v` or
 * `str(float(v)) == v`) is written in double quotes instead, so it stays a string; booleans are
 * `True`/`False`, numbers Python reprs (`42.0`; `track_id` is an integer).
 *
 * Reading: pairs split on unescaped commas and trimmed; the name ends at the first unescaped `=`
 * (no `=`: the value is `true`); `true`/`false` in any case → booleans, a value in unescaped
 * double quotes → that string, a canonical integer or float text → a number, else the string
 * unescaped. Deliberate difference: Datumaro swaps escapes for placeholders before splitting,
 * which mis-reads an escaped backslash before a comma (`\\,`); we read escapes left to right.
 *
 * @module
 */

import type { TypedValue } from "./item_attributes.ts";
import { pyFloat } from "./py_repr.ts";

function escape(text: string): string {
  return text.replace(/[\\=",]/g, (c) => `\\${c}`);
}

function looksNumeric(text: string): boolean {
  if (/^-?\d+$/.test(text)) return String(BigInt(text)) === text;
  if (/^(nan|inf|-inf)$/.test(text)) return true;
  const number = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : NaN;
  return !Number.isNaN(number) && pyFloat(number) === text;
}

function valueText(name: string, value: TypedValue): string {
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") {
    return name === "track_id" && Number.isInteger(value) ? String(value) : pyFloat(value);
  }
  return looksNumeric(value) ? `"${value}"` : escape(value);
}

/**
 * The `<attributes>` text of typed attributes.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { encodeLabelMeAttributes } from "./labelme_attributes.ts";
 * equal(encodeLabelMeAttributes({ model: "a,b", size: "42", speed: 3, parked: true, track_id: 0 }),
 *   'model=a\\,b, size="42", speed=3.0, parked=True, track_id=0');
 * ```
 */
export function encodeLabelMeAttributes(attributes: Record<string, TypedValue>): string {
  return Object.entries(attributes)
    .map(([name, value]) => `${escape(name)}=${valueText(name, value)}`)
    .join(", ");
}

interface Piece {
  /** The text with escapes resolved. */
  text: string;
  /** Where the first unescaped `=` was (in `text`), or -1. */
  equals: number;
  /** Whether the value started and ended with unescaped quotes. */
  quotedFrom: number;
  quotedTo: number;
}

function splitPieces(source: string): Piece[] {
  const pieces: Piece[] = [];
  let piece: Piece = { text: "", equals: -1, quotedFrom: -1, quotedTo: -1 };
  const quotes: number[] = [];
  const finish = () => {
    const lead = piece.text.length - piece.text.trimStart().length;
    const text = piece.text.trim();
    pieces.push({
      text,
      equals: piece.equals < 0 ? -1 : piece.equals - lead,
      quotedFrom: quotes.includes(piece.equals + 1) ? piece.equals + 1 - lead : -1,
      quotedTo: quotes.includes(lead + text.length - 1) ? text.length - 1 : -1,
    });
    piece = { text: "", equals: -1, quotedFrom: -1, quotedTo: -1 };
    quotes.length = 0;
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\" && i + 1 < source.length) piece.text += source[++i];
    else if (c === ",") finish();
    else {
      if (c === "=" && piece.equals < 0) piece.equals = piece.text.length;
      if (c === '"') quotes.push(piece.text.length);
      piece.text += c;
    }
  }
  finish();
  return pieces.filter((p) => p.text !== "");
}

function typed(piece: Piece): TypedValue {
  const value = piece.text.slice(piece.equals + 1);
  if (/^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  if (value.length > 1 && piece.quotedFrom === piece.equals + 1 && piece.quotedTo >= 0) {
    return value.slice(1, -1);
  }
  if (/^[+-]?\d+$/.test(value)) return String(Number(value)) === value ? Number(value) : value;
  return looksNumeric(value) && Number.isFinite(Number(value)) ? Number(value) : value;
}

/**
 * Parses an `<attributes>` text into name → value.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { parseLabelMeAttributes } from "./labelme_attributes.ts";
 * deepEqual(parseLabelMeAttributes('model=a\\,b, size="42", speed=3.0, parked=True, flag'),
 *   { model: "a,b", size: "42", speed: 3, parked: true, flag: true });
 * ```
 */
export function parseLabelMeAttributes(text: string): Record<string, TypedValue> {
  const out: Record<string, TypedValue> = {};
  for (const piece of splitPieces(text)) {
    if (piece.equals < 0) out[piece.text] = true;
    else out[piece.text.slice(0, piece.equals)] = typed(piece);
  }
  return out;
}
