/**
 * Labels and their attributes, built from the server's label JSON.
 *
 * @module
 */

import { show } from "./show.ts";
import { ArgumentError } from "./errors.ts";
import { AttributeType, LabelType } from "./enums.ts";
import type { WireAttributeSpec, WireLabel } from "./wire_types.ts";

const INPUT_TYPES = new Set<string>(Object.values(AttributeType));
const LABEL_TYPES = new Set<string>(Object.values(LabelType));

function requireString(value: unknown, field: string): string {
  if (typeof value !== "string") {
    throw new ArgumentError(`${field} must be a string, got ${show(value)}`);
  }
  return value;
}

function listOf<T>(value: T[] | undefined, field: string): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw new ArgumentError(`Label ${field} must be an array, got ${show(value)}`);
  }
  return value;
}

function optionalId(value: unknown, field: string): number | null {
  if (value === undefined || value === null) return null;
  if (!Number.isInteger(value)) {
    throw new ArgumentError(`${field} must be an integer, got ${show(value)}`);
  }
  return value as number;
}

/**
 * A label attribute: its input type, whether it changes per frame, its default and values.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { Attribute } from "@cvat-lite/cvat";
 * const speed = new Attribute({
 *   id: 3, name: "speed", mutable: true, input_type: "number", default_value: "0",
 *   values: ["0", "200", "1"],
 * });
 * ok(speed.inputType === "number" && speed.default === "0");
 * ```
 */
export class Attribute {
  /** Server id; null for an attribute not yet saved. */
  readonly id: number | null;
  /** The attribute's name, unique per label. */
  readonly name: string;
  /** Whether the value may change from frame to frame on a track. */
  readonly mutable: boolean;
  /** How the value is entered: `checkbox`, `radio`, `select`, `number` or `text`. */
  readonly inputType: AttributeType;
  /** The value given when none is set. */
  readonly defaultValue: string;
  /** The allowed values; `[min, max, step]` for `number`. */
  readonly values: readonly string[];

  /**
   * Makes an attribute; throws ArgumentError on a bad name or input type.
   *
   * @param data The server's attribute JSON (`input_type`, `default_value`, ...).
   */
  constructor(data: WireAttributeSpec) {
    if (typeof data !== "object" || data === null) {
      throw new ArgumentError(`Attribute must be an object, got ${show(data)}`);
    }
    this.id = optionalId(data.id, "attribute id");
    this.name = requireString(data.name, "attribute name");
    const inputType = requireString(data.input_type, `input_type of attribute "${data.name}"`);
    if (!INPUT_TYPES.has(inputType)) {
      throw new ArgumentError(`Attribute "${data.name}" has an unknown input_type "${inputType}"`);
    }
    this.inputType = inputType as AttributeType;
    this.mutable = Boolean(data.mutable);
    const values = Array.isArray(data.values) ? data.values.map(String) : [];
    this.values = Object.freeze(values);
    this.defaultValue = data.default_value === undefined || data.default_value === null
      ? defaultFor(this.inputType, values)
      : String(data.default_value);
    Object.freeze(this);
  }

  /** The seed API's name for `inputType`. */
  get type(): AttributeType {
    return this.inputType;
  }

  /** The seed API's name for `defaultValue`. */
  get default(): string {
    return this.defaultValue;
  }

  /** The server's JSON form. */
  toJSON(): WireAttributeSpec {
    const json: WireAttributeSpec = {
      name: this.name,
      mutable: this.mutable,
      input_type: this.inputType,
      default_value: this.defaultValue,
      values: [...this.values],
    };
    if (this.id !== null) json.id = this.id;
    return json;
  }
}

function defaultFor(inputType: AttributeType, values: string[]): string {
  if (inputType === "checkbox") return values[0] ?? "false";
  if (inputType === "text") return values[0] ?? "";
  return values[0] ?? "";
}

/**
 * A label with its attributes; skeleton labels carry their sublabels in `structure`.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { Label } from "@cvat-lite/cvat";
 * const car = new Label({ id: 1, name: "car", type: "rectangle", attributes: [] });
 * ok(car.name === "car" && car.structure === null);
 * ```
 */
export class Label {
  /** Server id; null for a label not yet saved. */
  readonly id: number | null;
  /** The label's name. */
  readonly name: string;
  /** Which objects may use the label: `any`, a shape type, or `tag`. */
  readonly type: LabelType;
  /** Display colour as `#rrggbb`; empty when the server gave none. */
  readonly color: string;
  /** The label's attributes. */
  readonly attributes: readonly Attribute[];
  /** Skeleton sublabels and their SVG, or null for other labels. */
  readonly structure: { readonly sublabels: readonly Label[]; readonly svg: string } | null;
  /** The parent skeleton's id for a sublabel. */
  readonly parentID: number | null;

  /**
   * Makes a label with its attributes and skeleton sublabels; throws ArgumentError on bad data.
   *
   * @param data The server's label JSON, or another Label (returned as a copy).
   * @param parentID The parent skeleton's id, for a sublabel.
   */
  constructor(data: WireLabel | Label, parentID: number | null = null) {
    if (data instanceof Label) data = data.toJSON();
    if (typeof data !== "object" || data === null) {
      throw new ArgumentError(`Label must be an object, got ${show(data)}`);
    }
    this.id = optionalId(data.id, "label id");
    this.name = requireString(data.name, "label name");
    const type = data.type ?? "any";
    if (!LABEL_TYPES.has(type)) {
      throw new ArgumentError(`Label "${data.name}" has an unknown type "${type}"`);
    }
    this.type = type as LabelType;
    this.color = typeof data.color === "string" ? data.color : "";
    this.attributes = Object.freeze(
      listOf(data.attributes, "attributes").map((a) => new Attribute(a)),
    );
    this.parentID = parentID ?? optionalId(data.parent_id, "label parent_id");
    this.structure = type === "skeleton"
      ? Object.freeze({
        sublabels: Object.freeze(
          listOf(data.sublabels, "sublabels").map((s) => new Label(s as WireLabel, this.id)),
        ),
        svg: typeof data.svg === "string" ? data.svg : "",
      })
      : null;
    Object.freeze(this);
  }

  /** True for skeleton sublabels. */
  get hasParent(): boolean {
    return this.parentID !== null;
  }

  /** The server's JSON form. */
  toJSON(): WireLabel {
    const json: WireLabel = {
      name: this.name,
      color: this.color,
      type: this.type,
      attributes: this.attributes.map((a) => a.toJSON()),
    };
    if (this.id !== null) json.id = this.id;
    if (this.structure) {
      json.sublabels = this.structure.sublabels.map((s) => s.toJSON());
      json.svg = this.structure.svg;
    }
    return json;
  }
}
