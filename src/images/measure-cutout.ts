import type { ImageData } from '../model/creative-model';
import { findForeground } from '../model/local/analysis/foreground-mask';
import type { RawImage } from '../model/local/pixels';
import { loadRaw } from '../model/local/pixels';
import { nonRetryable } from '../shared/failures';
import type { CutoutMetrics } from '../shared/product-quality';
import { maskParts } from './mask-parts';

/** Longest side of the copy a cut-out is measured on. */
const CUTOUT_SIDE = 512;
/** A detached part smaller than this share of the cut-out's opaque area is a speck, not a piece of product. */
const SPECK_SHARE = 0.01;

/**
 * Measures a cut-out (an image whose alpha says where the product is, or, as image models return them, the
 * product on a plain backdrop): how much of its frame the product fills, how much of the frame's edge it
 * runs into, and how much of it lies in detached specks (confetti left by a cut-out of a busy scene).
 * Deterministic; throws `CorruptImage` when the bytes cannot be decoded.
 */
export async function measureCutout(cutout: ImageData): Promise<CutoutMetrics> {
  const raw = await loadRaw(cutout.bytes, CUTOUT_SIDE).catch((error: unknown) => {
    throw nonRetryable('CorruptImage', `cut-out to check cannot be decoded: ${String(error)}`, {});
  });
  const { width, height } = raw;
  const mask = productMask(raw);
  const opaque = mask.reduce((sum, v) => sum + v, 0);
  let edge = 0;
  for (let x = 0; x < width; x++) edge += (mask[x] ?? 0) + (mask[(height - 1) * width + x] ?? 0);
  for (let y = 0; y < height; y++) edge += (mask[y * width] ?? 0) + (mask[y * width + width - 1] ?? 0);
  const specks = maskParts(mask, width, height).filter((part) => part.size < opaque * SPECK_SHARE);
  const speckArea = specks.reduce((sum, part) => sum + part.size, 0);
  return {
    opaque: round(opaque / (width * height)),
    edge: round(edge / (2 * (width + height))),
    specks: specks.length,
    speckShare: round(opaque > 0 ? speckArea / opaque : 0),
  };
}

// The alpha when the image has real transparency (taken as it is: specks are what is measured); else the
// pixels standing out from the backdrop, all of them when the backdrop is a busy scene.
function productMask(raw: RawImage): Uint8Array {
  const count = raw.width * raw.height;
  let transparent = 0;
  for (let i = 0; i < count; i++) if ((raw.data[i * 4 + 3] ?? 255) < 128) transparent++;
  if (raw.hasAlpha && transparent >= count * 0.005) {
    return Uint8Array.from({ length: count }, (_, i) => ((raw.data[i * 4 + 3] ?? 255) >= 128 ? 1 : 0));
  }
  return findForeground(raw).mask;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
