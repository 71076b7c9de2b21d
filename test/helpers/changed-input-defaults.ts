import { INPUT_DEFAULTS as RELEASED } from '../../src/shared/input-defaults';

/**
 * The input defaults as if someone edited them after runs had started: a smaller image fan-out. Bundled in
 * place of `src/shared/input-defaults.ts` by the defaults replay test.
 */
export const INPUT_DEFAULTS = {
  ...RELEASED,
  creative: { ...RELEASED.creative, concurrency: 1 },
} as const;
