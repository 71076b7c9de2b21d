import { Context } from '@temporalio/activity';
import { WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import type { LineOutcome } from '../../shared/catalog';
import {
  lineNeverRan,
  lineOutcomeOfFailure,
  lineOutcomeOfResult,
} from '../../workflows/catalog/line-outcome';

/**
 * Waits for a catalog line's child Director, started by an earlier segment of the catalog, to end, and
 * says how it ended (read the same way the catalog reads the children it started itself). Uses the
 * worker's client (`Context.current().client`): a long poll on the child's result, heartbeating while it
 * waits (every activity does, see heartbeat.ts). Stops at once when cancelled, or when the catalog run
 * that scheduled it has continued as new or closed (its heartbeat then learns the run is gone): the
 * child is not touched either way. A child unknown to the server never ran: its line reads `cancelled`.
 * Connection failures throw and are retried.
 */
export async function awaitCatalogLine(input: { workflowId: string }): Promise<{ outcome: LineOutcome }> {
  const context = Context.current();
  const { client } = context;
  try {
    const result: unknown = await client.withAbortSignal(context.cancellationSignal, () =>
      client.workflow.getHandle(input.workflowId).result(),
    );
    return { outcome: lineOutcomeOfResult(result) };
  } catch (error: unknown) {
    // Cancelled (or the catalog run is gone): throw the cancellation, not whatever the aborted call threw.
    context.cancellationSignal.throwIfAborted();
    if (error instanceof WorkflowNotFoundError) return { outcome: lineNeverRan(input.workflowId) };
    if (error instanceof WorkflowFailedError) return { outcome: lineOutcomeOfFailure(error.cause) };
    throw error;
  }
}
