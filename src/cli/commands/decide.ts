import {
  isGrpcDeadlineError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { decideUpdate, type ApprovalDecision } from '../../shared/messages';
import { CliError, EXIT, usageError } from '../exit-codes';
import type { Output } from '../output';
import { existingRun, withTemporal } from '../temporal-session';
import { whoAmI } from '../who-am-i';

/** Options of `director approve` / `director reject`. */
export interface DecideFlags {
  by?: string;
  note?: string;
}

/** How long to wait for a worker to take the decision before saying none answered. */
const DECISION_DEADLINE_MS = 30_000;

/**
 * `director approve|reject <workflowId>`: decides a run waiting at its approval gate through the `decide`
 * update, so the answer is the run's own: the decision it recorded. Exit 2 when the run is not waiting for
 * approval, has closed or was already decided the other way; 1 when no worker answers; 4 for an unknown id.
 */
export function decideCommand(
  decision: ApprovalDecision['decision'],
  workflowId: string,
  flags: DecideFlags,
  out: Output,
): Promise<number> {
  return withTemporal(async (session) => {
    const { handle, description } = await existingRun(session, workflowId);
    const status = description.status.name.toLowerCase();
    if (status !== 'running')
      throw usageError(`${workflowId} has already closed (${status}): not waiting for approval`);
    const request: ApprovalDecision = {
      decision,
      by: flags.by?.trim() || whoAmI(),
      ...(flags.note?.trim() ? { note: flags.note.trim() } : {}),
    };
    const outcome = await session.connection
      .withDeadline(Date.now() + DECISION_DEADLINE_MS, () =>
        handle.executeUpdate(decideUpdate, { args: [request] }),
      )
      .catch((error: unknown) => {
        // The gate's validator refuses a run that is not at the gate: say so as a usage error.
        if (error instanceof WorkflowUpdateFailedError)
          throw usageError(`${workflowId}: ${error.cause?.message ?? error.message}`);
        if (isGrpcDeadlineError(error) || error instanceof WorkflowUpdateRPCTimeoutOrCancelledError)
          throw new CliError(
            `no worker took the decision for ${workflowId} within ${DECISION_DEADLINE_MS / 1000} s: ` +
              `is a worker polling task queue '${description.taskQueue}'?`,
            EXIT.failed,
          );
        throw error;
      });
    out.document({ workflowId, runId: description.runId, ...outcome });
    const note = outcome.note ? ` (${outcome.note})` : '';
    if (outcome.decision !== decision) {
      out.line(`${workflowId} had already been ${past(outcome.decision)} by ${outcome.by}${note}`);
      return EXIT.usage;
    }
    out.line(`${past(decision)} by ${outcome.by}${note}: ${workflowId}`);
    out.line(
      decision === 'approve'
        ? 'The run goes on to publish.'
        : 'The run rolls back its outputs and closes as Failed (ApprovalRejected).',
    );
    return EXIT.ok;
  });
}

function past(decision: ApprovalDecision['decision']): string {
  return decision === 'approve' ? 'approved' : 'rejected';
}
