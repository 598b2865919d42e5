/**
 * How a compressed frame is made from a 1920×1080 JPEG: imagescript decode + EXIF orientation +
 * encode (a source saved above the task's quality, or rotated), against passing the source through
 * (upright JPEG at or below the quality), plus header probing, a preview and a 36-frame chunk zip.
 * The source is a noisy gradient so that it does not compress trivially.
 * Run: `deno bench -A bench/media_codec_bench.ts`.
 */

import { Image } from "imagescript";
import { chunkEntryName, chunkZip } from "../lib/media/chunks.ts";
import { compressedFrame, previewImage } from "../lib/media/frames.ts";
import { probeImage } from "../lib/media/probe.ts";

/**
 * A 1920×1080 noisy gradient encoded as JPEG.
 *
 * @param quality JPEG quality.
 * @returns The file.
 */
function photo(quality: number): Promise<Uint8Array> {
  let seed = 42;
  const noise = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 32;
  const image = new Image(1920, 1080);
  image.fill((x, y) =>
    Image.rgbaToColor(
      (x / 8 + noise()) & 0xff,
      (y / 5 + noise()) & 0xff,
      ((x + y) / 12) & 0xff,
      255,
    )
  );
  return image.encodeJPEG(quality as 90);
}

const high = await photo(90); // above the task's quality 70: re-encoded
const low = await photo(60); // at or below 70: passed through
const highInfo = probeImage(high, "high.jpg");
const lowInfo = probeImage(low, "low.jpg");
const frames = Array.from({ length: 36 }, (_, i) => ({ name: chunkEntryName(i), bytes: high }));

Deno.bench("probeImage (1080p JPEG headers)", { group: "frame" }, () => {
  probeImage(high, "high.jpg");
});

Deno.bench("compressedFrame: decode + encode at 70 (q90 source)", { group: "frame" }, async () => {
  await compressedFrame(high, highInfo, 70);
});

Deno.bench(
  "compressedFrame: pass-through (q60 source, quality 70)",
  { group: "frame" },
  async () => {
    await compressedFrame(low, lowInfo, 70);
  },
);

Deno.bench("previewImage (1080p JPEG → 256×144)", { group: "frame" }, async () => {
  await previewImage(high, highInfo);
});

Deno.bench("chunkZip of 36 1080p JPEGs", { group: "zip" }, () => {
  chunkZip(frames);
});
