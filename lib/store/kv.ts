/**
 * STUB: the Deno KV Store adapter (to be written).
 *
 * @module
 */

import type { Store } from "./types.ts";

/**
 * A Store on a Deno KV database (stub).
 *
 * @example
 * ```ts
 * // const store = kvStore(await Deno.openKv(":memory:"));
 * ```
 */
export function kvStore(_kv: Deno.Kv): Store {
  throw new Error("kvStore is not written yet");
}
