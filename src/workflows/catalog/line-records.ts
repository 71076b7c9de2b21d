/**
 * A settled line's record, and what it adds to the catalog's tallies and latest failures. Pure.
 */
import type {
  CatalogLine,
  CatalogTallies,
  LatestFailure,
  LineOutcome,
  LineRecord,
} from '../../shared/catalog';
import { roundUsd } from './line-outcome';

/** How many recent failures `progress` and `director watch` show. */
export const LATEST_FAILURES = 5;

type ReadyLine = Extract<CatalogLine, { ok: true }>;
type BadLine = Extract<CatalogLine, { ok: false }>;

/** Where a line sits in the manifest, and the run it was given: what a record names. */
export interface LinePlace {
  index: number;
  line: number;
  sku: string;
  workflowId: string;
  fingerprint: string;
}

/** A catalog whose lines have not started: every count at zero but the total. */
export function emptyTallies(total: number): CatalogTallies {
  return { total, published: 0, skipped: 0, failed: 0, invalid: 0, cancelled: 0, images: 0, costUsd: 0 };
}

/** The record of a line whose child Director ran (or was attached to) and ended with `outcome`. */
export function recordOfOutcome(place: LinePlace, outcome: LineOutcome, settledAt: string): LineRecord {
  return {
    index: place.index,
    line: place.line,
    sku: place.sku,
    status: outcome.status,
    workflowId: place.workflowId,
    fingerprint: place.fingerprint,
    ...(outcome.failure ? { failure: outcome.failure } : {}),
    outputs: outcome.outputs,
    costUsd: outcome.costUsd,
    attempts: outcome.attempts,
    settledAt,
  };
}

/** The record of a line that failed its check: no child ran; the failure names the field. */
export function recordOfInvalid(line: BadLine, settledAt: string): LineRecord {
  return {
    index: line.index,
    line: line.line,
    sku: line.sku ?? `line ${line.line}`,
    status: 'invalid',
    failure: line.failure,
    outputs: [],
    costUsd: 0,
    attempts: 0,
    settledAt,
  };
}

/**
 * The record of a line already published with the same inputs: no child runs, nothing is paid, and the
 * note names the earlier publication.
 */
export function recordOfSkipped(line: ReadyLine, settledAt: string): LineRecord {
  const prior = line.published;
  return {
    index: line.index,
    line: line.line,
    sku: line.sku,
    status: 'skipped',
    fingerprint: line.fingerprint,
    ...(prior ? { workflowId: prior.workflowId } : {}),
    outputs: prior?.outputs ?? [],
    costUsd: 0,
    attempts: 0,
    note: prior
      ? `already published by catalog ${prior.catalogId} (sku ${prior.sku}, run ${prior.workflowId}) at ${prior.publishedAt}`
      : 'already published',
    settledAt,
  };
}

/** The tallies once `record` is counted; `images` is what the line published. */
export function addRecord(tallies: CatalogTallies, record: LineRecord, images: number): CatalogTallies {
  return {
    ...tallies,
    [record.status]: tallies[record.status] + 1,
    images: tallies.images + images,
    costUsd: roundUsd(tallies.costUsd + record.costUsd),
  };
}

/** The latest failures, newest first, once `record` is counted (unchanged unless it failed). */
export function addLatestFailure(latest: LatestFailure[], record: LineRecord): LatestFailure[] {
  if (record.status !== 'failed' && record.status !== 'invalid') return latest;
  const failure = record.failure ?? { type: 'Error', message: 'failed' };
  const entry = { sku: record.sku, line: record.line, type: failure.type, message: failure.message };
  return [entry, ...latest].slice(0, LATEST_FAILURES);
}

/** Lines that have settled, whatever their end. */
export function settledLines(tallies: CatalogTallies): number {
  return tallies.published + tallies.skipped + tallies.failed + tallies.invalid + tallies.cancelled;
}

/** Failed and invalid lines: what the failure budget counts. */
export function failedLines(tallies: CatalogTallies): number {
  return tallies.failed + tallies.invalid;
}
