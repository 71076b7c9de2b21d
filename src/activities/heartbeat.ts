import { Context } from '@temporalio/activity';

/**
 * How often an activity heartbeats. The presets' heartbeat timeout (20 s) is several beats long, and the
 * worker's throttle (2 s) sends each beat promptly, so a dead worker is noticed within the timeout.
 */
export const HEARTBEAT_INTERVAL_MS = 5_000;

/**
 * Runs one activity attempt while heartbeating every `intervalMs`: the attempt's only heartbeat timer
 * (every activity runs inside it, through `reportAttempt`), so the server notices a dead worker within
 * the heartbeat timeout and the attempt learns of its cancellation from the heartbeat's answer.
 */
export async function heartbeatWhile<T>(
  attempt: () => Promise<T>,
  intervalMs = HEARTBEAT_INTERVAL_MS,
): Promise<T> {
  const context = Context.current();
  // A local activity cannot heartbeat (the core warns of an unknown activity): its worker runs its workflow.
  if (context.info.isLocal) return attempt();
  const timer = setInterval(() => context.heartbeat(), intervalMs);
  try {
    return await attempt();
  } finally {
    clearInterval(timer);
  }
}

/**
 * Runs a long call (a model call) with the attempt's cancellation signal, and throws the cancellation
 * when it arrived while the call ran, so the caller writes nothing afterwards. It starts no timer of its
 * own (the attempt's `heartbeatWhile` keeps beating); it beats once at the start, so a cancellation
 * requested before the call is learned of at once rather than a beat later.
 */
export async function withHeartbeat<T>(call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const context = Context.current();
  if (!context.info.isLocal) context.heartbeat();
  const result = await call(context.cancellationSignal);
  throwIfCancelled();
  return result;
}

/** Throws the attempt's cancellation (a `CancelledFailure`) when it has been cancelled; else nothing. */
export function throwIfCancelled(): void {
  Context.current().cancellationSignal.throwIfAborted();
}
