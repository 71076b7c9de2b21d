/**
 * The E-commerce quality check's measurements in one pass: the composite decoded once (the RGBA copy
 * quality and placement both read, and the grey copy sharpness reads), its foreground found once, the
 * product photo decoded once. The metrics are exactly those of `measureQuality` and `measurePlacement`
 * run one after the other, which decode the composite twice and find its foreground twice.
 */
import { findForeground } from '../model/local/analysis/foreground-mask';
import type { ImageData } from '../model/creative-model';
import { loadRaw } from '../model/local/pixels';
import { nonRetryable } from '../shared/failures';
import type { ProductAnalysis, QualityMetrics } from '../shared/product';
import { CHECK_FOREGROUND, loadPlacementPhoto, placementOf } from './measure-placement';
import { decodeQualityCopies, loadGrey, measureQualityOf } from './measure-quality';

/** The decoders a check uses: sharp's by default; a test may wrap them to count decodes. */
export interface QualityDecoders {
  raw: typeof loadRaw;
  grey: typeof loadGrey;
}

/** sharp's decoders, as `measureQuality` and `measurePlacement` use them. */
export const SHARP_DECODERS: QualityDecoders = { raw: loadRaw, grey: loadGrey };

/** What to check a composite against: the backdrop colour it was shot on, and the photo it was made from. */
export interface CompositeCheck {
  backgroundHint?: string;
  source?: { photo: ImageData; subjectBounds: ProductAnalysis['subjectBounds'] };
}

/**
 * Measures a composite's quality (and, given the source photo, its placement), decoding each image once.
 * Deterministic; throws `CorruptImage` when an image cannot be decoded and `InvalidInput` for a malformed hint.
 */
export async function measureComposite(
  image: ImageData,
  check: CompositeCheck = {},
  decoders: QualityDecoders = SHARP_DECODERS,
): Promise<QualityMetrics> {
  const { source } = check;
  // Quality and placement read the same RGBA copy of the composite (`QUALITY_SIDE` is `PLACEMENT_SIDE`).
  const [copies, photo] = await Promise.all([
    decodeQualityCopies(image, decoders),
    source
      ? loadPlacementPhoto(source.photo, decoders.raw).catch((error: unknown) => {
          throw nonRetryable('CorruptImage', `image to check cannot be decoded: ${String(error)}`, {});
        })
      : undefined,
  ]);
  const { metrics, foreground } = measureQualityOf(copies, check.backgroundHint);
  if (!source || !photo) return metrics;
  // With a hint the quality check used the hint, not an estimate: placement still needs the estimate.
  const found = foreground ?? findForeground(copies.raw, CHECK_FOREGROUND);
  return { ...metrics, ...placementOf(copies.raw, found, photo, source.subjectBounds) };
}
