import { ApplicationFailure, Context } from '@temporalio/activity';
import { TemporalFailure } from '@temporalio/common';
import { meterUsage, usagePaidBefore } from '../model/gemini/usage-meter';
import { addUsage, type Usage } from '../shared/usage';
import { heartbeatWhile } from './heartbeat';

/**
 * Wraps an activity so the workflow can show attempts and cost: a result gains `attempt` and, when the
 * activity made paid model calls, their `usage`; a failure gains `{ attempt, usage? }` in its details
 * (type, retryability and delay kept as they were; a plain error after paid calls becomes an
 * `ApplicationFailure` of the same type name so that it can carry them). The usage counts every attempt: a
 * failed attempt's paid calls are heartbeated as details, read back by the next attempt and added to what it
 * reports. It runs the attempt's one heartbeat timer.
 */
export function reportAttempt<I, O extends object>(
  activity: (input: I) => Promise<O>,
): (input: I) => Promise<O & { attempt: number; usage?: Usage }> {
  return async (input: I) => {
    const context = Context.current();
    const attempt = context.info.attempt;
    // Earlier attempts of this activity that failed after paid calls left their usage in the heartbeat.
    const earlier = paidByEarlierAttempts(context.info.heartbeatDetails);
    try {
      // Every activity heartbeats while it runs, so a worker that dies is noticed within the heartbeat timeout.
      const { value, usage: own } = await heartbeatWhile(() => meterUsage(() => activity(input)));
      const usage = earlier ? addUsage(earlier, own) : own;
      return { ...value, attempt, ...(usage.calls > 0 ? { usage } : {}) };
    } catch (error: unknown) {
      // Calls paid for before the failure (a refused answer is still billed) ride in its details, so the
      // workflow's cost meter and cap count them.
      const own = usagePaidBefore(error);
      const paid = earlier && own ? addUsage(earlier, own) : (own ?? earlier);
      const usage = paid && paid.calls > 0 ? { usage: paid } : {};
      // The next attempt (if the policy retries) reads it back, so a retried call is never paid uncounted.
      if (usage.usage) context.heartbeat({ paidUsage: usage.usage });
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
    }
  };
}

function paidByEarlierAttempts(details: unknown): Usage | undefined {
  if (typeof details !== 'object' || details === null || !('paidUsage' in details)) return undefined;
  const usage = details.paidUsage as Usage | undefined;
  return usage && typeof usage.costUsd === 'number' && typeof usage.calls === 'number' ? usage : undefined;
}
