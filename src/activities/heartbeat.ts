import { Context } from '@temporalio/activity';

/**
 * How often an activity heartbeats. The presets' heartbeat timeout (20 s) is several beats long, and the
 * worker's throttle (2 s) sends each beat promptly, so a dead worker is noticed within the timeout.
 */
export const HEARTBEAT_INTERVAL_MS = 5_000;

/**
 * A call that starts within this long of the attempt's start (or of its last beat) sends no beat of its
 * own first (see `withHeartbeat`): a cancellation requested in that time is learned of at the next beat,
 * as one requested just after a beat always was.
 */
export const FRESH_ATTEMPT_MS = 1_000;

/** When each running attempt started or last beat (worker clock), kept by `heartbeatWhile`. */
const lastBeatAt = new WeakMap<Context, number>();

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
  lastBeatAt.set(context, Date.now());
  const timer = setInterval(() => beat(context), intervalMs);
  try {
    return await attempt();
  } finally {
    clearInterval(timer);
    lastBeatAt.delete(context);
  }
}

/**
 * Runs a long call (a model call) with the attempt's cancellation signal, and throws the cancellation
 * when it arrived while the call ran, so the caller writes nothing afterwards. It starts no timer of its
 * own (the attempt's `heartbeatWhile` keeps beating). When the attempt has run a while without a beat
 * (local work before the call), it beats once first, so a cancellation requested meanwhile is learned of
 * before the call rather than a beat later. A call at the very start of an attempt does not: the attempt
 * was just handed to this worker, and each beat is a write on the server (a fan-out of 64 images paid 64
 * of them for nothing, about a third of the server's CPU per item; BENCHMARKS.md, figure 3).
 */
export async function withHeartbeat<T>(call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const context = Context.current();
  const since = lastBeatAt.get(context);
  const due = since === undefined || Date.now() - since >= FRESH_ATTEMPT_MS;
  if (!context.info.isLocal && due) beat(context);
  const result = await call(context.cancellationSignal);
  throwIfCancelled();
  return result;
}

/** Throws the attempt's cancellation (a `CancelledFailure`) when it has been cancelled; else nothing. */
export function throwIfCancelled(): void {
  Context.current().cancellationSignal.throwIfAborted();
}

/** Sends a beat (the worker throttles what reaches the server) and notes when, for `withHeartbeat`. */
function beat(context: Context): void {
  if (lastBeatAt.has(context)) lastBeatAt.set(context, Date.now());
  context.heartbeat();
}
