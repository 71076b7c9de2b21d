import {
  ActivityFailure,
  ApplicationFailure,
  ChildWorkflowFailure,
  TimeoutFailure,
  isCancellation,
} from '@temporalio/workflow';

/** A failure reduced to what a stage table shows: its type, its message and, when known, the attempt. */
export interface FailureDescription {
  type: string;
  message: string;
  attempt?: number;
}

/** Unwraps activity and child-workflow failures to their root cause and names it. Never throws. */
export function describeFailure(error: unknown): FailureDescription {
  let root: unknown = error;
  while ((root instanceof ActivityFailure || root instanceof ChildWorkflowFailure) && root.cause)
    root = root.cause;
  if (root instanceof ApplicationFailure) {
    return { type: root.type ?? 'Error', message: root.message, ...attemptOf(root) };
  }
  if (isCancellation(root)) return { type: 'Cancelled', message: 'cancelled' };
  if (root instanceof TimeoutFailure) return { type: 'Timeout', message: `timed out (${root.timeoutType})` };
  if (root instanceof Error) return { type: root.name, message: root.message };
  return { type: 'Error', message: String(root) };
}

// Activities append `{ attempt }` to a failure's details (see src/activities/report-attempt.ts).
function attemptOf(failure: ApplicationFailure): { attempt?: number } {
  for (const detail of failure.details ?? []) {
    if (
      typeof detail === 'object' &&
      detail !== null &&
      'attempt' in detail &&
      typeof detail.attempt === 'number'
    ) {
      return { attempt: detail.attempt };
    }
  }
  return {};
}
