/**
 * Authentication: the middleware that identifies every request (Token, session cookie with
 * CSRF, Basic; see `auth_middleware.ts`) and the `/api/auth/*` routes (login, logout, register,
 * password change).
 *
 * @module
 */

import type { Hono } from "./deps.ts";
import type { Ctx, Env, ServerContext } from "./context.ts";
import { HttpError, methodNotAllowed } from "./errors.ts";
import { authMiddleware } from "./auth_middleware.ts";
import { loginRoute, logoutRoute } from "./auth_login.ts";
import { registerRoute } from "./auth_register.ts";
import { passwordChangeRoute } from "./auth_password_change.ts";

export { authenticate, type Authenticated, authMiddleware } from "./auth_middleware.ts";
export { basicCache } from "./auth_credentials.ts";

const ROUTES: [string, (c: Ctx, ctx: ServerContext) => Promise<Response>][] = [
  ["/api/auth/login", loginRoute],
  ["/api/auth/logout", logoutRoute],
  ["/api/auth/register", registerRoute],
  ["/api/auth/password/change", passwordChangeRoute],
];

/**
 * Installs the authentication middleware for every route after it, then the auth routes
 * (POST only; other methods get 405 with `Allow: POST, OPTIONS`).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { createApp, memoryStore } from "../../server.ts";
 * const app = createApp({
 *   store: memoryStore(),
 *   admin: { username: "admin", password: "s3cret!" },
 *   passwordIterations: 1000,
 * });
 * const res = await app.request("/api/auth/login", {
 *   method: "POST",
 *   headers: { "Content-Type": "application/json" },
 *   body: JSON.stringify({ username: "admin", password: "s3cret!" }),
 * });
 * strictEqual((await res.json()).key.length, 40);
 * ```
 */
export function registerAuthRoutes(app: Hono<Env>, ctx: ServerContext): void {
  app.use("*", authMiddleware(ctx));
  for (const [path, route] of ROUTES) {
    app.post(path, (c) => route(c, ctx));
    app.all(path, (c) => {
      throw new HttpError(405, methodNotAllowed(c.req.method).body, { Allow: "POST, OPTIONS" });
    });
  }
}
