import sharp from 'sharp';
import { nonRetryable } from '../../shared/failures';
import type { ImageData } from '../creative-model';
import type { Rgb } from './colors';

/** Raw interleaved pixels of a (usually downscaled) copy of an image. */
export interface Pixels {
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
}

/** Bigger inputs are refused rather than decoded: a guard for worker memory (about 100 MP). */
const MAX_INPUT_PIXELS = 100_000_000;

/** A sharp pipeline over the image's bytes, auto-oriented; throws nothing until run. */
export function open(image: ImageData): sharp.Sharp {
  return sharp(image.bytes, { limitInputPixels: MAX_INPUT_PIXELS }).autoOrient();
}

/**
 * Decodes a copy no larger than `maxSide` on its longest side: RGB flattened on white, or RGBA with
 * `keepAlpha`; throws a non-retryable `CorruptImage` when the bytes do not decode.
 */
export async function readPixels(image: ImageData, maxSide: number, keepAlpha = false): Promise<Pixels> {
  const resized = open(image).resize({
    width: maxSide,
    height: maxSide,
    fit: 'inside',
    withoutEnlargement: true,
  });
  const pipeline = keepAlpha ? resized.ensureAlpha() : resized.flatten({ background: '#ffffff' });
  const { data, info } = await decode(
    pipeline.toColourspace('srgb').raw().toBuffer({ resolveWithObject: true }),
  );
  return { data, width: info.width, height: info.height, channels: info.channels === 4 ? 4 : 3 };
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

/** The colour of pixel `i` (pixel index, not byte offset). */
export function pixelAt(pixels: Pixels, i: number): Rgb {
  const o = i * pixels.channels;
  return [pixels.data[o] ?? 0, pixels.data[o + 1] ?? 0, pixels.data[o + 2] ?? 0];
}

/** Luminance 0..1 of every pixel, row-major. */
export function lumaOf(pixels: Pixels): Float32Array {
  const out = new Float32Array(pixels.width * pixels.height);
  for (let i = 0; i < out.length; i++) {
    const o = i * pixels.channels;
    out[i] =
      (0.2126 * (pixels.data[o] ?? 0) +
        0.7152 * (pixels.data[o + 1] ?? 0) +
        0.0722 * (pixels.data[o + 2] ?? 0)) /
      255;
  }
  return out;
}

/** Throws a non-retryable `InvalidInput` unless `value` is an integer within `min..max`. */
export function requireInt(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw nonRetryable('InvalidInput', `${field} must be an integer ${min}..${max}, got ${value}`, {
      field,
      value,
    });
  }
}

/** Text made safe inside SVG markup. */
export function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c,
  );
}
