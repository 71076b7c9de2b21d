import { ApplicationFailure, Context } from '@temporalio/activity';
import { TemporalFailure } from '@temporalio/common';
import { meterUsage, usagePaidBefore } from '../model/gemini/usage-meter';
import type { Usage } from '../shared/usage';

/**
 * Wraps an activity so the workflow can show attempts and cost: a result gains `attempt` and, when the
 * activity made paid model calls, their `usage`; a failure gains `{ attempt, usage? }` in its details
 * (type, retryability and delay kept as they were; a plain error after paid calls becomes an
 * `ApplicationFailure` of the same type name so that it can carry them). It heartbeats every 5 s while it runs.
 */
export function reportAttempt<I, O extends object>(
  activity: (input: I) => Promise<O>,
): (input: I) => Promise<O & { attempt: number; usage?: Usage }> {
  return async (input: I) => {
    const context = Context.current();
    const attempt = context.info.attempt;
    // Every activity heartbeats while it runs, so a worker that dies is noticed within the heartbeat timeout.
    const beat = setInterval(() => context.heartbeat(), 5_000);
    try {
      const { value, usage } = await meterUsage(() => activity(input));
      return { ...value, attempt, ...(usage.calls > 0 ? { usage } : {}) };
    } catch (error: unknown) {
      // Calls paid for before the failure (a refused answer is still billed) ride in its details, so the
      // workflow's cost meter and cap count them.
      const paid = usagePaidBefore(error);
      const usage = paid && paid.calls > 0 ? { usage: paid } : {};
      if (!(error instanceof ApplicationFailure)) {
        if (!usage.usage || !(error instanceof Error) || error instanceof TemporalFailure) throw error;
        // Typed as Temporal would type the plain error (its name, retryable), now able to carry details.
        throw ApplicationFailure.create({
          type: error.name,
          message: error.message,
          cause: error,
          details: [{ attempt, ...usage }],
        });
      }
      const details = [...(error.details ?? []), { attempt, ...usage }];
      throw new ApplicationFailure(
        error.message,
        error.type,
        error.nonRetryable,
        details,
        error.cause,
        error.nextRetryDelay,
        error.category,
      );
    } finally {
      clearInterval(beat);
    }
  };
}
