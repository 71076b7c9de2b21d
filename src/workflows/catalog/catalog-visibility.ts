import { setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import type { CatalogProgress } from '../../shared/catalog';
import { directorNameKey, directorProgressKey, directorStageKey } from '../../shared/search-attributes';

/** The `DirectorName` of a catalog run. */
export const CATALOG_DIRECTOR_NAME = 'catalog';

/** The `DirectorStage` a catalog status shows as (a pausing catalog starts no line: it lists as paused). */
export function catalogStage(status: CatalogProgress['status']): string {
  return status === 'pausing' ? 'paused' : status;
}

/**
 * Mirrors a catalog where people look: `DirectorName=catalog`, `DirectorStage` and `DirectorProgress`
 * (percent of lines settled) in search attributes, and a short summary as the run's current details.
 * Upserts only when the stage or the percent changes, so a segment's history gains at most about a hundred
 * upserts whatever its size; the details cost no history.
 */
export function createCatalogPublisher(): (progress: CatalogProgress, percent: number) => void {
  let last = '';
  return (progress, percent) => {
    const stage = catalogStage(progress.status);
    const key = `${stage}|${percent}`;
    if (key !== last) {
      const first = last === '';
      last = key;
      upsertSearchAttributes([
        ...(first ? [{ key: directorNameKey, value: CATALOG_DIRECTOR_NAME }] : []),
        { key: directorStageKey, value: stage },
        { key: directorProgressKey, value: percent },
      ]);
    }
    setCurrentDetails(renderCatalogDetails(progress));
  };
}

/** A few markdown lines for the Web UI: status, counts, cost and the latest failures. */
export function renderCatalogDetails(progress: CatalogProgress): string {
  const failures = progress.latestFailures.map((f) => `- line ${f.line} (${f.sku}): ${f.type}: ${f.message}`);
  return [
    `**catalog** ${progress.title} · ${progress.status} · segment ${progress.segment + 1}`,
    '',
    `${progress.done}/${progress.total} done · ${progress.failed} failed · ${progress.running} running · ${progress.waiting} waiting`,
    `cost: $${progress.costUsd.toFixed(4)} · ${progress.imagesPerMinute} images/min`,
    ...(failures.length > 0 ? ['', 'latest failures:', ...failures] : []),
  ].join('\n');
}
