import sharp from 'sharp';
import type { ImageData } from '../model/creative-model';
import {
  differsFrom,
  findForeground,
  flatField,
  limitFor,
  type ForegroundMask,
} from '../model/local/analysis/foreground-mask';
import { cleanMask, dilate } from '../model/local/analysis/mask-ops';
import { hexToRgb, luma } from '../model/local/colour';
import type { RawImage } from '../model/local/pixels';
import { loadRaw } from '../model/local/pixels';
import { nonRetryable } from '../shared/failures';
import { CHECK_FOREGROUND, PLACEMENT_SIDE, placementReasons } from './measure-placement';
import type { QualityMetrics, QualityReport, QualityThresholds } from '../shared/product';

/**
 * Longest side of the copy coverage and contrast are measured on: the placement copy's, so that one
 * decoded copy of a composite serves both checks.
 */
export const QUALITY_SIDE = PLACEMENT_SIDE;
/**
 * Longest side of the greyscale copy sharpness is measured on (smaller images as they are), so that the
 * same picture scores the same whatever size it was rendered at.
 */
export const SHARPNESS_SIDE = 1024;

/** A greyscale copy of an image: one byte a pixel. */
export interface GreyImage {
  data: Buffer;
  width: number;
  height: number;
}

/** The decoded copies a quality check measures: RGBA at most `QUALITY_SIDE`, grey at most `SHARPNESS_SIDE`. */
export interface QualityCopies {
  raw: RawImage;
  grey: GreyImage;
}

/** What a quality check found in its copies: the metrics, and the foreground when it was estimated (no hint). */
export interface QualityFindings {
  metrics: QualityMetrics;
  foreground?: ForegroundMask;
}

/**
 * Decodes the greyscale copy sharpness is measured on: upright, at most `maxSide`, flattened on white,
 * Rec. 709 luma of the sRGB values rounded to a byte. sharp decodes and resizes; the grey is made here,
 * since libvips' greyscale conversion (through linear light) cost twice the decode and resize together.
 */
export async function loadGrey(bytes: Buffer, maxSide: number): Promise<GreyImage> {
  const { data: pixels, info } = await sharp(bytes, { sequentialRead: true })
    .autoOrient()
    .resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: lumaOnWhite(pixels, info.channels), width: info.width, height: info.height };
}

// One byte a pixel from 1 to 4 channels (grey, grey + alpha, RGB, RGBA): alpha flattens onto white.
function lumaOnWhite(pixels: Buffer, channels: number): Buffer {
  const count = pixels.length / channels;
  const grey = Buffer.alloc(count);
  const colour = channels >= 3;
  const alphaAt = channels === 2 || channels === 4 ? channels - 1 : -1;
  for (let i = 0, o = 0; i < count; i++, o += channels) {
    const value = colour
      ? 0.2126 * (pixels[o] ?? 0) + 0.7152 * (pixels[o + 1] ?? 0) + 0.0722 * (pixels[o + 2] ?? 0)
      : (pixels[o] ?? 0);
    const alpha = alphaAt < 0 ? 1 : (pixels[o + alphaAt] ?? 255) / 255;
    grey[i] = Math.round(value * alpha + 255 * (1 - alpha));
  }
  return grey;
}

/** Decodes both copies of an image a quality check needs; throws `CorruptImage` when the bytes do not decode. */
export async function decodeQualityCopies(
  image: ImageData,
  decoder: { raw: typeof loadRaw; grey: typeof loadGrey } = { raw: loadRaw, grey: loadGrey },
): Promise<QualityCopies> {
  const [raw, grey] = await Promise.all([
    decoder.raw(image.bytes, QUALITY_SIDE),
    decoder.grey(image.bytes, SHARPNESS_SIDE),
  ]).catch((error: unknown) => {
    throw nonRetryable('CorruptImage', `image to check cannot be decoded: ${String(error)}`, {});
  });
  return { raw, grey };
}

/**
 * Measures a finished image: coverage (share of pixels standing out from the backdrop, estimated from the
 * border or given as `backgroundHint`), RMS luminance contrast of the product against the backdrop behind it,
 * sharpness (variance of the Laplacian over the product, on a copy at most `SHARPNESS_SIDE` px) and
 * resolution (shorter side). Deterministic; throws `CorruptImage` when the bytes cannot be decoded and
 * `InvalidInput` for a malformed hint.
 */
export async function measureQuality(image: ImageData, backgroundHint?: string): Promise<QualityMetrics> {
  return measureQualityOf(await decodeQualityCopies(image), backgroundHint).metrics;
}

/**
 * `measureQuality` over copies already decoded; also gives the foreground it estimated (when there is no
 * hint), so that a placement check of the same image need not find it again. Throws `InvalidInput` for a
 * malformed hint.
 */
