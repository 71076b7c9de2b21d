import {
  isGrpcDeadlineError,
  QueryNotRegisteredError,
  type Connection,
  type WorkflowHandle,
} from '@temporalio/client';
import type { Progress, RunSummary } from '../shared/stages';
import { GRPC_DEADLINE_EXCEEDED, grpcCodeOf } from './cli-errors';
import { approvalQuery, progressQuery, summaryQuery } from '../shared/messages';

/** A query's answer, or why there is none (shown to the user in place of the answer). */
export type Answer<T> = { ok: true; value: T } | { ok: false; reason: string };

/** How long a query may wait for a worker: a query is answered by a worker, and there may be none. */
const QUERY_DEADLINE_MS = 3000;

/**
 * Asks a running workflow something within `deadlineMs` (a query needs a worker, and there may be none).
 * Never throws: says why there is no answer.
 */
export async function askSoon<T>(
  connection: Connection,
  ask: () => Promise<T>,
  taskQueue: string,
  deadlineMs: number,
): Promise<Answer<T>> {
  try {
    return { ok: true, value: await connection.withDeadline(Date.now() + deadlineMs, ask) };
  } catch (error: unknown) {
    if (isGrpcDeadlineError(error) || grpcCodeOf(error) === GRPC_DEADLINE_EXCEEDED) {
      return {
        ok: false,
        reason: `no worker answered within ${deadlineMs / 1000} s: is a worker polling task queue '${taskQueue}'?`,
      };
    }
    if (error instanceof QueryNotRegisteredError)
      return { ok: false, reason: 'the run has no stage table (it stopped before its first stage)' };
    const details = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { ok: false, reason: `${error instanceof Error ? error.message : String(error)}${details}` };
  }
}

/** The run's `summary` query (its stage table), or why it could not be had. Never throws. */
export function querySummary(
  connection: Connection,
  handle: WorkflowHandle,
  taskQueue: string,
  deadlineMs = QUERY_DEADLINE_MS,
): Promise<Answer<RunSummary>> {
  return askSoon(connection, () => handle.query(summaryQuery), taskQueue, deadlineMs);
}

/** The run's `progress` query, or why it could not be had. Never throws. */
export function queryProgress(
  connection: Connection,
  handle: WorkflowHandle,
  taskQueue: string,
  deadlineMs = QUERY_DEADLINE_MS,
): Promise<Answer<Progress>> {
  return askSoon(connection, () => handle.query(progressQuery), taskQueue, deadlineMs);
}

/** The run's `approval` query: whether it waits at its gate now. A Director without a gate has no such query. */
export function queryApproval(
  connection: Connection,
  handle: WorkflowHandle,
  taskQueue: string,
  deadlineMs = QUERY_DEADLINE_MS,
): Promise<Answer<{ waiting: boolean }>> {
  return askSoon(connection, () => handle.query(approvalQuery), taskQueue, deadlineMs);
}
