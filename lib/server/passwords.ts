/**
 * Password hashing with PBKDF2-SHA256 through WebCrypto (Django's format).
 *
 * @module
 */

const ITERATIONS = 600_000;

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));
}

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(password),
    "PBKDF2",
    false,
    ["deriveBits"],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt: salt as BufferSource, iterations },
    key,
    256,
  );
  return new Uint8Array(bits);
}

/**
 * `pbkdf2_sha256$<iterations>$<salt>$<hash>` of a password, with a random salt.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { hashPassword, verifyPassword } from "./passwords.ts";
 * const hash = await hashPassword("s3cret!", { iterations: 1000 });
 * ok(await verifyPassword("s3cret!", hash) && !(await verifyPassword("nope", hash)));
 * ```
 */
export async function hashPassword(
  password: string,
  options: { iterations?: number } = {},
): Promise<string> {
  const iterations = options.iterations ?? ITERATIONS;
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, salt, iterations);
  return `pbkdf2_sha256$${iterations}$${toBase64(salt)}$${toBase64(hash)}`;
}

/**
 * Whether a password matches a stored hash (constant-time comparison).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { verifyPassword } from "./passwords.ts";
 * ok(!(await verifyPassword("x", "not a hash")));
 * ```
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterations, salt, hash] = stored.split("$");
  if (scheme !== "pbkdf2_sha256" || !salt || !hash || !/^\d+$/.test(iterations)) return false;
  const expected = fromBase64(hash);
  const actual = await derive(password, fromBase64(salt), Number(iterations));
  if (actual.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < actual.length; i++) diff |= actual[i] ^ expected[i];
  return diff === 0;
}
