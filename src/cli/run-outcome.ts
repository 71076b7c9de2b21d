import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure, TerminatedFailure, TimeoutFailure } from '@temporalio/common';
import type { RunSummary } from '../shared/stages';
import { EXIT, type ExitCode } from './exit-codes';
import type { DirectorResult } from './director-runs';
import type { RunOutcome } from './follow-run';

/** How a closed run ended, as `--json` documents name it. */
export type ClosedStatus = 'completed' | 'failed' | 'cancelled' | 'terminated' | 'timed-out';

/** A run's outcome as one JSON document: its result, or its failure with the stage summary. */
export type OutcomeDocument =
  | { workflowId: string; runId: string; status: 'completed'; result: DirectorResult }
  | {
      workflowId: string;
      runId: string;
      status: Exclude<ClosedStatus, 'completed'>;
      failure: { type: string; message: string };
      summary: RunSummary | null;
    };

function describeClosingFailure(error: WorkflowFailedError): Extract<RunOutcome<never>, { ok: false }> {
  const cause = error.cause;
  if (cause instanceof ApplicationFailure) {
    // Directors attach their stage summary as the failure's first detail (see engine/director-run.ts).
    const detail = (cause.details ?? [])[0] as { summary?: RunSummary } | undefined;
    return {
      ok: false,
      type: cause.type ?? 'Error',
      message: cause.message,
      ...(detail?.summary ? { summary: detail.summary } : {}),
    };
  }
  return closedOtherwise(error);
}

/**
 * How a workflow that did not fail with an application failure closed: cancelled, terminated or timed
 * out through Temporal (or another cause, by its name). Shared by Directors and catalogs.
 */
export function closedOtherwise(error: WorkflowFailedError): { ok: false; type: string; message: string } {
  const cause = error.cause;
  if (cause instanceof CancelledFailure)
    return { ok: false, type: 'Cancelled', message: 'cancelled through Temporal' };
  if (cause instanceof TerminatedFailure)
    return { ok: false, type: 'Terminated', message: cause.message || 'terminated' };
  if (cause instanceof TimeoutFailure)
    return { ok: false, type: 'TimedOut', message: `timed out (${String(cause.timeoutType)})` };
  return { ok: false, type: cause?.name ?? 'Error', message: cause?.message ?? error.message };
}

/**
 * Waits for a run to close and says how it ended. The run's own failure is returned, not thrown; throws
 * only for other errors (an unknown id, the server going away).
 */
export async function awaitOutcome(handle: WorkflowHandle): Promise<RunOutcome<DirectorResult>> {
  try {
    return { ok: true, result: (await handle.result()) as DirectorResult };
  } catch (error: unknown) {
    if (error instanceof WorkflowFailedError) return describeClosingFailure(error);
    throw error;
  }
}

const FAILED_STATUS: Record<string, Exclude<ClosedStatus, 'completed'>> = {
  Cancelled: 'cancelled',
  Terminated: 'terminated',
  TimedOut: 'timed-out',
};

/** The closed status an outcome stands for (a `cancel` signal closes a run as failed: DirectorCancelled). */
export function closedStatus(outcome: RunOutcome<DirectorResult>): ClosedStatus {
  return outcome.ok ? 'completed' : (FAILED_STATUS[outcome.type] ?? 'failed');
}

/** The stage summary an outcome carries, if any. */
export function outcomeSummary(outcome: RunOutcome<DirectorResult>): RunSummary | undefined {
  return outcome.ok ? outcome.result.summary : outcome.summary;
}

/** The `--json` document of a closed run. */
export function outcomeDocument(
  run: { workflowId: string; runId: string },
  outcome: RunOutcome<DirectorResult>,
): OutcomeDocument {
  if (outcome.ok) return { ...run, status: 'completed', result: outcome.result };
  return {
    ...run,
    status: FAILED_STATUS[outcome.type] ?? 'failed',
    failure: { type: outcome.type, message: outcome.message },
    summary: outcome.summary ?? null,
  };
}

/**
 * Failures that mean the input was bad (a missing or unreadable image, a value the Director refused):
 * the user must change the request, as with a bad flag, so they exit 2 as `--help` says.
 */
const BAD_INPUT_FAILURES: ReadonlySet<string> = new Set([
  'InvalidInput',
  'ImageNotFound',
  'UnsupportedImage',
  'CorruptImage',
  'ImageTooLarge',
]);

/** The exit code of a closed run: 0 completed, 2 refused for bad input, 1 any other failure. */
export function outcomeExitCode(outcome: RunOutcome<DirectorResult>): ExitCode {
  if (outcome.ok) return EXIT.ok;
  return BAD_INPUT_FAILURES.has(outcome.type) ? EXIT.usage : EXIT.failed;
}
