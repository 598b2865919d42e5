import { deepEqual, equal, ok, rejects } from "node:assert/strict";
import { Image } from "imagescript";
import { loadImagescript, loadMozjpeg } from "../../lib/media/deps.ts";
import { compressedFrame, decodeJpeg, previewImage } from "../../lib/media/frames.ts";
import { estimateJpegQuality } from "../../lib/media/jpeg_quality.ts";
import { probeImage } from "../../lib/media/probe.ts";
import {
  bmp24,
  bmpHeader,
  gif,
  jpeg,
  png,
  tiffHeader,
  webpHeader,
  withOrientation,
} from "./_images.ts";

/**
 * Whether a decoded pixel is mostly red (`"r"`) or mostly blue (`"b"`).
 *
 * @param image The decoded image.
 * @param x 0-based column.
 * @param y 0-based row.
 * @returns `"r"`, `"b"` or `"?"`.
 */
function colour(image: Image, x: number, y: number): string {
  const [r, , b] = Image.colorToRGBA(image.getPixelAt(x + 1, y + 1));
  return r > 200 && b < 60 ? "r" : b > 200 && r < 60 ? "b" : "?";
}

/**
 * Runs compressedFrame and decodes the result, checking it is a JPEG.
 *
 * @param bytes The source.
 * @param quality JPEG quality.
 * @returns The decoded frame.
 */
async function frameOf(bytes: Uint8Array, quality = 70): Promise<Image> {
  const out = await compressedFrame(bytes, probeImage(bytes, "f"), quality);
  equal(probeImage(out, "out").mime, "image/jpeg");
  return await Image.decode(out);
}

Deno.test("compressedFrame turns PNG and GIF into JPEG of the same size", async () => {
  for (const make of [png, gif]) {
    for (const [width, height] of [[1, 1], [7, 5], [640, 480]]) {
      const image = await frameOf(await make(width, height));
      deepEqual([image.width, image.height], [width, height]);
    }
  }
  const image = await frameOf(await png(64, 32));
  deepEqual([colour(image, 2, 16), colour(image, 60, 16)], ["r", "b"]);
});

Deno.test("compressedFrame re-encodes a JPEG saved above the quality", async () => {
  const source = await jpeg(640, 480, 95);
  equal(estimateJpegQuality(source), 95);
  const out = await compressedFrame(source, probeImage(source, "a.jpg"), 50);
  ok(out !== source && out.length < source.length);
  equal(estimateJpegQuality(out), 50);
});

Deno.test("compressedFrame passes an upright JPEG at or below the quality through", async () => {
  const source = await jpeg(640, 480, 60);
  equal(await compressedFrame(source, probeImage(source, "a.jpg"), 70), source);
  equal(await compressedFrame(source, probeImage(source, "a.jpg"), 60), source);
});

Deno.test("compressedFrame applies the EXIF orientation to the pixels", async () => {
  const source = await jpeg(64, 32, 95); // left half red, right half blue
  const expected: Record<number, [number, number, string, string]> = {
    1: [64, 32, "rb", "rb"], // [width, height, top row (left, right), bottom row]
    2: [64, 32, "br", "br"],
    3: [64, 32, "br", "br"],
    4: [64, 32, "rb", "rb"],
    5: [32, 64, "rr", "bb"],
    6: [32, 64, "rr", "bb"],
    7: [32, 64, "bb", "rr"],
    8: [32, 64, "bb", "rr"],
  };
  for (let orientation = 1; orientation <= 8; orientation++) {
    const image = await frameOf(withOrientation(source, orientation), 90);
    const [width, height, top, bottom] = expected[orientation];
    const w = image.width - 3;
    const h = image.height - 3;
    deepEqual(
      [image.width, image.height, colour(image, 2, 2) + colour(image, w, 2)],
      [width, height, top],
      `orientation ${orientation}`,
    );
    equal(colour(image, 2, h) + colour(image, w, h), bottom, `orientation ${orientation}`);
  }
});

Deno.test("previewImage fits 256×256 without enlarging and keeps the orientation", async () => {
  const cases: [Uint8Array, number, number][] = [
    [await jpeg(1920, 1080), 256, 144],
    [await png(7, 5), 7, 5],
    [withOrientation(await jpeg(640, 480), 6), 192, 256],
    [await gif(300, 600), 128, 256],
  ];
  for (const [bytes, width, height] of cases) {
    const preview = await previewImage(bytes, probeImage(bytes, "p"));
    deepEqual(probeImage(preview, "preview"), {
      width,
      height,
      mime: "image/jpeg",
      orientation: 1,
    });
  }
});

