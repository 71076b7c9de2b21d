import { evaluateQuality, measureQuality } from '../images/measure-quality';
import type { BlobRef } from '../shared/blob';
import type { QualityReport, QualityThresholds } from '../shared/product';
import { qualityThresholdsSchema } from '../shared/product';
import type { ActivityDeps } from './deps';
import { loadImage } from './model';

/** Input of `checkQuality`: the image, the background colour it was shot on, and threshold overrides. */
export interface CheckQualityInput {
  image: BlobRef;
  backgroundColor?: string;
  thresholds?: Partial<QualityThresholds>;
}

/** Builds the quality-check activity. */
export function createQualityActivities(deps: Pick<ActivityDeps, 'blobs'>) {
  return {
    /**
     * Measures coverage, contrast, sharpness and resolution and compares them with the thresholds. Reports
     * a rejection as a result (`passed: false` with reasons); the Director decides to stop. Writes nothing.
     */
    async checkQuality(input: CheckQualityInput): Promise<{ report: QualityReport }> {
      const thresholds = qualityThresholdsSchema.parse(input.thresholds ?? {});
      const metrics = await measureQuality(await loadImage(deps.blobs, input.image), input.backgroundColor);
      return { report: evaluateQuality(metrics, thresholds) };
    },
  };
}