export function measureQualityOf(copies: QualityCopies, backgroundHint?: string): QualityFindings {
  const { raw, grey } = copies;
  const { mask, field, foreground } = productMask(raw, backgroundHint);
  const count = raw.width * raw.height;
  let covered = 0;
  let squares = 0;
  const lumaOf = luma; // bound once: an imported binding is a getter call per pixel
  for (let i = 0; i < count; i++) {
    if (!mask[i]) continue;
    covered++;
    const own = lumaOf(raw.data[i * 4] ?? 0, raw.data[i * 4 + 1] ?? 0, raw.data[i * 4 + 2] ?? 0);
    const behind = lumaOf(field[i * 3] ?? 0, field[i * 3 + 1] ?? 0, field[i * 3 + 2] ?? 0);
    squares += (own - behind) ** 2;
  }
  const metrics = {
    coverage: round(covered / count, 4),
    contrast: round(covered > 0 ? Math.sqrt(squares / covered) : 0, 4),
    sharpness: round(
      laplacianVariance(grey.data, grey.width, grey.height, raw, covered > 0 ? mask : undefined),
      2,
    ),
    resolution: Math.min(raw.sourceWidth, raw.sourceHeight),
  };
  return foreground ? { metrics, foreground } : { metrics };
}

/**
 * Compares metrics with thresholds; each failed check gives a reason naming the metric, its value and the
 * limit (`sharpness 3.1 is below the minimum 5`); `framed` and `upscale` are checked when measured. Pure;
 * never throws.
 */
export function evaluateQuality(metrics: QualityMetrics, thresholds: QualityThresholds): QualityReport {
  const reasons: string[] = [];
  const below = (name: string, value: number, minimum: number, digits: number, unit = '') => {
    if (value < minimum)
      reasons.push(`${name} ${value.toFixed(digits)}${unit} is below the minimum ${minimum}${unit}`);
  };
  below('coverage', metrics.coverage, thresholds.minCoverage, 2);
  if (metrics.coverage > thresholds.maxCoverage) {
    reasons.push(`coverage ${metrics.coverage.toFixed(2)} is above the maximum ${thresholds.maxCoverage}`);
  }
  below('contrast', metrics.contrast, thresholds.minContrast, 3);
  below('sharpness', metrics.sharpness, thresholds.minSharpness, 1);
  below('resolution', metrics.resolution, thresholds.minResolution, 0, ' px');
  reasons.push(...placementReasons(metrics, thresholds));
  return { passed: reasons.length === 0, metrics, reasons };
}

// The product's pixels and the backdrop colour behind each: against the hint if given, else estimated.
function productMask(
  raw: RawImage,
  backgroundHint: string | undefined,
): { mask: Uint8Array; field: Float32Array; foreground?: ForegroundMask } {
  const count = raw.width * raw.height;
  if (backgroundHint === undefined) {
    const found = findForeground(raw, CHECK_FOREGROUND);
    // Nothing standing out means no product at all; a busy scene is all subject (the mask is all ones).
    const mask = found.mode === 'empty' ? new Uint8Array(count) : found.mask;
    return { mask, field: found.field, foreground: found };
  }
  let colour: readonly [number, number, number];
  try {
    colour = hexToRgb(backgroundHint);
  } catch {
    throw nonRetryable('InvalidInput', `background hint '${backgroundHint}' is not a #rrggbb colour`, {
      field: 'backgroundColor',
      value: backgroundHint,
    });
  }
  const field = flatField(colour, count);
  return {
    mask: cleanMask(differsFrom(raw.data, field, count, limitFor(0)), raw.width, raw.height, true),
    field,
  };
}

// Variance of the 4-neighbour Laplacian of the grey copy, over the product's inside when there is one, else
// over the whole image. The outline is left out: a cut-out edge is crisp however blurred the photo was.
function laplacianVariance(
  grey: Buffer,
  width: number,
  height: number,
  raw: RawImage,
  mask: Uint8Array | undefined,
): number {
  const region = mask ? erode(mask, raw.width, raw.height, 2) : undefined;
  const sx = raw.width / width;
  const sy = raw.height / height;
  let n = 0;
  let sum = 0;
  let squares = 0;
  for (let y = 1; y < height - 1; y++) {
    const row = Math.min(raw.height - 1, Math.floor(y * sy)) * raw.width;
    for (let x = 1; x < width - 1; x++) {
      if (region && !region[row + Math.min(raw.width - 1, Math.floor(x * sx))]) continue;
      const i = y * width + x;
      const value =
        (grey[i - 1] ?? 0) +
        (grey[i + 1] ?? 0) +
        (grey[i - width] ?? 0) +
        (grey[i + width] ?? 0) -
        4 * (grey[i] ?? 0);
      n++;
      sum += value;
      squares += value * value;
    }
  }
  return n > 0 ? squares / n - (sum / n) ** 2 : 0;
}

function erode(mask: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  const grown = dilate(invert(mask), width, height, radius);
  return invert(grown);
}

function invert(mask: Uint8Array): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) out[i] = 1 - (mask[i] ?? 0);
  return out;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
