import { awaitClosedRun, type WaitFlags } from '../approval-gate';
import { EXIT } from '../exit-codes';
import type { Output } from '../output';
import { outcomeDocument } from '../run-outcome';
import { withTemporal } from '../temporal-session';
import { reportOutcome } from '../watch-run';

/**
 * `director result <workflowId>`: waits for the run to close, then prints its result as JSON, or its
 * failure with the stage table. A run waiting at its approval gate is not waited for (exit 2, saying
 * where its candidates are) unless `--wait`. Exit 0 completed, 1 failed / cancelled / rejected, 4 unknown id.
 */
export function resultCommand(workflowId: string, flags: WaitFlags, out: Output): Promise<number> {
  return withTemporal(async (session) => {
    const closed = await awaitClosedRun(session, workflowId, flags, out);
    if ('exit' in closed) return closed.exit;
    const { handle, description, outcome } = closed;
    const run = { runId: description.runId, taskQueue: description.taskQueue };
    if (!outcome.ok) return reportOutcome(session, handle, run, outcome, out);
    // The result itself is the answer: JSON for people too, wrapped in the outcome document for scripts.
    out.document(outcomeDocument({ workflowId, runId: description.runId }, outcome));
    out.line(JSON.stringify(outcome.result, null, 2));
    return EXIT.ok;
  });
}
