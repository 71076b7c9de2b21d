import { z } from 'zod';
import { INPUT_DEFAULTS } from './input-defaults';

/**
 * A run's cost cap in US dollars: the run stops with `CostCapExceeded` (and compensates) before a paid
 * model call would pass it. The local model costs nothing, so the default only matters with Gemini.
 */
export const costCapSchema = z.number().positive().max(10_000).default(INPUT_DEFAULTS.costCapUsd);

/**
 * How long a run paused for budget (its next paid call would pass the cost cap) waits for a `raise-budget`
 * update before it fails with `CostCapExceeded` and compensates, e.g. `24 hours`, `30m`.
 */
export const budgetTimeoutSchema = z
  .string()
  .regex(
    /^\d+(\.\d+)?\s*(ms|s|m|h|d|seconds?|minutes?|hours?|days?)$/i,
    'a duration like `30s`, `15 minutes` or `24 hours`',
  )
  .default(INPUT_DEFAULTS.budgetTimeout);
