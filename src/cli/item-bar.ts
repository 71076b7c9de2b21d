import type { StageRecord } from '../shared/stages';

/**
 * A fan-out stage's item progress as a bar: `[######----] 3/5 items, 1 failed`. Apart from the live view
 * (which draws on the terminal) so `director status` renders it without loading that.
 */
export function itemBar(items: NonNullable<StageRecord['items']>, width = 20): string {
  const filled = items.total > 0 ? Math.round((items.settled / items.total) * width) : 0;
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const failed = items.failed > 0 ? `, ${items.failed} failed` : '';
  return `${bar} ${items.settled}/${items.total} items${failed}`;
}
