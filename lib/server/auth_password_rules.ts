/**
 * Django's default password validators, with their messages: similarity to the user's
 * attributes, a minimum length of 8, a list of common passwords, and "entirely numeric".
 *
 * @module
 */

/** The minimum password length (Django's `MinimumLengthValidator`). */
export const MIN_PASSWORD_LENGTH = 8;

/** The mismatch message (with Django's typographic apostrophe). */
export const PASSWORD_MISMATCH = "The two password fields didn\u2019t match.";

// A short list of the most common passwords (Django ships 20 000; these are its top entries and
// the ones clients and tests try). Compared lower-cased and trimmed.
const COMMON = new Set([
  "password",
  "123456",
  "12345678",
  "123456789",
  "1234567890",
  "12345",
  "1234",
  "qwerty",
  "qwertyuiop",
  "abc123",
  "111111",
  "123123",
  "1234567",
  "password1",
  "password123",
  "iloveyou",
  "admin",
  "admin123",
  "letmein",
  "welcome",
  "monkey",
  "dragon",
  "football",
  "baseball",
  "sunshine",
  "princess",
  "master",
  "shadow",
  "superman",
  "trustno1",
  "passw0rd",
  "pass",
  "qwerty123",
  "1q2w3e4r",
  "1qaz2wsx",
  "zaq12wsx",
  "starwars",
  "whatever",
  "michael",
  "jennifer",
  "hunter2",
  "computer",
  "internet",
  "changeme",
  "secret",
  "test1234",
  "testtest",
  "asdfghjkl",
  "asdfasdf",
  "00000000",
  "11111111",
  "87654321",
  "88888888",
  "q1w2e3r4",
  "google",
  "login",
  "access",
  "freedom",
  "welcome1",
  "p@ssw0rd",
  "administrator",
  "root",
  "toor",
  "guest",
]);

/** A user's attributes the similarity check compares against (Django's verbose names). */
export interface PasswordUser {
  username?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
}

const ATTRIBUTES: [keyof PasswordUser, string][] = [
  ["username", "username"],
  ["firstName", "first name"],
  ["lastName", "last name"],
  ["email", "email address"],
];

/** difflib's `quick_ratio`: 2 × (shared characters, as multisets) / (total length). */
function quickRatio(a: string, b: string): number {
  const counts = new Map<string, number>();
  for (const ch of b) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let matches = 0;
  for (const ch of a) {
    const left = counts.get(ch) ?? 0;
    if (left > 0) {
      matches++;
      counts.set(ch, left - 1);
    }
  }
  const total = a.length + b.length;
  return total ? (2 * matches) / total : 1;
}

function tooSimilar(password: string, user: PasswordUser): string | null {
  const lower = password.toLowerCase();
  for (const [field, verbose] of ATTRIBUTES) {
    const value = user[field];
    if (!value) continue;
    const valueLower = value.toLowerCase();
    for (const part of [...valueLower.split(/[^\p{L}\p{N}_]+/u), valueLower]) {
      // Django skips parts far shorter than the password (exceeds_maximum_length_ratio).
      if (lower.length >= 10 * part.length && part.length < 0.7 / 2 * lower.length) continue;
      if (quickRatio(lower, part) >= 0.7) return `The password is too similar to the ${verbose}.`;
    }
  }
  return null;
}

/**
 * The messages of every validator the password fails (empty when it passes). Without `user`
 * the similarity check is skipped, as Django does.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { passwordProblems } from "./auth_password_rules.ts";
 * deepStrictEqual(passwordProblems("pass"), [
 *   "This password is too short. It must contain at least 8 characters.",
 *   "This password is too common.",
 * ]);
 * deepStrictEqual(passwordProblems("correct horse battery"), []);
 * ```
 */
export function passwordProblems(password: string, user?: PasswordUser): string[] {
  const problems: string[] = [];
  const similar = user ? tooSimilar(password, user) : null;
  if (similar) problems.push(similar);
  if (password.length < MIN_PASSWORD_LENGTH) {
    problems.push(
      `This password is too short. It must contain at least ${MIN_PASSWORD_LENGTH} characters.`,
    );
  }
  if (COMMON.has(password.toLowerCase().trim())) problems.push("This password is too common.");
  if (/^\p{Nd}+$/u.test(password)) problems.push("This password is entirely numeric.");
  return problems;
}
