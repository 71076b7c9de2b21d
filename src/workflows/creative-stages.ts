/**
 * The Creative Director's use of the durable stage cache, workflow side: whether a run uses it (runs
 * recorded before `stage-cache` replay without it), and the reuse marks its stages show. The lookups
 * themselves happen inside the activities (`writePrompts`, `generateImage`, and the memoised
 * `analyzeReference` / `judgeImage`), which answer whether they reused an earlier result.
 */
import { patched } from '@temporalio/workflow';
import type { StageCacheUse } from '../shared/stage-cache';
import type { DirectorRun } from './engine/director-run';
import type { ItemOutcome } from './engine/fan-out';

/** Patch id of the stage cache: new runs pass their `reuse` choice to the cached activities. */
export const STAGE_CACHE_PATCH = 'stage-cache';

/**
 * How this run uses the stage cache: undefined for a run recorded before the patch (its activities are
 * called as they were), else reading when the input's `reuse` is true (the default). Call once, at the start.
 */
export function stageCacheUse(input: { reuse?: boolean }): StageCacheUse | undefined {
  return patched(STAGE_CACHE_PATCH) ? { read: input.reuse ?? true } : undefined;
}

/** The activity argument carrying the cache choice: nothing at all for a run without it. */
export function cacheArg(use: StageCacheUse | undefined): { cache?: StageCacheUse } {
  return use ? { cache: use } : {};
}

/** Marks `stage` with how many of its `of` results were reused, when the run uses the cache and any were. */
export function markReused(
  run: DirectorRun,
  use: StageCacheUse | undefined,
  stage: string,
  items: number,
  of: number,
): void {
  if (use && items > 0) run.tracker.setReused(stage, { items, of });
}

/** How many fulfilled fan-out outcomes say they reused (`reused`) or were memoised (`cached`). */
export function countReused(
  outcomes: readonly ItemOutcome<{ reused?: boolean; cached?: boolean }>[],
): number {
  return outcomes.filter(
    (o) => o.status === 'fulfilled' && (o.value.reused === true || o.value.cached === true),
  ).length;
}
