/**
 * The defaults of every Director input, in one module of plain values. A run fixes them once, when it
 * starts (the `resolveInput` activity records the full input in the run's history), so editing a value
 * here changes new runs only, never the decisions of runs in flight. Imports nothing.
 */
export const INPUT_DEFAULTS = {
  /** A run's cost cap in US dollars. */
  costCapUsd: 5,
  /** How long a run paused for budget waits for the budget to be raised before it fails. */
  budgetTimeout: '24 hours',
  creative: {
    size: 1024,
    concurrency: 4,
    minSuccessRatio: 0.5,
    maxRounds: 2,
    approval: { required: false, timeout: '1 hour', onTimeout: 'reject' as const, maxReviewRounds: 2 },
    /** Reuse the stage cache's earlier results (`--fresh` sets false). */
    reuse: true,
  },
  ecommerce: {
    style: 'studio-white' as const,
    canvasSize: 1600,
  },
  product: {
    size: 1200,
    detailCount: 3,
  },
} as const;
