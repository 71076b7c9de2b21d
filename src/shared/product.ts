import { z } from 'zod';

/** A colour as `#rrggbb`. */
export const hexColorSchema = z.string().regex(/^#[0-9a-f]{6}$/);

/** A rectangle in pixels, in the coordinates of the image it was measured on. */
export const boundsSchema = z.object({
  left: z.number().int().nonnegative(),
  top: z.number().int().nonnegative(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});

/** What product analysis measures about a product photo (and, with a model, what it says about it). */
export const productAnalysisSchema = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Dominant colours of the product (not the background), most frequent first, 1 to 5 of them. */
  palette: z.array(hexColorSchema).min(1).max(5),
  /** Estimated background colour, from the image border. */
  backgroundColor: hexColorSchema,
  /** 0..1: how uniform the border (background) is; 1 is a perfectly flat backdrop. */
  backgroundUniformity: z.number().min(0).max(1),
  /** The product's bounding box. */
  subjectBounds: boundsSchema,
  /** 0..1: fraction of the image area the product's box covers. */
  subjectCoverage: z.number().min(0).max(1),
  hasAlpha: z.boolean(),
  /** A short description (the local model writes one from measurements). */
  description: z.string().max(2000),
});

/** Product analysis result. */
export type ProductAnalysis = z.infer<typeof productAnalysisSchema>;

/** Quality measurements of a finished e-commerce image. */
export interface QualityMetrics {
  /** 0..1: fraction of the canvas the product covers. */
  coverage: number;
  /** Luminance contrast between product and background (0..1, RMS-style). */
  contrast: number;
  /** Variance of the Laplacian on the product region: higher is sharper. */
  sharpness: number;
  /** The shorter side of the image in pixels. */
  resolution: number;
  /**
   * 0..1: share of the product's outline that is the source photo's own edge (see `measurePlacement`);
   * near 1 when the whole photo was pasted as a rectangle. Measured when the check is given the photo.
   */
  framed?: number;
  /** How many times the product's pixels were enlarged to fill the canvas. Measured with `framed`. */
  upscale?: number;
}

// The range of each quality threshold, declared once for the thresholds and for a request's overrides.
const qualityLimits = {
  minCoverage: z.number().min(0).max(1),
  maxCoverage: z.number().min(0).max(1),
  minContrast: z.number().min(0),
  minSharpness: z.number().min(0),
  minResolution: z.number().int().positive(),
  maxFramed: z.number().min(0).max(1),
  maxUpscale: z.number().positive(),
};

/** Thresholds below which the quality check rejects an image. */
export const qualityThresholdsSchema = z.strictObject({
  /**
   * 0.1: the composer sizes a product's longer side to 66% of the canvas, so a shoe or a flat-lying bag
   * covers only ~0.12–0.15 of it; a lost or speck-sized product covers far less.
   */
  minCoverage: qualityLimits.minCoverage.default(0.1),
  maxCoverage: qualityLimits.maxCoverage.default(0.95),
  minContrast: qualityLimits.minContrast.default(0.04),
  minSharpness: qualityLimits.minSharpness.default(5),
  minResolution: qualityLimits.minResolution.default(1000),
  /**
   * 0.35: a cut-out product's outline shows at most a stretch of its photo's edge (where it touched its
   * box, ~0–0.1); a photo pasted whole shows its own edge along 0.45–1 of the outline.
   */
  maxFramed: qualityLimits.maxFramed.default(0.35),
  /** 2: a product enlarged more than twice to fill the canvas is too small a photo for it, and looks soft. */
  maxUpscale: qualityLimits.maxUpscale.default(2),
});

/**
 * Threshold overrides as a request gives them: only the keys given, no defaults filled in, so that the
 * Director's own defaults (the E-commerce canvas size as the minimum resolution) stay in force.
 */
export const qualityOverridesSchema = z.strictObject(qualityLimits).partial();

/** Quality thresholds (all fields filled). */
export type QualityThresholds = z.infer<typeof qualityThresholdsSchema>;

/** The verdict of a quality check: the metrics, and the reasons for a rejection (empty when passed). */
export interface QualityReport {
  passed: boolean;
  metrics: QualityMetrics;
  reasons: string[];
}
