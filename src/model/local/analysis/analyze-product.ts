import { nonRetryable } from '../../../shared/failures';
import type { ProductAnalysis } from '../../../shared/product';
import { productAnalysisSchema } from '../../../shared/product';
import type { ImageData } from '../../creative-model';
import { colorName, rgbToHex, type Rgb } from '../colour';
import { round3 } from '../numbers';
import { dominantColors, PRODUCT_PALETTE, type Swatch } from '../palette';
import { loadRaw, pixelAt, type RawImage } from '../pixels';
import { findForeground, type ForegroundMask } from './foreground-mask';
import { maskBounds } from './mask-ops';

/** Longest side of the copy the analysis measures; bounds are scaled back to the original. */
export const ANALYSIS_SIDE = 320;

const MAX_PALETTE_SAMPLES = 20_000;

/**
 * Measures a product photo: backdrop colour and uniformity from the border, the product's mask, bounds,
 * coverage and palette, and a description written from them. `hasAlpha` says the product was found by
 * the image's own transparency (a cut-out). Deterministic; throws `CorruptImage` when the bytes cannot be
 * decoded.
 */
export async function analyzeProductImage(image: ImageData): Promise<ProductAnalysis> {
  const raw = await loadRaw(image.bytes, ANALYSIS_SIDE).catch((error: unknown) => {
    throw nonRetryable('CorruptImage', `product image cannot be decoded: ${String(error)}`, {});
  });
  const foreground = findForeground(raw);
  const box = maskBounds(foreground.mask, raw.width, raw.height) ?? {
    left: 0,
    top: 0,
    width: raw.width,
    height: raw.height,
  };
  const sx = raw.sourceWidth / raw.width;
  const sy = raw.sourceHeight / raw.height;
  const left = Math.min(raw.sourceWidth - 1, Math.floor(box.left * sx));
  const top = Math.min(raw.sourceHeight - 1, Math.floor(box.top * sy));
  const subjectBounds = {
    left,
    top,
    width: Math.max(1, Math.min(raw.sourceWidth, Math.ceil((box.left + box.width) * sx)) - left),
    height: Math.max(1, Math.min(raw.sourceHeight, Math.ceil((box.top + box.height) * sy)) - top),
  };
  const palette = dominantColors(productPixels(raw, foreground), PRODUCT_PALETTE);
  const subjectCoverage = (subjectBounds.width * subjectBounds.height) / (raw.sourceWidth * raw.sourceHeight);
  return productAnalysisSchema.parse({
    width: raw.sourceWidth,
    height: raw.sourceHeight,
    palette: palette.map((c) => rgbToHex(c.rgb)),
    backgroundColor: rgbToHex(foreground.background),
    backgroundUniformity: round3(foreground.uniformity),
    subjectBounds,
    subjectCoverage: round3(subjectCoverage),
    hasAlpha: foreground.mode === 'alpha',
    description: describe(foreground, palette, subjectBounds, raw),
  });
}

// The product's pixels, away from its edge (where they blend with the backdrop), evenly subsampled.
function productPixels(raw: RawImage, foreground: ForegroundMask): Rgb[] {
  const { mask, width, height } = foreground;
  const inner: number[] = [];
  const all: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!mask[i] || (raw.data[i * 4 + 3] ?? 255) < 128) continue;
      all.push(i);
      if (mask[i - 1] && mask[i + 1] && mask[i - width] && mask[i + width] && x > 0 && x < width - 1)
        inner.push(i);
    }
  }
  const chosen = inner.length >= 64 ? inner : all.length > 0 ? all : [0];
  const step = Math.max(1, Math.floor(chosen.length / MAX_PALETTE_SAMPLES));
  const pixels: Rgb[] = [];
  for (let k = 0; k < chosen.length; k += step) pixels.push(pixelAt(raw.data, chosen[k] ?? 0));
  return pixels;
}

function describe(
  foreground: ForegroundMask,
  palette: Swatch[],
  bounds: ProductAnalysis['subjectBounds'],
  raw: RawImage,
): string {
  const colours = [...new Set(palette.slice(0, 3).map((c) => colorName(c.rgb)))];
  const colourText =
    colours.length > 1 ? `${colours.slice(0, -1).join(', ')} and ${colours.at(-1)}` : colours[0];
  const hexes = palette.map((c) => rgbToHex(c.rgb)).join(', ');
  if (foreground.mode === 'empty') {
    return `No product stands out from the background, so the whole frame is the subject: mostly ${colourText} (${hexes}).`;
  }
  if (foreground.mode === 'busy') {
    return (
      `A scene rather than a studio shot: the backdrop is too busy to cut a product out (uniformity ` +
      `${foreground.uniformity.toFixed(2)}), so the whole ${raw.sourceWidth}x${raw.sourceHeight} frame is the subject, ` +
      `mostly ${colourText} (${hexes}).`
    );
  }
  const aspect = bounds.width / bounds.height;
  const shape =
    aspect > 1.15 ? 'a landscape-shaped' : aspect < 0.87 ? 'a portrait-shaped' : 'a roughly square';
  const backdrop =
    foreground.mode === 'alpha'
      ? 'a transparent background (already cut out)'
      : `${foreground.uniformity > 0.8 ? 'a plain' : foreground.uniformity > 0.5 ? 'a mostly plain' : 'a busy'} ${colorName(foreground.background)} backdrop (${rgbToHex(foreground.background)})`;
  const cx = (bounds.left + bounds.width / 2) / raw.sourceWidth;
  const cy = (bounds.top + bounds.height / 2) / raw.sourceHeight;
  const vertical = cy <= 0.4 ? 'top' : cy >= 0.6 ? 'bottom' : '';
  const horizontal = cx <= 0.4 ? 'left' : cx >= 0.6 ? 'right' : '';
  const placement =
    vertical || horizontal
      ? `off-centre towards the ${[vertical, horizontal].filter(Boolean).join(' ')}`
      : 'centred';
  const share = Math.round(((bounds.width * bounds.height) / (raw.sourceWidth * raw.sourceHeight)) * 100);
  return (
    `${shape[0]?.toUpperCase()}${shape.slice(1)} product in ${colourText} (${hexes}) on ${backdrop}; ` +
    `its box fills ${share}% of the ${raw.sourceWidth}x${raw.sourceHeight} frame, ${placement}.`
  );
}
