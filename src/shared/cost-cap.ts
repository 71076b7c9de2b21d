import { z } from 'zod';
import { INPUT_DEFAULTS } from './input-defaults';

/**
 * A run's cost cap in US dollars: the run stops with `CostCapExceeded` (and compensates) before a paid
 * model call would pass it. The local model costs nothing, so the default only matters with Gemini.
 */
export const costCapSchema = z.number().positive().max(10_000).default(INPUT_DEFAULTS.costCapUsd);
