/**
 * DRF-style field checks for request bodies: every error of a body is collected and answered as
 * one 400 `{"field": ["message"]}`, nested objects and lists keep DRF's nested error shapes.
 *
 * @module
 */

import { badRequest } from "./errors.ts";
import { MAX_INT, typeName } from "./body.ts";

/** Options shared by the field readers. */
export interface FieldOptions {
  /** Missing → "This field is required." */
  required?: boolean;
  /** null allowed (read as null). */
  nullable?: boolean;
}

/** A storage as written (`target_storage`, `source_storage`). */
export interface StorageInput {
  location: "local" | "cloud_storage";
  cloud_storage_id: number | null;
}

/**
 * A DRF error at a nested path: `errorAt(["labels", 1, "name"], ["x"])` →
 * `{"labels": [{}, {"name": ["x"]}]}` (list items before the failing one are `{}`).
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { errorAt } from "./body_fields.ts";
 * deepStrictEqual(errorAt(["labels", 1, "name"], ["bad"]), { labels: [{}, { name: ["bad"] }] });
 * ```
 */
export function errorAt(
  path: readonly (string | number)[],
  error: unknown,
): Record<string, unknown> {
  let value = error;
  for (let i = path.length - 1; i >= 0; i--) {
    const key = path[i];
    if (typeof key === "number") {
      const list: unknown[] = Array.from({ length: key + 1 }, () => ({}));
      list[key] = value;
      value = list;
    } else {
      value = { [key]: value };
    }
  }
  return value as Record<string, unknown>;
}

/**
 * Reads the fields of one JSON object and collects DRF's messages; `check()` throws them as one
 * 400. A reader returns `undefined` when the field is absent or wrong.
 *
 * @example
 * ```ts
 * import { throws } from "node:assert/strict";
 * import { Fields } from "./body_fields.ts";
 * const fields = new Fields({ name: "" });
 * fields.text("name", { required: true, max: 256 });
 * throws(() => fields.check());
 * ```
 */
export class Fields {
  /** Field → messages (or a nested error object). */
  readonly errors: Record<string, unknown> = {};
  /** The object being read. */
  readonly body: Record<string, unknown>;

  /** @param body The parsed JSON object. */
  constructor(body: Record<string, unknown>) {
    this.body = body;
  }

  /** Whether the body names the field (even as null). */
  has(name: string): boolean {
    return Object.hasOwn(this.body, name);
  }

  /** Whether no error was recorded. */
  get ok(): boolean {
    return Object.keys(this.errors).length === 0;
  }

  /** Throws a 400 with every collected error, if any. */
  check(): void {
    if (!this.ok) throw badRequest(this.errors);
  }

  /** Records a message (or a nested error) on a field; returns undefined. */
  fail(name: string, error: string | Record<string, unknown> | unknown[]): undefined {
    this.errors[name] = typeof error === "string" ? [error] : error;
    return undefined;
  }

  private raw(name: string, options: FieldOptions): unknown {
    if (!this.has(name)) {
      return options.required ? this.fail(name, "This field is required.") : undefined;
    }
    const value = this.body[name];
    if (value === null && !options.nullable) return this.fail(name, "This field may not be null.");
    return value;
  }

  /** An integer in `[min, 2^31 - 1]` (numeric strings accepted, as DRF does). */
  int(name: string, options: FieldOptions & { min?: number } = {}): number | null | undefined {
    const value = this.raw(name, options);
    if (value === undefined || value === null) return value as undefined | null;
    const number = typeof value === "string" && /^\s*-?\d{1,20}(\.0*)?\s*$/.test(value)
      ? Number.parseInt(value, 10)
      : value;
    if (typeof number !== "number" || !Number.isInteger(number)) {
      return this.fail(name, "A valid integer is required.");
    }
    if (number > MAX_INT) {
      return this.fail(name, `Ensure this value is less than or equal to ${MAX_INT}.`);
    }
    const min = options.min ?? -MAX_INT - 1;
    if (number < min) {
      return this.fail(name, `Ensure this value is greater than or equal to ${min}.`);
    }
    return number;
  }

  /** A string of at most `max` characters (numbers are read as text, as DRF does). */
  text(
    name: string,
    options: FieldOptions & { max: number; allowBlank?: boolean },
  ): string | null | undefined {
    const value = this.raw(name, options);
    if (value === undefined || value === null) return value as undefined | null;
    if (typeof value !== "string" && typeof value !== "number") {
      return this.fail(name, "Not a valid string.");
    }
    const text = String(value);
    if (text.trim() === "" && !options.allowBlank) {
      return this.fail(name, "This field may not be blank.");
    }
    if (text.length > options.max) {
      return this.fail(name, `Ensure this field has no more than ${options.max} characters.`);
    }
    return text;
  }

  /** A boolean (true/false, and DRF's "true"/"false"/1/0 spellings). */
  bool(name: string, options: FieldOptions = {}): boolean | null | undefined {
    const value = this.raw(name, options);
    if (value === undefined || value === null) return value as undefined | null;
    if (value === true || value === false) return value;
    if (typeof value === "string" || typeof value === "number") {
      const text = String(value).toLowerCase();
      if (["true", "1", "yes", "on"].includes(text)) return true;
      if (["false", "0", "no", "off"].includes(text)) return false;
    }
    return this.fail(name, "Must be a valid boolean.");
  }

  /** One of `choices` (`"x" is not a valid choice.`). */
  choice<T extends string>(
    name: string,
    choices: readonly T[],
    options: FieldOptions = {},
  ): T | null | undefined {
    const value = this.raw(name, options);
    if (value === undefined || value === null) return value as undefined | null;
    if (typeof value !== "string" || !choices.includes(value as T)) {
      const text = typeof value === "object" ? JSON.stringify(value) : String(value);
      return this.fail(name, `"${text.slice(0, 100)}" is not a valid choice.`);
    }
    return value as T;
  }

  /** A JSON list (DRF's `Expected a list of items but got type "dict".`). */
  list(name: string, options: FieldOptions = {}): unknown[] | null | undefined {
    const value = this.raw(name, options);
    if (value === undefined || value === null) return value as undefined | null;
    if (!Array.isArray(value)) {
      return this.fail(name, {
        non_field_errors: [`Expected a list of items but got type "${typeName(value)}".`],
      });
    }
    return value;
  }

  /** A storage object `{location, cloud_storage_id}` (null allowed). */
  storage(name: string): StorageInput | null | undefined {
    const value = this.raw(name, { nullable: true });
    if (value === undefined || value === null) return value as undefined | null;
    if (typeof value !== "object" || Array.isArray(value)) {
      return this.fail(name, {
        non_field_errors: [`Invalid data. Expected a dictionary, but got ${typeName(value)}.`],
      });
    }
    const inner = new Fields(value as Record<string, unknown>);
    const location = inner.choice("location", ["local", "cloud_storage"] as const) ?? "local";
    const cloud = inner.int("cloud_storage_id", { nullable: true, min: 0 }) ?? null;
    if (inner.ok && (location === "cloud_storage" || cloud !== null)) {
      // cvat-lite has no cloud storages, so no id can name one.
      inner.fail("cloud_storage_id", `Invalid pk "${cloud}" - object does not exist.`);
    }
    if (!inner.ok) return this.fail(name, inner.errors);
    return { location, cloud_storage_id: cloud };
  }
}
