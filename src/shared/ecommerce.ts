import { z } from 'zod';
import { rerunOfSchema } from './rerun';
import { blobRefSchema, type BlobRef } from './blob';
import type { ProductAnalysis, QualityReport } from './product';
import { qualityOverridesSchema } from './product';
import type { RunReportFiles } from './run-report';
import type { RunSummary } from './stages';
import { BACKGROUND_STYLES } from './styles';
import { budgetTimeoutSchema, costCapSchema } from './cost-cap';
import { INPUT_DEFAULTS } from './input-defaults';

/** An image input: a file path on the worker's machine, or a reference to a stored blob. */
export const imageSourceSchema = z.union([
  z.string().min(1, 'an image path must not be empty'),
  blobRefSchema,
]);

/** An image path or a blob reference. */
export type ImageSource = z.infer<typeof imageSourceSchema>;

/** E-commerce Director input, as users and the CLI send it. */
export const ecommerceInputSchema = z.strictObject({
  productImage: imageSourceSchema,
  style: z.enum(BACKGROUND_STYLES).default(INPUT_DEFAULTS.ecommerce.style),
  /** Side of the square output, in pixels. */
  canvasSize: z.number().int().min(512).max(4096).default(INPUT_DEFAULTS.ecommerce.canvasSize),
  /** Quality thresholds overriding the defaults. */
  quality: qualityOverridesSchema.default({}),
  /** Brand the shot is for (shown in the Web UI and filterable); the style when absent. */
  brand: z.string().min(1).max(80).optional(),
  costCapUsd: costCapSchema,
  rerunOf: rerunOfSchema,
  budgetTimeout: budgetTimeoutSchema,
});

/** E-commerce Director input (before defaults). */
export type EcommerceInput = z.input<typeof ecommerceInputSchema>;

/** A published output file. */
export interface PublishedFile {
  name: string;
  path: string;
  image: BlobRef;
}

/** E-commerce Director result. */
export interface EcommerceResult {
  workflowId: string;
  model: string;
  analysis: ProductAnalysis;
  quality: QualityReport;
  files: PublishedFile[];
  /** The run's contact sheet and HTML report. */
  report: RunReportFiles;
  summary: RunSummary;
}
