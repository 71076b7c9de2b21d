import { z } from 'zod';
import { hexColorSchema } from './product';

/** What analysing a reference image yields: measured look and feel, and words for prompts. */
export const referenceAnalysisSchema = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Dominant colours, most frequent first. */
  palette: z.array(hexColorSchema).min(1).max(6),
  /** Mean luminance, 0 (black) .. 1 (white). */
  brightness: z.number().min(0).max(1),
  /** RMS luminance contrast, 0..1. */
  contrast: z.number().min(0).max(1),
  /** Mean saturation, 0..1. */
  saturation: z.number().min(0).max(1),
  /** -1 (cool, blue) .. 1 (warm, red-yellow). */
  warmth: z.number().min(-1).max(1),
  orientation: z.enum(['portrait', 'landscape', 'square']),
  /** Short words describing the look (`bright`, `muted`, `warm`, `high-contrast` …). */
  keywords: z.array(z.string().min(1)).max(12),
  description: z.string().max(2000),
});

/** A reference analysis. */
export type ReferenceAnalysis = z.infer<typeof referenceAnalysisSchema>;

/** A written image prompt, with the choices a generator needs to follow it. */
export const creativePromptSchema = z.object({
  index: z.number().int().nonnegative(),
  text: z.string().min(1).max(4000),
  palette: z.array(hexColorSchema).min(1).max(8),
  composition: z.enum(['centered', 'diagonal', 'rule-of-thirds', 'split', 'grid']),
  /** Seed for deterministic generation; a regeneration round uses another. */
  seed: z.number().int().nonnegative(),
});

/** A creative prompt. */
export type CreativePrompt = z.infer<typeof creativePromptSchema>;

/** A judge's verdict on a generated image: a score 0..1 and the reasons behind it. */
export const judgementSchema = z.object({
  score: z.number().min(0).max(1),
  reasons: z.array(z.string()).max(20),
});

/** A judgement. */
export type Judgement = z.infer<typeof judgementSchema>;
