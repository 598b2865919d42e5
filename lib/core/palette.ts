/**
 * Display colours the collection gives objects and groups (client-side only; never saved).
 *
 * @module
 */

/** Thirty distinct colours; an object's colour is `PALETTE[clientID % 30]`. */
export const PALETTE: readonly string[] = Object.freeze([
  "#33DDFF",
  "#FA3253",
  "#34D1B7",
  "#FF007C",
  "#FF6037",
  "#DDFF33",
  "#24B353",
  "#B83DF5",
  "#66FF66",
  "#32B7FA",
  "#FFCC33",
  "#83E070",
  "#FAFA37",
  "#5986B3",
  "#8C78F0",
  "#FF6A4D",
  "#F078F0",
  "#2A7DD1",
  "#B25050",
  "#CC3366",
  "#CC9933",
  "#AAF0D1",
  "#FF00CC",
  "#3DF53D",
  "#FA7DBB",
  "#8C7A50",
  "#FF0000",
  "#00BFFF",
  "#9ACD32",
  "#B0A0FF",
]);

/** The colour of group 0 (no group). */
export const NO_GROUP_COLOR = "#E0E0E0";

/**
 * The colour of an object or group id.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { colorOf } from "./palette.ts";
 * ok(colorOf(30) === colorOf(0));
 * ```
 */
export function colorOf(id: number): string {
  return PALETTE[Math.abs(id) % PALETTE.length];
}
