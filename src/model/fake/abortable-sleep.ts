/** Waits `ms` milliseconds, or until `signal` aborts: then rejects with the signal's reason at once. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The real `Sleep`: a timer, cleared when the signal aborts. A delay of 0 or less resolves without a timer. */
export const abortableSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    if (ms <= 0) {
      resolve();
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      if (signal) reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

// The signal's reason as given (an `AbortError`, or Temporal's `CancelledFailure`); wrapped if not an Error.
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error(`aborted: ${String(reason)}`);
}
