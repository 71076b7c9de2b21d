import { referenceAnalysisSchema, type ReferenceAnalysis } from '../../../shared/creative';
import type { ImageData } from '../../creative-model';
import { colorName, rgbToHex, saturation } from '../colour';
import { clamp } from '../numbers';
import { dominantColors, VIEWED_PALETTE } from '../palette';
import { lumaOf, opaqueColours, orientedSize, pixelAt, readVisible } from '../pixels';

/** Measurements are taken on a copy this small: enough for tone and palette, cheap in memory. */
const MEASURE_SIDE = 160;

/**
 * Measures a reference image's look — palette, brightness, contrast, saturation, warmth, orientation — and
 * derives keywords and a sentence from the numbers. Deterministic; throws a non-retryable `CorruptImage`
 * when the bytes do not decode.
 */
export async function analyzeReference(image: ImageData): Promise<ReferenceAnalysis> {
  const { width, height } = await orientedSize(image);
  const pixels = await readVisible(image, MEASURE_SIDE);
  const luma = lumaOf(pixels);
  const count = luma.length;
  let sum = 0;
  let sumSquares = 0;
  let saturationSum = 0;
  let warmthSum = 0;
  for (let i = 0; i < count; i++) {
    const y = luma[i] ?? 0;
    sum += y;
    sumSquares += y * y;
    const rgb = pixelAt(pixels.data, i, pixels.channels);
    saturationSum += saturation(rgb);
    warmthSum += (rgb[0] - rgb[2]) / 255;
  }
  const brightness = sum / count;
  const contrast = Math.sqrt(Math.max(0, sumSquares / count - brightness * brightness));
  const swatches = dominantColors(opaqueColours(pixels), VIEWED_PALETTE);
  const measured = {
    brightness: clamp(brightness, 0, 1),
    contrast: clamp(contrast, 0, 1),
    saturation: clamp(saturationSum / count, 0, 1),
    // Red minus blue, averaged: greys are 0, orange and red lean to 1, blue to -1.
    warmth: clamp((warmthSum / count) * 1.5, -1, 1),
  };
  const ratio = width / height;
  const orientation = ratio > 1.05 ? 'landscape' : ratio < 0.95 ? 'portrait' : 'square';
  const colourNames = [...new Set(swatches.map((s) => colorName(s.rgb)))].slice(0, 3);
  const keywords = [...lookKeywords(measured), ...colourNames];
  return referenceAnalysisSchema.parse({
    width,
    height,
    palette: swatches.slice(0, 6).map((s) => rgbToHex(s.rgb)),
    ...measured,
    orientation,
    keywords,
    description: describe(lookKeywords(measured), colourNames, orientation),
  });
}

/** Words for the measured look, at most one per measure (`bright`, `vivid`, `warm`, `high-contrast` …). */
export function lookKeywords(look: {
  brightness: number;
  contrast: number;
  saturation: number;
  warmth: number;
}): string[] {
  const words: string[] = [];
  if (look.brightness > 0.62) words.push('bright');
  else if (look.brightness < 0.35) words.push('dark');
  else words.push('mid-tone');
  if (look.saturation > 0.45) words.push('vivid');
  else if (look.saturation < 0.2) words.push('muted');
  if (look.warmth > 0.08) words.push('warm');
  else if (look.warmth < -0.08) words.push('cool');
  else words.push('neutral');
  if (look.contrast > 0.22) words.push('high-contrast');
  else if (look.contrast < 0.1) words.push('soft');
  return words;
}

function describe(look: string[], colours: string[], orientation: string): string {
  const adjectives = look.map((w) => (w === 'soft' ? 'softly lit' : w)).join(', ');
  const palette =
    colours.length > 1
      ? `${colours.slice(0, -1).join(', ')} and ${colours.at(-1) ?? ''}`
      : (colours[0] ?? '');
  return `A ${adjectives} ${orientation} image dominated by ${palette}.`;
}
