import { ApplicationFailure, Context } from '@temporalio/activity';
import { meterUsage } from '../model/gemini/usage-meter';
import type { Usage } from '../shared/usage';
import { heartbeatWhile } from './heartbeat';

/**
 * Wraps an activity so the workflow can show attempts and cost: a result gains `attempt` and, when the
 * activity made paid model calls, their `usage`; an `ApplicationFailure` gains `{ attempt }` in its
 * details (type, retryability and delay kept as they were). It runs the attempt's one heartbeat timer.
 */
export function reportAttempt<I, O extends object>(
  activity: (input: I) => Promise<O>,
): (input: I) => Promise<O & { attempt: number; usage?: Usage }> {
  return async (input: I) => {
    const context = Context.current();
    const attempt = context.info.attempt;
    try {
      // Every activity heartbeats while it runs, so a worker that dies is noticed within the heartbeat timeout.
      const { value, usage } = await heartbeatWhile(() => meterUsage(() => activity(input)));
      return { ...value, attempt, ...(usage.calls > 0 ? { usage } : {}) };
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
