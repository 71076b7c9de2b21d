import assert from 'node:assert/strict';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { RunSummary } from '../../src/shared/stages';

/** The ApplicationFailure a run closed with, and the stage summary it carries. Fails the test otherwise. */
export function runFailure(error: unknown): { failure: ApplicationFailure; summary: RunSummary | undefined } {
  assert.ok(error instanceof WorkflowFailedError, `expected the run to fail, got ${String(error)}`);
  assert.ok(
    error.cause instanceof ApplicationFailure,
    `expected an ApplicationFailure, got ${String(error.cause)}`,
  );
  const detail = error.cause.details?.[0] as { summary?: RunSummary } | undefined;
  return { failure: error.cause, summary: detail?.summary };
}
