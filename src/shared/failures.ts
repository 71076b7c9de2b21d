import { ApplicationFailure } from '@temporalio/common';
import type { NonRetryableErrorType, RetryableErrorType } from './errors';

/**
 * A non-retryable failure: bad input, a safety block, a rejected result. `message` names the field and
 * the value that were wrong; `details` carries them as data for callers.
 */
export function nonRetryable(
  type: NonRetryableErrorType,
  message: string,
  details?: Record<string, unknown>,
): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true, details: details ? [details] : [] });
}

/** A failure that Temporal may retry within the activity's bounded policy (`nextRetryDelayMs` overrides backoff). */
export function retryable(
  type: RetryableErrorType,
  message: string,
  options: { nextRetryDelayMs?: number; cause?: Error } = {},
): ApplicationFailure {
  return ApplicationFailure.create({
    type,
    message,
    nonRetryable: false,
    ...(options.nextRetryDelayMs !== undefined ? { nextRetryDelay: options.nextRetryDelayMs } : {}),
    ...(options.cause ? { cause: options.cause } : {}),
  });
}
