import { judgementSchema, type Judgement } from '../../../shared/creative';
import type { JudgeRequest } from '../../creative-capabilities';
import { deltaE, hexToRgb, rgbToHex, type Rgb } from '../colour';
import { clamp, round3 } from '../numbers';
import { dominantColors, VIEWED_PALETTE, type PaletteSettings } from '../palette';
import { lumaOf, opaqueColours, readVisible } from '../pixels';

/** Colours are measured on a small copy, edges on a larger one (grain and outlines vanish when tiny). */
const COLOUR_SIDE = 128;
const DETAIL_SIDE = 384;

/** More clusters and rarer colours than a reference's palette: an off-brand colour counts even when small. */
const JUDGED_PALETTE: PaletteSettings = {
  ...VIEWED_PALETTE,
  clusters: { ...VIEWED_PALETTE.clusters, boxes: 8 },
  keep: { ...VIEWED_PALETTE.keep, minShare: 0.02 },
};

/** How much each measure weighs in the score; they add up to 1. */
const WEIGHTS = {
  palette: 0.3,
  coverage: 0.2,
  lead: 0.2,
  contrast: 0.05,
  range: 0.1,
  detail: 0.05,
  aspect: 0.1,
} as const;

/**
 * Scores an image 0..1 against the brand guide from measurements alone — palette adherence and coverage,
 * the prompt's lead colour, contrast and tonal range, edge detail, aspect ratio — with a reason for every shortfall; a blank image scores
 * near zero. Deterministic; throws a non-retryable `CorruptImage` when the bytes do not decode.
 */
export async function judgeImage(request: JudgeRequest): Promise<Judgement> {
  const { image, guide } = request;
  const reasons: string[] = [];
  const brand = guide.palette.map(hexToRgb);

  const small = await readVisible(image, COLOUR_SIDE);
  const swatches = dominantColors(opaqueColours(small), JUDGED_PALETTE);
  const nearestBrand = (c: Rgb) => Math.min(...brand.map((b) => deltaE(b, c)));
  // Within ΔE 2 a colour reads as the brand's own; from ΔE 14 on it is another colour.
  const fit = swatches.reduce((sum, s) => sum + s.share * clamp(1 - (nearestBrand(s.rgb) - 2) / 12, 0, 1), 0);
  if (fit < 0.9) {
    const off = swatches.filter((s) => nearestBrand(s.rgb) > 15).map((s) => rgbToHex(s.rgb));
    reasons.push(
      `palette: adherence ${fit.toFixed(2)}${off.length ? `, off-brand colours ${off.slice(0, 3).join(', ')}` : ''}`,
    );
  }
  const presence = (c: Rgb) =>
    swatches.filter((s) => deltaE(c, s.rgb) < 15).reduce((sum, s) => sum + s.share, 0);
  const used = brand.filter((b) => presence(b) >= 0.05).length;
  const coverage = used / brand.length;
  if (coverage < 1)
    reasons.push(`palette coverage: ${used} of the brand's ${brand.length} colours are visible`);
  // The prompt leads with one colour; a picture that follows it gives that colour a real share.
  const leadHex = request.prompt.palette[0] ?? guide.palette[0] ?? '#ffffff';
  const leadShare = presence(hexToRgb(leadHex));
  const lead = clamp(leadShare / 0.35, 0, 1);
  if (lead < 1) reasons.push(`lead colour: ${leadHex} covers ${percent(leadShare)} (wanted 35%)`);

  const luma = lumaOf(small);
  const mean = luma.reduce((s, y) => s + y, 0) / luma.length;
  const spread = Math.sqrt(luma.reduce((s, y) => s + (y - mean) ** 2, 0) / luma.length);
  const contrast =
    spread < 0.12 ? spread / 0.12 : spread > 0.38 ? clamp(1 - (spread - 0.38) / 0.24, 0.5, 1) : 1;
  if (spread < 0.12) reasons.push(`contrast: ${spread.toFixed(3)} is flat (wanted 0.12..0.38)`);
  else if (spread > 0.38) reasons.push(`contrast: ${spread.toFixed(3)} is harsh (wanted 0.12..0.38)`);
  // Tonal range, photographers' sense: from the 5th to the 95th percentile of luminance.
  const sorted = Float32Array.from(luma).sort();
  const tones =
    (sorted[Math.floor(sorted.length * 0.95)] ?? 0) - (sorted[Math.floor(sorted.length * 0.05)] ?? 0);
  const range = clamp(tones / 0.65, 0, 1);
  if (range < 1)
    reasons.push(`tonal range: ${tones.toFixed(2)} between shadows and highlights (wanted 0.65)`);
  if (mean < 0.12 || mean > 0.94)
    reasons.push(`exposure: mean brightness ${mean.toFixed(2)} is ${mean < 0.12 ? 'too dark' : 'blown out'}`);

  const edges = await edgeDensity(request);
  const detail = clamp((edges - 0.004) / 0.026, 0, 1);
  if (detail < 1) reasons.push(`detail: edges cover ${percent(edges)} of the image (wanted 3% or more)`);

  const actual = image.width / image.height;
  const [w = 1, h = 1] = guide.aspectRatio.split(':').map(Number);
  const aspectError = Math.abs(Math.log(actual / (w / h)));
  const aspect = clamp(1 - aspectError / 0.2, 0, 1);
  if (aspectError > 0.02)
    reasons.push(`aspect ratio: ${actual.toFixed(2)} but the brand asks ${guide.aspectRatio}`);

  let score =
    WEIGHTS.palette * fit +
    WEIGHTS.coverage * coverage +
    WEIGHTS.lead * lead +
    WEIGHTS.contrast * contrast +
    WEIGHTS.range * range +
    WEIGHTS.detail * detail +
    WEIGHTS.aspect * aspect;
  const top = swatches[0]?.share ?? 1;
  if (spread < 0.02 || top > 0.97) {
    score *= 0.15;
    reasons.push(`blank: one colour covers ${percent(top)} of the image`);
  }
  if (mean < 0.12 || mean > 0.94) score *= 0.7;
  return judgementSchema.parse({ score: round3(clamp(score, 0, 1)), reasons: reasons.slice(0, 20) });
}

// Share of pixels whose luminance gradient is a visible step: outlines, texture, grain that survives.
async function edgeDensity(request: JudgeRequest): Promise<number> {
  const pixels = await readVisible(request.image, DETAIL_SIDE);
  const luma = lumaOf(pixels);
  const { width, height } = pixels;
  let strong = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const gx = (luma[i + 1] ?? 0) - (luma[i - 1] ?? 0);
      const gy = (luma[i + width] ?? 0) - (luma[i - width] ?? 0);
      if (Math.hypot(gx, gy) > 0.08) strong++;
    }
  }
  return strong / Math.max(1, (width - 2) * (height - 2));
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
