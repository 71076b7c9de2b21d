import type { Part } from './genai';
import sharp from 'sharp';
import { nonRetryable, retryable } from '../../shared/failures';
import type { ImageData } from '../creative-model';
import type { RawImage } from './gemini-answers';

/** The aspect ratios Gemini image models accept in `imageConfig.aspectRatio`. */
export const SUPPORTED_ASPECT_RATIOS = [
  '1:1',
  '2:3',
  '3:2',
  '3:4',
  '4:3',
  '4:5',
  '5:4',
  '9:16',
  '16:9',
  '21:9',
] as const;

/** Longest side an input image is sent at: larger ones cost more tokens and bytes and gain nothing. */
const MAX_INPUT_SIDE = 2048;

/** The supported aspect ratio nearest to `width`:`height` (compared on a log scale, so 2:1 and 1:2 are as far from 1:1). */
export function nearestAspectRatio(width: number, height: number): string {
  const target = Math.log(width / height);
  let best: string = SUPPORTED_ASPECT_RATIOS[0];
  let bestDistance = Infinity;
  for (const ratio of SUPPORTED_ASPECT_RATIOS) {
    const [w, h] = ratio.split(':').map(Number) as [number, number];
    const distance = Math.abs(Math.log(w / h) - target);
    if (distance < bestDistance) [best, bestDistance] = [ratio, distance];
  }
  return best;
}

/** An image as an inline request part, downscaled to 2048 px on its longest side when larger. */
export async function inlineImagePart(image: ImageData): Promise<Part> {
  if (Math.max(image.width, image.height) <= MAX_INPUT_SIDE) {
    return { inlineData: { mimeType: image.mimeType, data: image.bytes.toString('base64') } };
  }
  const smaller = await sharp(image.bytes)
    .resize(MAX_INPUT_SIDE, MAX_INPUT_SIDE, { fit: 'inside' })
    .png()
    .toBuffer();
  return { inlineData: { mimeType: 'image/png', data: smaller.toString('base64') } };
}

/**
 * The model's image cropped and resized to exactly `width`×`height` (cover, centred) as a PNG. Throws a
 * retryable `ModelNoImage` when the returned bytes do not decode.
 */
export async function fitImage(raw: RawImage, width: number, height: number): Promise<ImageData> {
  try {
    const bytes = await sharp(raw.bytes).rotate().resize(width, height, { fit: 'cover' }).png().toBuffer();
    return { bytes, mimeType: 'image/png', width, height };
  } catch (error) {
    throw retryable(
      'ModelNoImage',
      `the model's image (${raw.mimeType}, ${raw.bytes.length} bytes) does not decode: ${String(error)}`,
    );
  }
}

/**
 * An input image's size as displayed (EXIF orientation applied) and whether it has alpha. Throws a
 * non-retryable `CorruptImage` when the bytes do not decode.
 */
export async function measureImage(
  image: ImageData,
): Promise<{ width: number; height: number; hasAlpha: boolean }> {
  try {
    const meta = await sharp(image.bytes).metadata();
    // Orientations 5..8 turn the picture a quarter: its displayed width is the stored height.
    const turned = (meta.orientation ?? 1) >= 5;
    return {
      width: turned ? meta.height : meta.width,
      height: turned ? meta.width : meta.height,
      hasAlpha: meta.hasAlpha,
    };
  } catch (error) {
    throw nonRetryable(
      'CorruptImage',
      `image (${image.mimeType}, ${image.bytes.length} bytes) does not decode: ${String(error)}`,
      {
        mimeType: image.mimeType,
        size: image.bytes.length,
      },
    );
  }
}

/** Checks a requested output size; throws a non-retryable `InvalidInput` naming the field otherwise. */
export function requireSize(field: string, value: number): void {
  if (!Number.isInteger(value) || value < 16 || value > 8192) {
    throw nonRetryable('InvalidInput', `${field} must be an integer from 16 to 8192 pixels, got ${value}`, {
      field,
      value,
    });
  }
}
