import sharp from 'sharp';
import { nonRetryable } from '../../shared/failures';
import type { ImageData } from '../creative-model';
import type { Rgb } from './colour';
import { luma } from './colour';
import { median } from './numbers';

/** Raw interleaved 8-bit sRGB pixels of a (usually downscaled) copy of an image, with the original's size. */
export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  /** 4 (RGBA) unless the copy was flattened onto a background (RGB). */
  channels: 3 | 4;
  /** Size of the original image (upright). */
  sourceWidth: number;
  sourceHeight: number;
  /** Whether the original has an alpha channel. */
  hasAlpha: boolean;
}

/** Bigger inputs are refused rather than decoded: a guard for worker memory (about 100 MP). */
const MAX_INPUT_PIXELS = 100_000_000;

/** A sharp pipeline over the image's bytes, auto-oriented; throws nothing until run. */
export function open(image: ImageData): sharp.Sharp {
  return sharp(image.bytes, { limitInputPixels: MAX_INPUT_PIXELS }).autoOrient();
}

/**
 * Decodes an image into raw 8-bit sRGB, upright, downscaled so the longest side is at most `maxSide`
 * (never upscaled): RGBA, or RGB flattened onto `flattenOn`. Measurements run on such copies so that big
 * photos stay fast and memory-bounded. Throws what sharp throws (wrap it in `decode` for a typed failure).
 */
export async function loadRaw(
  bytes: Buffer,
  maxSide: number,
  options: { flattenOn?: string } = {},
): Promise<RawImage> {
  const image = sharp(bytes, { sequentialRead: true, limitInputPixels: MAX_INPUT_PIXELS });
  const metadata = await image.metadata();
  const resized = image.autoOrient().resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true });
  const pixels = options.flattenOn
    ? resized.flatten({ background: options.flattenOn })
    : resized.ensureAlpha();
  const { data, info } = await pixels.toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return {
    data,
    width: info.width,
    height: info.height,
    channels: info.channels === 3 ? 3 : 4,
    sourceWidth: metadata.autoOrient.width,
    sourceHeight: metadata.autoOrient.height,
    hasAlpha: metadata.hasAlpha === true,
  };
}

/**
 * A copy no larger than `maxSide` on its longest side, flattened on white (what a viewer sees); throws a
 * non-retryable `CorruptImage` when the bytes do not decode.
 */
export async function readVisible(image: ImageData, maxSide: number): Promise<RawImage> {
  return decode(loadRaw(image.bytes, maxSide, { flattenOn: '#ffffff' }));
}

/** Width and height after auto-orientation; throws a non-retryable `CorruptImage` when the bytes do not decode. */
export async function orientedSize(image: ImageData): Promise<{ width: number; height: number }> {
  const meta = await decode(sharp(image.bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata());
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  if (!width || !height)
    throw nonRetryable('CorruptImage', 'image has no width or height', { mimeType: image.mimeType });
  return { width, height };
}

/** Awaits a sharp operation, turning decoder errors into a non-retryable `CorruptImage`. */
export async function decode<T>(operation: Promise<T>): Promise<T> {
  try {
    return await operation;
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    throw nonRetryable('CorruptImage', `image does not decode: ${message}`, { reason: message });
  }
}

/** Encodes a pipeline as PNG and describes it as `ImageData`; an input that fails to decode on the way throws `CorruptImage`. */
export async function toPng(pipeline: sharp.Sharp): Promise<ImageData> {
  const { data, info } = await decode(pipeline.png().toBuffer({ resolveWithObject: true }));
  return { bytes: data, mimeType: 'image/png', width: info.width, height: info.height };
}

/** The colour of pixel `index` (a pixel index, not a byte offset) of an interleaved buffer. */
export function pixelAt(data: Buffer, index: number, channels = 4): Rgb {
  const o = index * channels;
  return [data[o] ?? 0, data[o + 1] ?? 0, data[o + 2] ?? 0];
}

/** Luma 0..1 of every pixel, row-major. */
export function lumaOf(pixels: RawImage): Float32Array {
  const out = new Float32Array(pixels.width * pixels.height);
  for (let i = 0; i < out.length; i++) {
    const o = i * pixels.channels;
    out[i] = luma(pixels.data[o] ?? 0, pixels.data[o + 1] ?? 0, pixels.data[o + 2] ?? 0);
  }
  return out;
}

/** The colours of the pixels that are not (mostly) transparent: fully transparent pixels show no colour. */
export function opaqueColours(pixels: RawImage): Rgb[] {
  const points: Rgb[] = [];
  const { data, channels } = pixels;
  for (let o = 0; o < data.length; o += channels) {
    if (channels === 4 && (data[o + 3] ?? 0) < 128) continue;
    points.push([data[o] ?? 0, data[o + 1] ?? 0, data[o + 2] ?? 0]);
  }
  return points;
}

/** The per-channel median of the pixels at `indices` (pixel indices into an RGBA buffer). */
export function medianColor(data: Buffer, indices: readonly number[]): Rgb {
  const channel = (c: number) => median(indices.map((i) => data[i * 4 + c] ?? 0));
  return [channel(0), channel(1), channel(2)];
}

/** Pixel indices of a strip `band` pixels wide along the four edges of a `width`×`height` image. */
export function borderIndices(width: number, height: number, band: number): number[] {
  const indices: number[] = [];
  for (let y = 0; y < height; y++) {
    const edgeRow = y < band || y >= height - band;
    for (let x = 0; x < width; x++) {
      if (edgeRow || x < band || x >= width - band) indices.push(y * width + x);
    }
  }
  return indices;
}
