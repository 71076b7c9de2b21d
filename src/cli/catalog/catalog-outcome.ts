import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { CatalogResult, CatalogUndo } from '../../shared/catalog';
import { EXIT, type ExitCode } from '../exit-codes';
import { closedOtherwise } from '../run-outcome';
import { renderCatalogResult, renderUndo, undoOf } from './render-catalog';

/** How a catalog ended: its result, or its failure (with what a cancel undid). */
export type CatalogOutcome =
  { ok: true; result: CatalogResult } | { ok: false; type: string; message: string; undo?: CatalogUndo };

/**
 * Waits for a catalog to close, following it across continue-as-new (the workflow id stays; each
 * segment is a new run), and says how it ended. Throws only for errors other than the catalog's own.
 */
export async function awaitCatalog(handle: WorkflowHandle): Promise<CatalogOutcome> {
  try {
    return { ok: true, result: (await handle.result()) as CatalogResult };
  } catch (error: unknown) {
    if (!(error instanceof WorkflowFailedError)) throw error;
    const cause = error.cause;
    if (cause instanceof ApplicationFailure) {
      const undo = undoOf(cause.details ?? undefined);
      return { ok: false, type: cause.type ?? 'Error', message: cause.message, ...(undo ? { undo } : {}) };
    }
    return closedOtherwise(error);
  }
}

/** Failures that mean the request was bad (the manifest or the settings): exit 2, as for a bad flag. */
const BAD_INPUT = new Set(['InvalidInput', 'ManifestMalformed', 'ManifestNotFound']);

/** The exit code of a closed catalog: 0 completed, 2 refused for its input, 1 failed or cancelled. */
export function catalogExitCode(outcome: CatalogOutcome): ExitCode {
  if (outcome.ok) return EXIT.ok;
  return BAD_INPUT.has(outcome.type) ? EXIT.usage : EXIT.failed;
}

/** A closed catalog for people: tallies and files, or the failure and what a cancel undid. */
export function renderCatalogOutcome(outcome: CatalogOutcome): string[] {
  if (outcome.ok) return renderCatalogResult(outcome.result);
  const lines = [`Failed: ${outcome.type}: ${outcome.message}`];
  if (outcome.undo) lines.push(...renderUndo(outcome.undo));
  return lines;
}

/** A closed catalog as its `--json` document. */
export function catalogOutcomeDocument(
  run: { workflowId: string; runId?: string },
  outcome: CatalogOutcome,
): Record<string, unknown> {
  if (outcome.ok) return { ...run, status: 'completed', result: outcome.result };
  return {
    ...run,
    status: outcome.type === 'Cancelled' ? 'cancelled' : 'failed',
    failure: { type: outcome.type, message: outcome.message },
    undo: outcome.undo ?? null,
  };
}
