import type { z } from 'zod';
import type { BrandGuide } from '../shared/brand-guide';
import type { creativeInputSchema } from '../shared/creative-input';
import type { ecommerceInputSchema } from '../shared/ecommerce';
import type { productInputSchema } from '../shared/product-input';
import {
  backgroundCall,
  compositionCall,
  imageGenerationCall,
  judgeCall,
  modelCall,
  pairCall,
  productAnalysisCall,
  promptWritingCall,
  referenceAnalysisCall,
  stageCall,
  tryOnCall,
} from './call-figures';
import type { PlannedCall } from './planned-call';

/** The model calls of one stage (none for a stage that calls no model). */
export interface StagePlan {
  stage: string;
  calls: PlannedCall[];
}

const times = (call: PlannedCall, count: number, extraAtMost = 0): PlannedCall => ({
  ...call,
  count,
  extraAtMost,
});

/**
 * The Creative Director's calls, stage by stage, in its order: one analysis per reference (the memo may
 * make repeats free; the plan counts them all), one prompt-writing call, one image and one judgement per
 * image; each regeneration round (at most `validation.maxRounds`) regenerates and re-judges at most every
 * image, which is the range's upper end.
 */
export function creativePlan(input: z.output<typeof creativeInputSchema>, guide: BrandGuide): StagePlan[] {
  const count = input.batchCount;
  const rounds = input.validation.maxRounds;
  const references = input.referenceImages.length;
  return [
    { stage: 'brand-guide', calls: [] },
    { stage: 'reference-analysis', calls: [times(referenceAnalysisCall(), references)] },
    { stage: 'prompt-writing', calls: [promptWritingCall(guide, input.mood, references, count)] },
    { stage: 'image-generation', calls: [times(imageGenerationCall(), count)] },
    {
      stage: 'validation',
      calls: [
        times(judgeCall(guide), count, rounds * count),
        times(imageGenerationCall(), 0, rounds * count),
      ],
    },
    ...['post-processing', 'approval', 'publish', 'report'].map((stage) => ({ stage, calls: [] })),
  ];
}

/** The E-commerce Director's calls: one product analysis, one background, one composition. */
export function ecommercePlan(input: z.output<typeof ecommerceInputSchema>): StagePlan[] {
  return [
    { stage: 'intake', calls: [] },
    { stage: 'product-analysis', calls: [productAnalysisCall()] },
    { stage: 'background-generation', calls: [backgroundCall(input.style)] },
    { stage: 'composition', calls: [compositionCall()] },
    ...['quality-check', 'publish', 'report'].map((stage) => ({ stage, calls: [] })),
  ];
}

/**
 * The Product Director's calls: one product analysis, then its type's branch (cut-outs, detail crops and
 * renditions are local work, free on any model).
 */
export function productPlan(input: z.output<typeof productInputSchema>): StagePlan[] {
  const branch: Record<typeof input.productType, PlannedCall[]> = {
    apparel: [modelCall(), tryOnCall()],
    accessory: [stageCall()],
    footwear: [pairCall()],
    // A studio shot is a background and a composition in one activity.
    generic: [backgroundCall('soft-pastel', 'composeStudioShot'), compositionCall('composeStudioShot')],
  };
  return [
    { stage: 'intake', calls: [] },
    { stage: 'product-analysis', calls: [productAnalysisCall()] },
    { stage: `branch (${input.productType})`, calls: branch[input.productType] },
    { stage: 'publish', calls: [] },
    { stage: 'report', calls: [] },
  ];
}
