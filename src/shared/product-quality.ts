import { z } from 'zod';
import type { QualityMetrics } from './product';

/** Measurements of a cut-out (a product image with alpha), see `measureCutout`. */
export interface CutoutMetrics {
  /** 0..1: share of the cut-out's frame that is opaque; 1 means nothing was cut away. */
  opaque: number;
  /** 0..1: share of the frame's edge the opaque part runs into; near 1 for a rectangle, not a product. */
  edge: number;
  /** Detached parts smaller than 1% of the opaque area. */
  specks: number;
  /** 0..1: share of the opaque area lying in those specks. */
  speckShare: number;
}

/** Limits of the Product Director's quality gate. */
export const branchQualityThresholdsSchema = z
  .object({
    /**
     * 0.01: a clean cut-out is one piece, or a few large ones (the words of a printed slogan); a cut-out
     * of a busy scene leaves 2–8% of itself in confetti.
     */
    maxSpeckShare: z.number().min(0).max(1).default(0.01),
    /** 0.6: a product touches its box on each side; a rectangle (nothing cut out) runs along all of it. */
    maxCutoutEdge: z.number().min(0).max(1).default(0.6),
    /** 0.35: see `qualityThresholdsSchema.maxFramed`. */
    maxFramed: z.number().min(0).max(1).default(0.35),
    /** 2: see `qualityThresholdsSchema.maxUpscale`. */
    maxUpscale: z.number().positive().default(2),
  })
  .strict();

/** The Product Director's quality limits (all fields filled). */
export type BranchQualityThresholds = z.infer<typeof branchQualityThresholdsSchema>;

/** The verdict on one branch output: what was measured and why it failed (empty when it passed). */
export interface OutputQuality {
  name: string;
  passed: boolean;
  cutout?: CutoutMetrics;
  /** See `QualityMetrics.framed` and `.upscale`. */
  placement?: Required<Pick<QualityMetrics, 'framed' | 'upscale'>>;
  reasons: string[];
}

/** The verdict of the Product Director's quality gate over a branch's outputs. */
export interface BranchQualityReport {
  passed: boolean;
  outputs: OutputQuality[];
}
