/**
 * Wrapping of a session's methods: each public method goes through the plugin registry under
 * its path (`"Job.frames.get"`) with `this` bound to the Task or Job, and a failure is also
 * announced on the session's bus as an `"exception"` event `{ error }` before it rejects the call.
 *
 * @module
 */

import { sessionPath, type SessionState } from "./session.ts";

/**
 * The public form of a session method: plugin hooks at `<Class>.<namespace>.<method>`, `this` =
 * the session's instance, and an `"exception"` event on the session's bus when it fails.
 *
 * @example
 * ```ts
 * // const get = wrapSessionMethod(state, ["frames", "get"], (frame: number) => load(frame));
 * // await get(3); // plugins see "Job.frames.get" with this = the job
 * ```
 */
// deno-lint-ignore no-explicit-any
export function wrapSessionMethod<A extends any[], R>(
  state: SessionState,
  where: [namespace: string, method: string],
  fn: (...args: A) => R | Promise<R>,
): (...args: A) => Promise<Awaited<R>> {
  const path = sessionPath(state.target, where[0], where[1]);
  return announceFailure(state, state.ctx.plugins.wrap(path, fn), state.target.instance);
}

/**
 * Calls `wrapped` with `this` = `self` and emits `"exception"` `{ error }` on the session's bus
 * when it rejects (the rejection is passed on unchanged).
 *
 * @example
 * ```ts
 * // const image = announceFailure(state, plugins.wrap("FrameData.image", load), frameData);
 * ```
 */
// deno-lint-ignore no-explicit-any
export function announceFailure<A extends any[], R>(
  state: Pick<SessionState, "bus">,
  // deno-lint-ignore no-explicit-any
  wrapped: (this: any, ...args: A) => Promise<R>,
  self: object,
): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await wrapped.call(self, ...args);
    } catch (error) {
      state.bus.emit("exception", { error });
      throw error;
    }
  };
}