Deno.test("compressedFrame decodes BMP with its own decoder", async () => {
  for (const [width, height] of [[1, 1], [7, 5], [64, 32]]) {
    const image = await frameOf(bmp24(width, height));
    deepEqual([image.width, image.height], [width, height]);
  }
  const image = await frameOf(bmp24(64, 32));
  deepEqual([colour(image, 2, 2), colour(image, 60, 29)], ["r", "b"]);
  const header = bmpHeader(7, 5); // no pixels
  header[28] = 24; // 24-bit
  await rejects(compressedFrame(header, probeImage(header, "x"), 70), {
    name: "DataError",
    message: "Cannot decode the image/bmp image: truncated BMP pixel data",
  });
});

Deno.test("compressedFrame refuses WebP (no decoder), naming the format", async () => {
  const bytes = webpHeader("VP8L", 7, 5);
  await rejects(compressedFrame(bytes, probeImage(bytes, "x"), 70), {
    name: "DataError",
    message: "Cannot decode image/webp images: the format is not supported",
  });
  await rejects(previewImage(bytes, probeImage(bytes, "x")), { name: "DataError" });
});

Deno.test("the decoder is guarded: corrupt files give a DataError", async () => {
  const real = await jpeg(64, 48);
  const corrupt = real.slice(0, 200); // headers intact, scan data cut
  const garbage = new Uint8Array([...real.subarray(0, 200), ...new Uint8Array(500).fill(0x55)]);
  const tiff = tiffHeader(7, 5); // sizes but no strips
  for (const bytes of [corrupt, garbage, tiff]) {
    const info = probeImage(bytes, "c");
    await rejects(compressedFrame(bytes, info, 70), { name: "DataError" });
  }
});

Deno.test("compressedFrame refuses a quality outside 1..100", async () => {
  const source = await png(7, 5);
  for (const quality of [0, 101, 50.5, NaN]) {
    await rejects(compressedFrame(source, probeImage(source, "a.png"), quality), {
      name: "ArgumentError",
    });
  }
});

Deno.test("compressedFrame refuses images larger than the decode limit", async () => {
  const source = await png(7, 5);
  const info = { width: 20000, height: 20000, mime: "image/png" as const, orientation: 1 };
  await rejects(compressedFrame(source, info, 70), { name: "DataError" });
});

Deno.test("mutated files give either a frame or a DataError, never another error", async () => {
  const sources = [await jpeg(64, 48), await png(64, 48), await gif(16, 8), bmp24(16, 8)];
  let seed = 7;
  const random = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  for (const source of sources) {
    for (let round = 0; round < 25; round++) {
      const bytes = source.slice(0, round % 5 === 0 ? random(source.length) : source.length);
      for (let flips = 0; flips < 4; flips++) bytes[random(bytes.length)] ^= 1 << random(8);
      try {
        const info = probeImage(bytes, "m");
        await compressedFrame(bytes, info, 70).catch((error) => {
          equal(error.name, "DataError", error.message);
        });
      } catch (error) {
        equal((error as Error).name, "DataError", (error as Error).message);
      }
    }
  }
});

Deno.test("mozjpeg and imagescript decode a JPEG to nearly the same pixels", async () => {
  const source = new Image(320, 200);
  for (let i = 0; i < source.bitmap.length; i++) {
    source.bitmap[i] = i % 4 === 3 ? 255 : (i * 13 + (i >> 9) * 7) & 255;
  }
  const bytes = await source.encodeJPEG(85);
  const decode = await loadMozjpeg();
  const viaMozjpeg = await decode(bytes.slice().buffer);
  const viaFrames = await decodeJpeg(bytes, await loadImagescript());
  const viaImagescript = await Image.decode(bytes);
  deepEqual([viaMozjpeg.width, viaMozjpeg.height], [320, 200]);
  deepEqual([viaFrames.width, viaFrames.height], [320, 200]);
  deepEqual(viaFrames.bitmap, viaMozjpeg.data);
  let total = 0;
  for (let i = 0; i < viaImagescript.bitmap.length; i++) {
    total += Math.abs(viaMozjpeg.data[i] - viaImagescript.bitmap[i]);
  }
  const mean = total / viaImagescript.bitmap.length;
  ok(mean < 3, `mean absolute difference ${mean}`);
});

Deno.test("mozjpeg keeps decoding after a damaged JPEG aborts it", async () => {
  const bytes = await jpeg(64, 48);
  const decode = await loadMozjpeg();
  for (let cut = 10; cut < bytes.length; cut += 37) {
    const damaged = bytes.slice(0, cut);
    damaged[cut >> 1] ^= 0x5a;
    await decode(damaged.buffer).catch(() => undefined);
  }
  const after = await decode(bytes.slice().buffer);
  deepEqual([after.width, after.height], [64, 48]);
});
