/**
 * A test codec whose export and import wait until the test opens a gate, so that "while it
 * runs" states can be observed deterministically. Registered once per process.
 *
 * @module
 */

import { registerCodec } from "../../lib/formats/registry.ts";
import { listFormats } from "../../lib/formats/mod.ts";
import { DataError } from "../../lib/core/errors.ts";

/** The display name of the gated codec. */
export const GATED_FORMAT = "Gated test format 1.0";

let open: (() => void) | null = null;
let gate: Promise<void> = Promise.resolve();
/** What the next import does once the gate opens. */
let importOutcome: "empty" | "fail" = "empty";

/**
 * Closes the gate: exports and imports in the gated format wait until `openGate()`.
 *
 * @example
 * ```ts
 * // closeGate(); ... openGate();
 * ```
 */
export function closeGate(outcome: "empty" | "fail" = "empty"): void {
  importOutcome = outcome;
  gate = new Promise((resolve) => open = resolve);
}

/**
 * Opens the gate.
 *
 * @example
 * ```ts
 * // openGate();
 * ```
 */
export function openGate(): void {
  open?.();
  open = null;
}

if (!listFormats().some((f) => f.name === GATED_FORMAT)) {
  registerCodec({
    info: {
      name: GATED_FORMAT,
      ext: "ZIP",
      version: "1.0",
      importer: true,
      exporter: true,
      dimension: "2d",
    },
    export: () =>
      new ReadableStream({
        async pull(controller) {
          await gate;
          controller.enqueue(new TextEncoder().encode("gated"));
          controller.close();
        },
      }),
    async import() {
      await gate;
      if (importOutcome === "fail") throw new DataError("The gated import failed on purpose");
      return { tags: [], shapes: [], tracks: [] };
    },
  });
}
