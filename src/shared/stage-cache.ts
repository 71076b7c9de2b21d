/**
 * How a step uses the durable stage cache (see src/storage/stage-cache.ts): it always writes what it paid
 * for; it reads an earlier result only when `read` (a Creative run's `reuse`, false with `--fresh`).
 */
export interface StageCacheUse {
  read: boolean;
}

/** What a stage took from the stage cache: `items` of `of` (a single-call stage is 1 of 1). */
export interface StageReuse {
  items: number;
  of: number;
}

/**
 * How a stage's reuse reads in every view (CLI, Web UI, report): `reused` when all of it was, `3/4 reused`
 * when part of it was; undefined when nothing was.
 */
export function reuseNote(reused: StageReuse | undefined): string | undefined {
  if (!reused || reused.items === 0) return undefined;
  return reused.items === reused.of ? 'reused' : `${reused.items}/${reused.of} reused`;
}
