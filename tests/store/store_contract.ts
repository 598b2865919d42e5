/**
 * The Store contract: one suite every adapter must pass with the same expectations.
 * `storeContract(name, makeStore)` registers its cases as `Deno.test`s; each case gets a fresh
 * store from `makeStore` and calls its `cleanup` at the end.
 *
 * @module
 */

import type { MakeStore } from "./store_contract_records.ts";
import { tableContract } from "./store_contract_tables.ts";
import { keyedContract } from "./store_contract_keyed.ts";
import { annotationContract } from "./store_contract_annotations.ts";

export type { MakeStore, StoreUnderTest } from "./store_contract_records.ts";

/**
 * Registers the whole contract for one adapter.
 *
 * @example
 * ```ts
 * // storeContract("memory", () => Promise.resolve({ store: memoryStore(), cleanup() {} }));
 * ```
 */
export function storeContract(name: string, makeStore: MakeStore): void {
  tableContract(name, makeStore);
  keyedContract(name, makeStore);
  annotationContract(name, makeStore);
}
