/**
 * How a child Director's end becomes a catalog line's outcome. Pure: used by the catalog workflow for the
 * children it started and by the `awaitCatalogLine` activity for children an earlier segment started, so
 * both read a line the same way.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { LineOutcome } from '../../shared/catalog';
import type { RunSummary } from '../../shared/stages';
import { describeFailure } from '../engine/describe-failure';
import { usageOfFailure } from '../engine/failure-usage';

/** Failure types that mean the line was stopped, not that it went wrong. */
const CANCELLED_TYPES = new Set(['Cancelled', 'DirectorCancelled']);

// A Product Director publishes a small thumbnail beside each image; it is not an image of its own.
const THUMBNAIL = /-thumb\.[a-z]+$/;

/**
 * A finished child's outcome: its published files' paths, its cost (`summary.cost`), the most attempts any
 * stage needed, and how many images it published (thumbnails not counted). Never throws: a result of an
 * unexpected shape reads as published with nothing known about it.
 */
export function lineOutcomeOfResult(result: unknown): LineOutcome {
  const record = isRecord(result) ? result : {};
  const files = Array.isArray(record.files) ? record.files.filter(isRecord) : [];
  const outputs = files.flatMap((file) => (typeof file.path === 'string' ? [file.path] : []));
  const names = files.flatMap((file) => (typeof file.name === 'string' ? [file.name] : []));
  const summaries = [record.summary, isRecord(record.branch) ? record.branch.summary : undefined];
  return {
    status: 'published',
    outputs,
    costUsd: roundUsd(summaryOf(record.summary)?.cost?.costUsd ?? 0),
    attempts: Math.max(1, ...summaries.map((s) => mostAttempts(summaryOf(s)))),
    images: names.filter((name) => !THUMBNAIL.test(name)).length,
  };
}

/**
 * A failed or cancelled child's outcome, from the failure its parent (or a client) sees: a
 * `ChildWorkflowFailure` or the cause of a `WorkflowFailedError`. A child's closing failure carries its
 * `{ summary }` in its details (see DirectorRun), whose cost and attempts the line keeps. A child cancelled
 * through Temporal or by its `cancel` signal is `cancelled`; anything else is `failed`.
 */
export function lineOutcomeOfFailure(error: unknown): LineOutcome {
  const failure = describeFailure(error);
  const summary = summaryInFailure(error);
  return {
    status: CANCELLED_TYPES.has(failure.type) ? 'cancelled' : 'failed',
    failure: { type: failure.type, message: failure.message },
    outputs: [],
    costUsd: roundUsd(usageOfFailure(error)?.costUsd ?? 0),
    attempts: Math.max(failure.attempt ?? 1, mostAttempts(summary)),
    images: 0,
  };
}

/** The outcome of a line whose child never ran (its id was unknown to the server). */
export function lineNeverRan(workflowId: string): LineOutcome {
  return {
    status: 'cancelled',
    failure: { type: 'LineNotStarted', message: `no run with id ${workflowId} was started` },
    outputs: [],
    costUsd: 0,
    attempts: 0,
    images: 0,
  };
}

function mostAttempts(summary: RunSummary | undefined): number {
  return Math.max(0, ...(summary?.stages ?? []).map((stage) => stage.attempts));
}

function summaryInFailure(error: unknown): RunSummary | undefined {
  for (let failure: unknown = error; failure instanceof Error; failure = failure.cause) {
    if (!(failure instanceof ApplicationFailure)) continue;
    for (const detail of failure.details ?? []) {
      if (isRecord(detail) && summaryOf(detail.summary)) return summaryOf(detail.summary);
    }
  }
  return undefined;
}

function summaryOf(value: unknown): RunSummary | undefined {
  return isRecord(value) && Array.isArray(value.stages) ? (value as unknown as RunSummary) : undefined;
}

/** Dollars to the nano-dollar, so sums of many lines do not drift. */
export function roundUsd(usd: number): number {
  return Math.round(usd * 1e9) / 1e9;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
