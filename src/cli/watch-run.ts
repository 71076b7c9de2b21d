import type { WorkflowHandle } from '@temporalio/client';
import type { DirectorResult } from './director-runs';
import { printOutcome } from './director-runs';
import type { RunOutcome } from './follow-run';
import { LiveView } from './live-view';
import type { Output } from './output';
import { awaitOutcome, outcomeDocument, outcomeExitCode, outcomeSummary } from './run-outcome';
import { querySummary } from './run-queries';
import type { TemporalSession } from './temporal-session';

/** How often the live view asks the run for its stage table. */
const REFRESH_MS = 500;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Follows a run until it closes, drawing the live view (stage list, fan-out items, elapsed time, cost
 * when known) from the `summary` query. With `--json` it draws nothing and only waits. Returns the
 * outcome; throws only for server errors.
 */
export async function watchRun(
  session: TemporalSession,
  handle: WorkflowHandle,
  run: { taskQueue: string; startTime: Date },
  out: Output,
): Promise<RunOutcome<DirectorResult>> {
  const outcome = awaitOutcome(handle);
  if (out.json) return outcome;
  let closed = false;
  const settled = outcome.then(
    () => (closed = true),
    () => (closed = true),
  );
  const view = new LiveView(out.stream);
  while (!closed) {
    const answer = await querySummary(session.connection, handle, run.taskQueue);
    if (closed) break; // the answer may describe the last moment before the close: the final table follows
    view.update({
      workflowId: handle.workflowId,
      elapsedMs: Date.now() - run.startTime.getTime(),
      ...(answer.ok ? { summary: answer.value } : { note: answer.reason }),
    });
    await Promise.race([settled, sleep(REFRESH_MS)]);
  }
  const summary = await outcome.then(outcomeSummary, () => undefined);
  view.finish({
    workflowId: handle.workflowId,
    elapsedMs: Date.now() - run.startTime.getTime(),
    ...(summary ? { summary } : {}),
  });
  return outcome;
}

/**
 * Prints a closed run for people (stage table, files or failure) or as its `--json` document, fetching
 * the stage table by query when the outcome does not carry one (a run cancelled through Temporal).
 * Returns the exit code: 0 completed, 2 refused for bad input (a missing or unreadable image), 1 otherwise.
 */
export async function reportOutcome(
  session: TemporalSession,
  handle: WorkflowHandle,
  run: { runId: string; taskQueue: string },
  outcome: RunOutcome<DirectorResult>,
  out: Output,
): Promise<number> {
  let complete = outcome;
  if (!outcome.ok && !outcomeSummary(outcome)) {
    const answer = await querySummary(session.connection, handle, run.taskQueue);
    if (answer.ok) complete = { ...outcome, summary: answer.value };
  }
  if (out.json) out.document(outcomeDocument({ workflowId: handle.workflowId, runId: run.runId }, complete));
  else printOutcome(complete, out.line);
  return outcomeExitCode(complete);
}
