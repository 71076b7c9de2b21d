import { measureCutout } from '../images/measure-cutout';
import { measurePlacement, placementReasons } from '../images/measure-placement';
import type { BlobRef } from '../shared/blob';
import type { ProductAnalysis } from '../shared/product';
import {
  branchQualityThresholdsSchema,
  type BranchQualityReport,
  type BranchQualityThresholds,
  type CutoutMetrics,
  type OutputQuality,
} from '../shared/product-quality';
import type { ActivityDeps } from './deps';
import { loadImage } from './model';

/** A branch output to check: made from a cut-out, or from the product photo placed on a backdrop. */
export interface BranchOutputToCheck {
  name: string;
  image: BlobRef;
  /** The cut-out the output was made from: its alpha is measured for specks and a rectangular edge. */
  cutout?: BlobRef;
  /** True when the output is the product photo composed onto a backdrop: framing and enlargement are measured. */
  placed?: boolean;
}

/** Input of `checkBranchQuality`. */
export interface CheckBranchQualityInput {
  /** The product photo and its analysis, for the placement checks. */
  product: BlobRef;
  analysis: ProductAnalysis;
  outputs: BranchOutputToCheck[];
  thresholds?: Partial<BranchQualityThresholds>;
}

/** Builds the Product Director's quality gate. */
export function createProductQualityActivities(deps: Pick<ActivityDeps, 'blobs'>) {
  const { blobs } = deps;
  return {
    /**
     * Measures each branch output before it is published: the cut-out it was made from (specks, a
     * rectangular edge) or its placement (a photo pasted whole, enlarged too far). Outputs that are neither
     * (detail crops of the photo itself) pass unmeasured. Reports a rejection as a result (`passed: false`,
     * reasons per output); the branch decides to stop. Writes nothing; a cut-out shared by several outputs
     * is measured once.
     */
    async checkBranchQuality(input: CheckBranchQualityInput): Promise<{ report: BranchQualityReport }> {
      const limits = branchQualityThresholdsSchema.parse(input.thresholds ?? {});
      const cutouts = new Map<string, Promise<CutoutMetrics>>();
      const measureOnce = (ref: BlobRef) => {
        const known = cutouts.get(ref.key) ?? loadImage(blobs, ref).then(measureCutout);
        cutouts.set(ref.key, known);
        return known;
      };
      const outputs: OutputQuality[] = [];
      for (const output of input.outputs) {
        const reasons: string[] = [];
        const verdict: OutputQuality = { name: output.name, passed: true, reasons };
        if (output.cutout) {
          verdict.cutout = await measureOnce(output.cutout);
          reasons.push(...cutoutReasons(verdict.cutout, limits));
        }
        if (output.placed) {
          const [image, photo] = await Promise.all([
            loadImage(blobs, output.image),
            loadImage(blobs, input.product),
          ]);
          verdict.placement = await measurePlacement(image, photo, input.analysis.subjectBounds);
          reasons.push(...placementReasons(verdict.placement, limits));
        }
        verdict.passed = reasons.length === 0;
        outputs.push(verdict);
      }
      return { report: { passed: outputs.every((o) => o.passed), outputs } };
    },
  };
}

function cutoutReasons(metrics: CutoutMetrics, limits: BranchQualityThresholds): string[] {
  const reasons: string[] = [];
  if (metrics.speckShare > limits.maxSpeckShare) {
    reasons.push(
      `speckShare ${metrics.speckShare.toFixed(3)} is above the maximum ${limits.maxSpeckShare}: the cut-out ` +
        `is broken into ${metrics.specks} specks (the backdrop could not be told apart from the product)`,
    );
  }
  if (metrics.edge > limits.maxCutoutEdge) {
    reasons.push(
      `cutout edge ${metrics.edge.toFixed(2)} is above the maximum ${limits.maxCutoutEdge}: the cut-out ` +
        `fills its frame to the edges, a rectangle rather than a product`,
    );
  }
  return reasons;
}
