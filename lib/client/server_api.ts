/**
 * `cvat.server`: about, login, logout, register, authenticated, formats (STUB).
 *
 * @module
 */

import type { ClientContext } from "./context.ts";

/** `cvat.server`. */
export interface ServerApi {
  about(): Promise<{ name: string; description: string; version: string }>;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  register(
    username: string,
    firstName: string,
    lastName: string,
    email: string,
    password: string,
  ): Promise<unknown>;
  authenticated(): Promise<boolean>;
  formats(): Promise<{ importers: unknown[]; exporters: unknown[] }>;
}

/**
 * Builds `cvat.server`.
 *
 * @example
 * ```ts
 * // const server = createServerApi(ctx); await server.login("admin", "pw");
 * ```
 */
export function createServerApi(ctx: ClientContext): ServerApi {
  const missing = () =>
    Promise.reject(new Error(`server API not implemented (${ctx.config.backendAPI})`));
  return {
    about: missing,
    login: missing,
    logout: missing,
    register: missing,
    authenticated: missing,
    formats: missing,
  };
}
