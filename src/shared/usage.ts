/**
 * What a run's model calls used: calls, tokens, images and estimated dollars. Plain data, summed by activities
 * and workflows alike, so this file imports nothing.
 */
export interface Usage {
  /** Model responses received (a request that failed before answering is not counted). */
  calls: number;
  /** Prompt tokens, text and images in. */
  inputTokens: number;
  /** Text and thinking tokens out; image output is counted in `images` and priced per image. */
  outputTokens: number;
  /** Images the model returned. */
  images: number;
  /** Estimated cost in US dollars, from the provider's price table. */
  costUsd: number;
  /** The model versions that actually answered (the response's `modelVersion`), in first-seen order. */
  models: string[];
  /** Models missing from the price table, priced with a conservative default: the estimate is rough. */
  unpricedModels?: string[];
}

/** No usage at all: the start of every sum. Frozen; `addUsage` never mutates its arguments. */
export const EMPTY_USAGE: Usage = Object.freeze({
  calls: 0,
  inputTokens: 0,
  outputTokens: 0,
  images: 0,
  costUsd: 0,
  models: [],
});

/** The sum of two usages; model lists are merged without duplicates. Pure and deterministic. */
export function addUsage(a: Usage, b: Usage): Usage {
  const unpriced = union(a.unpricedModels ?? [], b.unpricedModels ?? []);
  return {
    calls: a.calls + b.calls,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    images: a.images + b.images,
    // Dollars are summed in nano-dollars so that many small calls add up without float drift.
    costUsd: Math.round((a.costUsd + b.costUsd) * 1e9) / 1e9,
    models: union(a.models, b.models),
    ...(unpriced.length > 0 ? { unpricedModels: unpriced } : {}),
  };
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}
