/** The catalog's `progress` snapshot, computed from its state. Pure and cheap: queries call it often. */
import type { CatalogProgress, CatalogTallies, LatestFailure } from '../../shared/catalog';
import { failedLines, settledLines } from './line-records';

/** What `catalogProgress` reads. */
export interface CatalogProgressState {
  catalogId: string;
  title: string;
  status: CatalogProgress['status'];
  tallies: CatalogTallies;
  running: number;
  segment: number;
  startedAtMs: number;
  latestFailures: LatestFailure[];
}

/**
 * The snapshot at `nowMs` (workflow time). Images per minute are the images published since the catalog
 * started. The ETA divides the lines left (waiting and running) by the rate at which lines that ran (not
 * those skipped or refused in a moment) have settled; null before one has, and while paused.
 */
export function catalogProgress(state: CatalogProgressState, nowMs: number): CatalogProgress {
  const { tallies } = state;
  const settled = settledLines(tallies);
  const waiting = Math.max(0, tallies.total - settled - state.running);
  const minutes = Math.max(0, nowMs - state.startedAtMs) / 60_000;
  const ran = tallies.published + tallies.failed + tallies.cancelled;
  const paused = state.status === 'paused' || state.status === 'pausing';
  const left = waiting + state.running;
  const etaSeconds =
    ran === 0 || minutes === 0 || paused ? (left === 0 ? 0 : null) : Math.round((left / ran) * minutes * 60);
  return {
    kind: 'catalog',
    catalogId: state.catalogId,
    title: state.title,
    status: state.status,
    total: tallies.total,
    done: tallies.published + tallies.skipped,
    failed: failedLines(tallies),
    running: state.running,
    waiting,
    segment: state.segment,
    imagesPerMinute: minutes === 0 ? 0 : Math.round((tallies.images / minutes) * 100) / 100,
    etaSeconds,
    costUsd: tallies.costUsd,
    latestFailures: state.latestFailures,
    tallies,
  };
}

/** Percent of the catalog's lines settled, 0..100 (100 for an empty manifest). */
export function percentSettled(tallies: CatalogTallies): number {
  return tallies.total === 0 ? 100 : Math.floor((settledLines(tallies) / tallies.total) * 100);
}
