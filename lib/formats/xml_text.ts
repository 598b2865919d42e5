/**
 * Writing XML text the way Python's `xml.sax.saxutils` does (CVAT's writer): text escapes
 * `& < >`; attribute values are quoted by `quoteattr`'s rules; numbers as `%.2f`. Plus a small
 * buffer that turns many short strings into ~64 KiB UTF-8 chunks.
 *
 * @module
 */

/**
 * Escapes element text (`&`, `<`, `>`).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { escapeText } from "./xml_text.ts";
 * equal(escapeText("a<b & c>"), "a&lt;b &amp; c&gt;");
 * ```
 */
export function escapeText(text: string): string {
  if (!/[&<>]/.test(text)) return text;
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * An attribute value with its quotes: double quotes, or single quotes when the value holds a
 * `"` but no `'` (both: `"` becomes `&quot;`); newlines and tabs become character references.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { quoteAttribute } from "./xml_text.ts";
 * equal(quoteAttribute("a&b"), '"a&amp;b"');
 * equal(quoteAttribute('say "hi"'), `'say "hi"'`);
 * ```
 */
export function quoteAttribute(value: string): string {
  let text = escapeText(value);
  if (/[\n\r\t]/.test(text)) {
    text = text.replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
  }
  if (!text.includes('"')) return `"${text}"`;
  if (!text.includes("'")) return `'${text}'`;
  return `"${text.replace(/"/g, "&quot;")}"`;
}

/**
 * A number with two decimals as Python's `"{:.2f}"` writes it (ties of exactly representable
 * halves round to even, as Python does; JavaScript's `toFixed` rounds them up).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { fixed2 } from "./xml_text.ts";
 * equal(fixed2(1), "1.00");
 * equal(fixed2(0.125), "0.12");
 * equal(fixed2(0.375), "0.38");
 * equal(fixed2(-2.5), "-2.50");
 * ```
 */
export function fixed2(value: number): string {
  const eighths = value * 8;
  if (Number.isInteger(eighths) && !Number.isInteger(value * 4)) {
    const hundredths = value * 100; // exact: k + 0.5
    const down = Math.floor(hundredths);
    const even = down % 2 === 0 ? down : down + 1;
    return (even / 100).toFixed(2);
  }
  return value.toFixed(2);
}

/**
 * Collects strings and hands out UTF-8 chunks of about `size` bytes.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { textChunker } from "./xml_text.ts";
 * const chunker = textChunker(4);
 * equal(chunker.push("ab"), null);
 * equal(chunker.push("cde")?.length, 5);
 * equal(chunker.flush(), null);
 * ```
 */
export function textChunker(size = 64 * 1024): {
  push(text: string): Uint8Array | null;
  flush(): Uint8Array | null;
} {
  const encoder = new TextEncoder();
  let parts: string[] = [];
  let length = 0;
  const flush = () => {
    if (length === 0) return null;
    const bytes = encoder.encode(parts.join(""));
    parts = [];
    length = 0;
    return bytes;
  };
  return {
    push(text) {
      parts.push(text);
      length += text.length;
      return length >= size ? flush() : null;
    },
    flush,
  };
}
