import { z } from 'zod';
import { STAGE_CACHE_DEFAULTS, type StageCacheBounds } from './stage-cache';

/** The stage cache's bounds as the configuration holds them. */
export const stageCacheBoundsSchema = z.strictObject({
  maxEntries: z.number().int().min(1),
  maxAgeMs: z.number().int().min(1000),
});

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * The stage cache's bounds from `DIRECTOR_STAGE_CACHE_MAX_ENTRIES` (a whole number ≥ 1) and
 * `DIRECTOR_STAGE_CACHE_MAX_AGE` (`30d`, `12h`, `90m`, `45s`), each defaulting to `STAGE_CACHE_DEFAULTS`.
 * Throws naming the variable and the value when one is not valid.
 */
export function parseStageCacheBounds(env: NodeJS.ProcessEnv): StageCacheBounds {
  const entriesText = env.DIRECTOR_STAGE_CACHE_MAX_ENTRIES?.trim();
  const ageText = env.DIRECTOR_STAGE_CACHE_MAX_AGE?.trim();
  let maxEntries = STAGE_CACHE_DEFAULTS.maxEntries;
  if (entriesText) {
    maxEntries = Number(entriesText);
    if (!Number.isInteger(maxEntries) || maxEntries < 1)
      throw new Error(`DIRECTOR_STAGE_CACHE_MAX_ENTRIES must be a whole number ≥ 1 (got "${entriesText}")`);
  }
  let maxAgeMs = STAGE_CACHE_DEFAULTS.maxAgeMs;
  if (ageText) {
    const match = /^(\d+)\s*([smhd])$/i.exec(ageText);
    const unit = match ? UNIT_MS[(match[2] as string).toLowerCase()] : undefined;
    if (!match || unit === undefined || Number(match[1]) * unit < 1000)
      throw new Error(
        `DIRECTOR_STAGE_CACHE_MAX_AGE must be a duration like 30d, 12h, 90m or 45s (got "${ageText}")`,
      );
    maxAgeMs = Number(match[1]) * unit;
  }
  return { maxEntries, maxAgeMs };
}
