import type { z } from 'zod';
import { creativePromptSchema, referenceAnalysisSchema } from '../../shared/creative';
import type { CreativePrompt, ReferenceAnalysis } from '../../shared/creative';
import { productAnalysisSchema, type ProductAnalysis } from '../../shared/product';
import { answerInvalid, issuesOf } from './gemini-answers';
import type { ProductAnswer, PromptsAnswer, ReferenceAnswer } from './gemini-schemas';

/** What is measured locally about an input image. */
export interface MeasuredSize {
  width: number;
  height: number;
  hasAlpha: boolean;
}

/**
 * A product analysis from the model's answer and the locally measured size: the box the model gave as
 * fractions (it sees a resized image) turned into pixels of the real image, and the coverage derived from
 * it. Throws a retryable `ModelAnswerInvalid` when the result fails the shared schema.
 */
export function productAnalysisOf(answer: ProductAnswer, size: MeasuredSize, model: string): ProductAnalysis {
  const box = answer.subjectBox;
  const left = clampInt(box.left * size.width, 0, size.width - 1);
  const top = clampInt(box.top * size.height, 0, size.height - 1);
  const width = clampInt(box.width * size.width, 1, size.width - left);
  const height = clampInt(box.height * size.height, 1, size.height - top);
  return checkedAnswer(productAnalysisSchema, model, {
    width: size.width,
    height: size.height,
    palette: answer.palette.map(lower),
    backgroundColor: lower(answer.backgroundColor),
    backgroundUniformity: answer.backgroundUniformity,
    subjectBounds: { left, top, width, height },
    subjectCoverage: (width * height) / (size.width * size.height),
    hasAlpha: size.hasAlpha,
    description: answer.description,
  });
}

/**
 * A reference analysis from the model's answer, with size and orientation measured locally (the same
 * thresholds as the local model). Throws a retryable `ModelAnswerInvalid` when it fails the shared schema.
 */
export function referenceAnalysisOf(
  answer: ReferenceAnswer,
  size: MeasuredSize,
  model: string,
): ReferenceAnalysis {
  const ratio = size.width / size.height;
  return checkedAnswer(referenceAnalysisSchema, model, {
    ...answer,
    width: size.width,
    height: size.height,
    palette: answer.palette.map(lower),
    orientation: ratio > 1.05 ? 'landscape' : ratio < 0.95 ? 'portrait' : 'square',
  });
}

/**
 * The written prompts, indexed by position, each with a seed derived from its index and text. Throws a
 * retryable `ModelAnswerInvalid` when one fails the shared schema.
 */
export function promptsOf(answer: PromptsAnswer, model: string): CreativePrompt[] {
  return answer.prompts.map((prompt, index) =>
    checkedAnswer(creativePromptSchema, model, {
      ...prompt,
      index,
      palette: prompt.palette.map(lower),
      seed: hash31(`${index}:${prompt.text}`),
    }),
  );
}

/**
 * `value` validated with a shared schema: a model answer that slipped past the answer schema is retried
 * (a retryable `ModelAnswerInvalid`), never stored.
 */
export function checkedAnswer<T>(schema: z.ZodType<T>, model: string, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = issuesOf(parsed.error);
  throw answerInvalid(`Gemini ${model} answer failed validation at ${issues.join('; ')}`, model, issues);
}

function lower(hex: string): string {
  return hex.toLowerCase();
}

function clampInt(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(value)));
}

function hash31(text: string): number {
  // FNV-1a, folded to a non-negative 31-bit integer: a stable seed for the same prompt text.
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0) & 0x7fffffff;
}
