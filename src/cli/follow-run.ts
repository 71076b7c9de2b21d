import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { progressQuery } from '../shared/messages';
import type { RunSummary } from '../shared/stages';

/** How a followed run ended: its result, or its failure's type and message with the stage summary. */
export type RunOutcome<R> =
  { ok: true; result: R } | { ok: false; type: string; message: string; summary?: RunSummary };

/**
 * Waits for a run to close, printing each stage it enters (from the `progress` query) on the way.
 * Throws only for errors other than the run's own failure (e.g. the server going away).
 */
export async function followRun<R>(
  handle: WorkflowHandle,
  print: (line: string) => void,
): Promise<RunOutcome<R>> {
  let lastStage = '';
  const timer = setInterval(() => {
    handle
      .query(progressQuery)
      .then((progress) => {
        if (progress.stage !== lastStage && progress.status === 'running') {
          lastStage = progress.stage;
          print(`  … ${progress.stage} (${progress.completed}/${progress.total})`);
        }
        if (progress.stage !== lastStage && progress.status === 'paused') {
          lastStage = progress.stage;
          const raise = `director budget ${handle.workflowId} --raise <dollars>`;
          print(`  … ${progress.stage}: the next model call would pass the cost cap; ${raise}`);
        }
      })
      .catch(() => undefined); // the run may not have started its first task yet
  }, 500);
  try {
    return { ok: true, result: (await handle.result()) as R };
  } catch (error: unknown) {
    if (!(error instanceof WorkflowFailedError)) throw error;
    return { ok: false, ...describeRunFailure(error) };
  } finally {
    clearInterval(timer);
  }
}

function describeRunFailure(error: WorkflowFailedError): {
  type: string;
  message: string;
  summary?: RunSummary;
} {
  const cause = error.cause;
  if (cause instanceof ApplicationFailure) {
    const detail = (cause.details ?? [])[0] as { summary?: RunSummary } | undefined;
    return {
      type: cause.type ?? 'Error',
      message: cause.message,
      ...(detail?.summary ? { summary: detail.summary } : {}),
    };
  }
  return { type: cause?.name ?? 'Error', message: cause?.message ?? error.message };
}
