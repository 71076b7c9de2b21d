import { Context } from '@temporalio/activity';

/**
 * Runs a long call while heartbeating every `intervalMs`, so the server notices a dead worker within the
 * heartbeat timeout and the activity learns of a cancellation (delivered through `cancellationSignal`).
 */
export async function withHeartbeat<T>(
  call: (signal: AbortSignal) => Promise<T>,
  intervalMs = 5_000,
): Promise<T> {
  const context = Context.current();
  context.heartbeat();
  const timer = setInterval(() => context.heartbeat(), intervalMs);
  try {
    const result = await call(context.cancellationSignal);
    // Cancelled while the call ran: stop before the caller writes the result anywhere.
    context.cancellationSignal.throwIfAborted();
    return result;
  } finally {
    clearInterval(timer);
  }
}
