import {
  isGrpcDeadlineError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import type { BudgetState, RaiseBudgetRequest } from '../../shared/budget';
import { budgetQuery, raiseBudgetUpdate } from '../../shared/messages';
import { budgetPauseLines } from '../budget-lines';
import { budgetTarget } from '../budget-target';
import { CliError, EXIT, usageError } from '../exit-codes';
import type { Output } from '../output';
import { askSoon } from '../run-queries';
import { existingRun, withTemporal } from '../temporal-session';
import { whoAmI } from '../who-am-i';

/** Options of `director budget <workflowId>`. */
export interface BudgetFlags {
  /** Dollars to add to the cap, e.g. `2.50`. */
  raise?: string;
  by?: string;
}

/** How long to wait for a worker to take the raise before saying none answered. */
const RAISE_DEADLINE_MS = 30_000;

/** Dollars as typed: a plain positive number (`2.50`, `$2.50`); anything else is a usage error naming it. */
function dollarsOf(text: string): number {
  const usd = Number(text.trim().replace(/^\$/, ''));
  if (text.trim() === '' || !Number.isFinite(usd) || usd <= 0)
    throw usageError(`--raise must be a positive number of dollars, e.g. 2.50 (got ${JSON.stringify(text)})`);
  return usd;
}

function render(workflowId: string, state: BudgetState): string[] {
  return [
    `${workflowId}: spent $${state.spentUsd.toFixed(4)} of a $${state.capUsd.toFixed(2)} cost cap`,
    ...(state.pause ? budgetPauseLines(workflowId, state.pause) : ['not paused for budget']),
  ];
}

/**
 * `director budget <workflowId> [--raise <usd>]`: shows a run's cost cap, spend and budget pause (the
 * `budget` query), or adds dollars to its cap through the `raise-budget` update, whose answer is the run's
 * new budget; a run paused for budget then goes on. A Product Director's budget is its running branch's
 * (the branch makes the paid calls and pauses). Exit 2 for a closed run or an amount the run refuses,
 * 1 when no worker answers, 4 for an unknown id.
 */
export function budgetCommand(workflowId: string, flags: BudgetFlags, out: Output): Promise<number> {
  const usd = flags.raise === undefined ? undefined : dollarsOf(flags.raise);
  return withTemporal(async (session) => {
    const named = await existingRun(session, workflowId);
    const { handle, description, branchOf } = await budgetTarget(session, named.handle, named.description);
    if (branchOf) out.line(`${branchOf} is in its branch, which holds the budget: ${handle.workflowId}`);
    const status = description.status.name.toLowerCase();
    const noWorker = () =>
      new CliError(
        `no worker answered for ${workflowId} within ${RAISE_DEADLINE_MS / 1000} s: ` +
          `is a worker polling task queue '${description.taskQueue}'?`,
        EXIT.failed,
      );
    if (usd === undefined) {
      if (status !== 'running')
        throw usageError(
          `${workflowId} has closed (${status}): its budget is in its summary (director status)`,
        );
      const ask = () => handle.query(budgetQuery);
      const answer = await askSoon(session.connection, ask, description.taskQueue, RAISE_DEADLINE_MS);
      if (!answer.ok) throw new CliError(`${workflowId}: ${answer.reason}`, EXIT.failed);
      out.document({ workflowId: handle.workflowId, runId: description.runId, ...answer.value });
      for (const line of render(handle.workflowId, answer.value)) out.line(line);
      return EXIT.ok;
    }
    if (status !== 'running')
      throw usageError(`${workflowId} has already closed (${status}): its budget can no longer be raised`);
    const request: RaiseBudgetRequest = { usd, by: flags.by?.trim() || whoAmI() };
    const state = await session.connection
      .withDeadline(Date.now() + RAISE_DEADLINE_MS, () =>
        handle.executeUpdate(raiseBudgetUpdate, { args: [request] }),
      )
      .catch((error: unknown) => {
        // The run's validator refuses an amount or a run that is rolling back: a usage error.
        if (error instanceof WorkflowUpdateFailedError)
          throw usageError(`${workflowId}: ${error.cause?.message ?? error.message}`);
        if (isGrpcDeadlineError(error) || error instanceof WorkflowUpdateRPCTimeoutOrCancelledError)
          throw noWorker();
        throw error;
      });
    const raised = {
      workflowId: handle.workflowId,
      runId: description.runId,
      raisedUsd: usd,
      by: request.by,
    };
    out.document({ ...raised, ...state });
    out.line(`raised the cost cap by $${usd.toFixed(2)} (by ${request.by})`);
    for (const line of render(handle.workflowId, state)) out.line(line);
    if (!state.pause) out.line('The run goes on.');
    return EXIT.ok;
  });
}
