/**
 * The benchmarks' generated photos: 1920×1080 noisy gradients, distinct per seed.
 *
 * @module
 */

import { Image } from "imagescript";

/**
 * A 1920×1080 noisy gradient, distinct per `seed`, as a JPEG at `quality`.
 *
 * @example
 * ```ts
 * // const jpeg = await photo(3, 90);
 * ```
 */
export function photo(seed: number, quality: number): Promise<Uint8Array> {
  let s = seed * 7919 + 1;
  const noise = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) % 32;
  const image = new Image(1920, 1080);
  image.fill((x, y) =>
    Image.rgbaToColor(
      (x / 8 + seed * 13 + noise()) & 0xff,
      (y / 5 + noise()) & 0xff,
      ((x + y) / 12 + seed * 29) & 0xff,
      255,
    )
  );
  return image.encodeJPEG(quality as 90);
}
