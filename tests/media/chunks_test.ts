import { deepEqual, equal } from "node:assert/strict";
import { unzipSync } from "fflate";
import { chunkEntryName, chunkZip, crc32 } from "../../lib/media/chunks.ts";
import { jpeg, png } from "./_images.ts";

/** One local file header's fields. */
interface LocalEntry {
  name: string;
  method: number;
  size: number;
  compressedSize: number;
}

/**
 * Walks a zip's local file headers from the start, as a streaming reader would.
 *
 * @param zip The zip's bytes.
 * @returns The entries in file order.
 */
function localEntries(zip: Uint8Array): LocalEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const entries: LocalEntry[] = [];
  let at = 0;
  while (view.getUint32(at, true) === 0x04034b50) {
    const flags = view.getUint16(at + 6, true);
    equal(flags & 0x08, 0, "sizes are in the local header (no data descriptor)");
    const compressedSize = view.getUint32(at + 18, true);
    const nameLength = view.getUint16(at + 26, true);
    const extraLength = view.getUint16(at + 28, true);
    entries.push({
      name: new TextDecoder().decode(zip.subarray(at + 30, at + 30 + nameLength)),
      method: view.getUint16(at + 8, true),
      size: view.getUint32(at + 22, true),
      compressedSize,
    });
    at += 30 + nameLength + extraLength + compressedSize;
  }
  equal(view.getUint32(at, true), 0x02014b50, "the central directory follows the entries");
  return entries;
}

Deno.test("chunkZip stores real images uncompressed, in the given order", async () => {
  const images = [await jpeg(640, 480), await jpeg(7, 5), await png(1, 1), await jpeg(1, 1)];
  const entries = images.map((bytes, i) => ({ name: chunkEntryName(3 - i), bytes }));
  const zip = chunkZip(entries);
  deepEqual(
    localEntries(zip),
    entries.map(({ name, bytes }) => ({
      name,
      method: 0,
      size: bytes.length,
      compressedSize: bytes.length,
    })),
  );
  const unzipped = unzipSync(zip);
  deepEqual(Object.keys(unzipped), ["000003.jpeg", "000002.jpeg", "000001.jpeg", "000000.jpeg"]);
  entries.forEach(({ name, bytes }) => deepEqual(unzipped[name], bytes));
});

Deno.test("chunkZip keeps names that look like numbers in order", () => {
  const entries = ["2", "10", "1"].map((name) => ({ name, bytes: new Uint8Array([name.length]) }));
  deepEqual(localEntries(chunkZip(entries)).map((entry) => entry.name), ["2", "10", "1"]);
});

Deno.test("chunkZip gives the same bytes for the same entries (fixed dates)", async () => {
  const bytes = await png(7, 5);
  const make = () => chunkZip([{ name: chunkEntryName(0, "png"), bytes }]);
  const first = make();
  deepEqual(make(), first);
});

Deno.test("chunkZip marks non-ASCII names as UTF-8", () => {
  const zip = chunkZip([{ name: "café.jpeg", bytes: new Uint8Array([1]) }]);
  equal(new DataView(zip.buffer).getUint16(6, true), 0x0800);
  deepEqual(Object.keys(unzipSync(zip)), ["café.jpeg"]);
});

Deno.test("chunkZip of no entries is an empty zip", () => {
  const zip = chunkZip([]);
  equal(zip.length, 22);
  deepEqual(unzipSync(zip), {});
});

Deno.test("chunkEntryName pads the index to six digits", () => {
  equal(chunkEntryName(0), "000000.jpeg");
  equal(chunkEntryName(35), "000035.jpeg");
  equal(chunkEntryName(123456, "png"), "123456.png");
});

Deno.test("crc32 matches a bit-by-bit CRC-32 at every length and alignment", () => {
  const reference = (bytes: Uint8Array) => {
    let crc = 0xffffffff;
    for (const byte of bytes) {
      crc ^= byte;
      for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
    }
    return (crc ^ 0xffffffff) >>> 0;
  };
  const data = Uint8Array.from({ length: 300 }, (_, i) => (i * 151 + 7) & 0xff);
  for (let start = 0; start < 9; start++) {
    for (let length = 0; length < 40; length++) {
      const slice = data.subarray(start, start + length);
      equal(crc32(slice), reference(slice), `start ${start} length ${length}`);
    }
  }
  equal(crc32(data), reference(data));
});
