import { z } from 'zod';
import type { BlobRef } from './blob';
import type { CreativePrompt } from './creative';
import type { PublishedFile } from './ecommerce';
import { budgetTimeoutSchema, costCapSchema } from './cost-cap';
import { INPUT_DEFAULTS } from './input-defaults';
import { rerunOfSchema } from './rerun';
import { imageSourceSchema } from './ecommerce';
import type { RunReportFiles } from './run-report';
import type { RunSummary } from './stages';

/** Most reference images one Creative Director analyses. */
export const MAX_REFERENCES = 12;
/** Most images one Creative Director generates. */
export const MAX_BATCH = 64;

/** Creative Director input. */
export const creativeInputSchema = z.strictObject({
  referenceImages: z.array(imageSourceSchema).min(1, 'give at least one reference image').max(MAX_REFERENCES),
  brand: z.string().regex(/^[a-z0-9-]+$/, 'a brand id is lowercase letters, digits and dashes'),
  mood: z.string().min(1).max(200),
  batchCount: z.number().int().min(1).max(MAX_BATCH),
  /** Longest side of generated images; the other side follows the brand's aspect ratio. */
  size: z.number().int().min(256).max(2048).default(INPUT_DEFAULTS.creative.size),
  /** Images generated or judged at once. */
  concurrency: z.number().int().min(1).max(16).default(INPUT_DEFAULTS.creative.concurrency),
  costCapUsd: costCapSchema,
  budgetTimeout: budgetTimeoutSchema,
  /** Fan-out budget: generation fails the run when fewer than this fraction succeed. */
  minSuccessRatio: z.number().min(0).max(1).default(INPUT_DEFAULTS.creative.minSuccessRatio),
  validation: z
    .strictObject({
      /** Regeneration rounds for images the judge fails. */
      maxRounds: z.number().int().min(0).max(5).default(INPUT_DEFAULTS.creative.maxRounds),
      /** Images that must pass; default: half of batchCount, rounded up. */
      minPassing: z.number().int().min(1).optional(),
      /** Score to pass; default: the brand guide's `minScore`. */
      minScore: z.number().min(0).max(1).optional(),
    })
    .default({ maxRounds: INPUT_DEFAULTS.creative.maxRounds }),
  approval: z
    .strictObject({
      required: z.boolean().default(INPUT_DEFAULTS.creative.approval.required),
      /** How long to wait for a decision, e.g. `1 hour`, `30s`. */
      timeout: z
        .string()
        .regex(
          /^\d+(\.\d+)?\s*(ms|s|m|h|d|seconds?|minutes?|hours?|days?)$/i,
          'a duration like `30s`, `15 minutes` or `2h`',
        )
        .default(INPUT_DEFAULTS.creative.approval.timeout),
      onTimeout: z.enum(['approve', 'reject']).default(INPUT_DEFAULTS.creative.approval.onTimeout),
      /** Review rounds in which candidates may be redone (`director review --redo`); 0 allows no redo. */
      maxReviewRounds: z
        .number()
        .int()
        .min(0)
        .max(5)
        .default(INPUT_DEFAULTS.creative.approval.maxReviewRounds),
    })
    .default({ ...INPUT_DEFAULTS.creative.approval }),
  /**
   * Reuse earlier results from the stage cache (prompts and images whose inputs are unchanged); false
   * (`--fresh`) writes and draws them again. What is paid for is cached either way; reference analyses
   * and judgements are memoised by content as before, whatever this says.
   */
  reuse: z.boolean().default(INPUT_DEFAULTS.creative.reuse),
  rerunOf: rerunOfSchema,
});

/** Creative Director input (before defaults). */
export type CreativeInput = z.input<typeof creativeInputSchema>;

/** One image of a Creative Director's result. */
export interface CreativeImage {
  index: number;
  prompt: CreativePrompt;
  score: number;
  rounds: number;
  image: BlobRef;
  files: PublishedFile[];
}

/** Creative Director result. */
export interface CreativeResult {
  workflowId: string;
  brand: string;
  prompts: CreativePrompt[];
  images: CreativeImage[];
  /** Indexes of prompts whose image never passed, with the last score. */
  rejected: { index: number; score: number; reasons: string[] }[];
  contactSheet: PublishedFile | undefined;
  approval: { decision: 'approve' | 'reject'; by: string; timedOut: boolean } | undefined;
  /** The run's contact sheet and HTML report. */
  report: RunReportFiles;
  summary: RunSummary;
}

/** Width and height for a longest side and an aspect ratio like `4:5`. */
export function dimensionsFor(aspectRatio: string, longestSide: number): { width: number; height: number } {
  const [w, h] = aspectRatio.split(':').map(Number) as [number, number];
  return w >= h
    ? { width: longestSide, height: Math.round((longestSide * h) / w) }
    : { width: Math.round((longestSide * w) / h), height: longestSide };
}
