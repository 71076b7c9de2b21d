import { measureComposite } from '../images/check-composite';
import { evaluateQuality } from '../images/measure-quality';
import type { BlobRef } from '../shared/blob';
import type { ProductAnalysis, QualityReport, QualityThresholds } from '../shared/product';
import { qualityThresholdsSchema } from '../shared/product';
import type { ActivityDeps } from './deps';
import { loadImage } from './model';
import { createProductQualityActivities } from './product-quality';

/** Input of `checkQuality`: the image, the background colour it was shot on, and threshold overrides. */
export interface CheckQualityInput {
  image: BlobRef;
  backgroundColor?: string;
  thresholds?: Partial<QualityThresholds>;
  /**
   * The product photo the image was composed from, and the product's bounds in it: with it the check also
   * measures `framed` (was the photo pasted whole?) and `upscale` (was it too small for the canvas?).
   */
  source?: { image: BlobRef; subjectBounds: ProductAnalysis['subjectBounds'] };
}

/** Builds the quality-check activities (the E-commerce check, and the Product Director's gate). */
export function createQualityActivities(deps: Pick<ActivityDeps, 'blobs'>) {
  return {
    /**
     * Measures coverage, contrast, sharpness and resolution (and, given the source photo, framing and
     * enlargement) and compares them with the thresholds. Reports a rejection as a result (`passed: false`
     * with reasons); the Director decides to stop. Writes nothing.
     */
    async checkQuality(input: CheckQualityInput): Promise<{ report: QualityReport }> {
      const thresholds = qualityThresholdsSchema.parse(input.thresholds ?? {});
      const [image, photo] = await Promise.all([
        loadImage(deps.blobs, input.image),
        input.source ? loadImage(deps.blobs, input.source.image) : undefined,
      ]);
      const metrics = await measureComposite(image, {
        ...(input.backgroundColor === undefined ? {} : { backgroundHint: input.backgroundColor }),
        ...(input.source && photo ? { source: { photo, subjectBounds: input.source.subjectBounds } } : {}),
      });
      return { report: evaluateQuality(metrics, thresholds) };
    },
    ...createProductQualityActivities(deps),
  };
}
