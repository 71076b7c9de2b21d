import { z } from 'zod';
import { rerunOfSchema } from './rerun';
import type { BlobRef } from './blob';
import type { PublishedFile } from './ecommerce';
import { budgetTimeoutSchema, costCapSchema } from './cost-cap';
import { INPUT_DEFAULTS } from './input-defaults';
import { imageSourceSchema } from './ecommerce';
import type { ProductAnalysis } from './product';
import type { RunReportFiles } from './run-report';
import type { RunSummary } from './stages';

import { PRODUCT_TYPES, type ProductType } from './product-types';

export { PRODUCT_TYPES, type ProductType };

/** Product Director input. */
export const productInputSchema = z.strictObject({
  productImage: imageSourceSchema,
  costCapUsd: costCapSchema,
  budgetTimeout: budgetTimeoutSchema,
  productType: z.enum(PRODUCT_TYPES, { error: `productType must be one of: ${PRODUCT_TYPES.join(', ')}` }),
  options: z
    .strictObject({
      /** Longest side of the branch's images. */
      size: z.number().int().min(512).max(2048).default(INPUT_DEFAULTS.product.size),
      /** Detail crops for accessories. */
      detailCount: z.number().int().min(1).max(6).default(INPUT_DEFAULTS.product.detailCount),
      brand: z.string().min(1).max(80).optional(),
    })
    .default({ ...INPUT_DEFAULTS.product }),
  rerunOf: rerunOfSchema,
});

/** Product Director input (before defaults). */
export type ProductInput = z.input<typeof productInputSchema>;

/** What a branch child workflow gets: the parent's run key (outputs live under it) and the analysed product. */
export interface BranchInput {
  runKey: string;
  product: BlobRef;
  analysis: ProductAnalysis;
  size: number;
  detailCount: number;
  /** What is left of the parent's cost cap. */
  costCapUsd: number;
  /** How long the branch waits for a `raise-budget` before passing its cap (runs since `budget-pause`). */
  budgetTimeout?: string;
  /** The parent's brand, when it has one (shown as the child's `DirectorBrand`). */
  brand?: string;
}

/** A branch's output images, named, ready to publish. */
export interface BranchResult {
  branch: ProductType;
  images: { name: string; image: BlobRef }[];
  summary: RunSummary;
}

/** Product Director result. */
export interface ProductResult {
  workflowId: string;
  productType: ProductType;
  analysis: ProductAnalysis;
  branch: BranchResult;
  files: PublishedFile[];
  /** The run's contact sheet and HTML report. */
  report: RunReportFiles;
  summary: RunSummary;
}
