import { ApplicationFailure, Context } from '@temporalio/activity';

/**
 * Wraps an activity so the workflow's stage table can show attempts: a result gains `attempt`, and an
 * `ApplicationFailure` gains `{ attempt }` in its details (type, retryability and delay kept as they were).
 */
export function reportAttempt<I, O extends object>(
  activity: (input: I) => Promise<O>,
): (input: I) => Promise<O & { attempt: number }> {
  return async (input: I) => {
    const attempt = Context.current().info.attempt;
    try {
      return { ...(await activity(input)), attempt };
    } catch (error: unknown) {
      if (!(error instanceof ApplicationFailure)) throw error;
      const details = [...(error.details ?? []), { attempt }];
      throw new ApplicationFailure(
        error.message,
        error.type,
        error.nonRetryable,
        details,
        error.cause,
        error.nextRetryDelay,
        error.category,
      );
    }
  };
}
