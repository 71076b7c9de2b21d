import path from 'node:path';
import { BrandGuides } from '../brand/brand-guides';
import { PROJECT_ROOT } from '../config';
import { creativeInputSchema } from '../shared/creative-input';
import { ecommerceInputSchema } from '../shared/ecommerce';
import type { DirectorName } from '../shared/names';
import { productInputSchema } from '../shared/product-input';
import { creativePlan, ecommercePlan, productPlan, type StagePlan } from './director-plans';
import type { PricedModels, RunEstimate } from './estimate-document';
import { priceRun } from './price-plan';

/** The brand guides the worker reads (the project's `brands/` folder). */
const BRANDS_DIR = path.join(PROJECT_ROOT, 'brands');

/**
 * Estimates a Director run from its input (as `buildInput` made it: checked, defaults not yet filled in):
 * its plan of model calls priced for `models`. Reads the Creative Director's brand guide (its prompts quote
 * it). Throws `InvalidInput` for an unknown brand, as the run would.
 */
export async function estimateDirector(
  director: DirectorName,
  input: Record<string, unknown>,
  models: PricedModels,
  brandsDir: string = BRANDS_DIR,
): Promise<RunEstimate> {
  let plan: StagePlan[];
  let costCapUsd: number;
  switch (director) {
    case 'creative': {
      const parsed = creativeInputSchema.parse(input);
      const guide = await new BrandGuides(brandsDir).get(parsed.brand);
      plan = creativePlan(parsed, guide);
      costCapUsd = parsed.costCapUsd;
      break;
    }
    case 'ecommerce': {
      const parsed = ecommerceInputSchema.parse(input);
      plan = ecommercePlan(parsed);
      costCapUsd = parsed.costCapUsd;
      break;
    }
    case 'product': {
      const parsed = productInputSchema.parse(input);
      plan = productPlan(parsed);
      costCapUsd = parsed.costCapUsd;
      break;
    }
  }
  return priceRun(director, plan, models, costCapUsd);
}
