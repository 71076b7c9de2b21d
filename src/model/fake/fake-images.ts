import sharp from 'sharp';
import type { ImageData } from '../creative-model';

/** What a fake picture shows: a product on a backdrop, or a product cut out (transparent around it). */
export type FakeImageKind = 'scene' | 'cutout';

/** An image format the fake can answer in. */
export type FakeImageFormat = 'png' | 'jpeg' | 'webp';

const BACKDROP = [0xf3, 0xf0, 0xea] as const;
const STRIPES = [
  [0x2f, 0x3a, 0x4a],
  [0x5a, 0x6b, 0x82],
] as const;
const MIME: Record<FakeImageFormat, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };

/**
 * Small, valid images of any size, drawn once per (kind, size, format) and kept: a striped product on a
 * light backdrop (it passes the E-commerce quality check) or the same product cut out with alpha. Flat
 * colours compress to a few kilobytes, so stores and payload-free references stay cheap. Holds at most
 * `maxEntries` images; the oldest are dropped first.
 */
export class FakeImages {
  private readonly cache = new Map<string, Promise<ImageData>>();

  constructor(private readonly maxEntries = 64) {}

  /** The image for a kind, size and format (made on first use). Throws a `RangeError` for a size below 1 px. */
  get(
    kind: FakeImageKind,
    width: number,
    height: number,
    format: FakeImageFormat = 'png',
  ): Promise<ImageData> {
    const w = Math.round(width);
    const h = Math.round(height);
    if (!(w >= 1 && h >= 1))
      throw new RangeError(`a fake image needs a size of at least 1×1, got ${width}×${height}`);
    const key = `${kind}:${w}x${h}:${format}`;
    let image = this.cache.get(key);
    if (!image) {
      image = draw(kind, w, h, format);
      image.catch(() => this.cache.delete(key));
      this.cache.set(key, image);
      for (const oldest of this.cache.keys()) {
        if (this.cache.size <= this.maxEntries) break;
        this.cache.delete(oldest);
      }
    }
    return image;
  }
}

async function draw(
  kind: FakeImageKind,
  width: number,
  height: number,
  format: FakeImageFormat,
): Promise<ImageData> {
  const channels = kind === 'cutout' ? 4 : 3;
  const pixels = Buffer.alloc(width * height * channels);
  // The product: the middle 40% × 60% of a scene, all of a cut-out (less a 1 px transparent rim).
  const [left, top, right, bottom] =
    kind === 'cutout'
      ? [1, 1, width - 1, height - 1]
      : [
          Math.round(width * 0.3),
          Math.round(height * 0.2),
          Math.round(width * 0.7),
          Math.round(height * 0.8),
        ];
  const stripe = Math.max(2, Math.round(Math.min(width, height) / 64));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inside = x >= left && x < right && y >= top && y < bottom;
      const colour = inside ? STRIPES[Math.floor(y / stripe) % 2] : BACKDROP;
      const at = (y * width + x) * channels;
      if (!colour) continue;
      if (channels === 4 && !inside) continue; // transparent around a cut-out
      pixels[at] = colour[0];
      pixels[at + 1] = colour[1];
      pixels[at + 2] = colour[2];
      if (channels === 4) pixels[at + 3] = 255;
    }
  }
  const image = sharp(pixels, { raw: { width, height, channels } });
  const encoded =
    format === 'png'
      ? image.png({ compressionLevel: 9, palette: kind !== 'cutout' })
      : format === 'jpeg'
        ? image.jpeg({ quality: 80 })
        : image.webp({ quality: 80 });
  return { bytes: await encoded.toBuffer(), mimeType: MIME[format], width, height };
}
