import {
  isGrpcDeadlineError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { reviewUpdate } from '../../shared/messages';
import type { ReviewRequest } from '../../shared/review';
import { CliError, EXIT, usageError } from '../exit-codes';
import type { Output } from '../output';
import { renderReviewState } from '../render-review';
import { reviewDecisions, type ReviewFlags } from '../review-flags';
import { existingRun, withTemporal } from '../temporal-session';
import { whoAmI } from '../who-am-i';

/** How long to wait for a worker to take the decisions before saying none answered. */
const DECISION_DEADLINE_MS = 30_000;

/**
 * `director review <workflowId> --keep 0,2 --drop 1 --redo 3:"warmer light"`: decides candidates one by
 * one at a Creative Director's gate through the `review` update, and prints the gate's new state. Flags are
 * checked before anything is sent (exit 2). Exit 2 when the run refuses (not at its gate, an unknown index,
 * a candidate already decided, a redo past the last round) or has closed; 1 when no worker answers; 4 for
 * an unknown id.
 */
export function reviewCommand(workflowId: string, flags: ReviewFlags, out: Output): Promise<number> {
  const request: ReviewRequest = { decisions: reviewDecisions(flags), by: flags.by?.trim() || whoAmI() };
  return withTemporal(async (session) => {
    const { handle, description } = await existingRun(session, workflowId);
    const status = description.status.name.toLowerCase();
    if (status !== 'running')
      throw usageError(`${workflowId} has already closed (${status}): not at its review gate`);
    const state = await session.connection
      .withDeadline(Date.now() + DECISION_DEADLINE_MS, () =>
        handle.executeUpdate(reviewUpdate, { args: [request] }),
      )
      .catch((error: unknown) => {
        // The gate's validator refuses what does not fit, naming the index or field: a usage error.
        if (error instanceof WorkflowUpdateFailedError)
          throw usageError(`${workflowId}: ${error.cause?.message ?? error.message}`);
        if (isGrpcDeadlineError(error) || error instanceof WorkflowUpdateRPCTimeoutOrCancelledError)
          throw new CliError(
            `no worker took the review of ${workflowId} within ${DECISION_DEADLINE_MS / 1000} s: ` +
              `is a worker polling task queue '${description.taskQueue}'?`,
            EXIT.failed,
          );
        throw error;
      });
    out.document({ workflowId, runId: description.runId, ...state });
    for (const line of renderReviewState(state)) out.line(line);
    const count = (wanted: string) => state.candidates.filter((c) => c.state === wanted).length;
    if (count('pending') > 0) out.line(`${count('pending')} candidate(s) still to decide.`);
    else if (count('redoing') > 0)
      out.line(`The run redoes ${count('redoing')} candidate(s), republishes the review and waits again.`);
    else if (count('kept') > 0)
      out.line(`The run goes on to publish the ${count('kept')} kept candidate(s).`);
    else out.line('Every candidate was dropped: the run rolls back and closes as Failed (ApprovalRejected).');
    return EXIT.ok;
  });
}
