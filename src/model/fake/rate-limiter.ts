/** A source of the current time in milliseconds (injected in tests). */
export type Clock = () => number;

/** The answer of `RateLimiter.take`: go ahead, or come back after `retryAfterMs`. */
export type RateDecision = { granted: true } | { granted: false; retryAfterMs: number };

/** How a `RateLimiter` counts. */
export interface RateLimiterOptions {
  /** Calls allowed per minute, on average. */
  perMinute: number;
  /** Calls allowed at once after a quiet spell; default one second's worth (at least 1). */
  burst?: number;
  clock?: Clock;
}

/**
 * A token bucket, as a model API's per-minute quota behaves: `burst` tokens, refilled at `perMinute`.
 * A refused call is told when to come back, and refused calls are told successive token times (the first
 * the next token, the second the one after, …), the way a queue-aware `Retry-After` spreads clients out
 * instead of sending them all back at once. Not thread-safe beyond Node's single thread; no timers.
 */
export class RateLimiter {
  readonly perMinute: number;
  readonly burst: number;
  private readonly intervalMs: number;
  private readonly clock: Clock;
  private tokens: number;
  private updatedAt: number;
  private promisedAt = -Infinity;

  /** Throws a `RangeError` for a rate or burst that is not positive. */
  constructor(options: RateLimiterOptions) {
    if (!(options.perMinute > 0)) throw new RangeError(`perMinute must be above 0, got ${options.perMinute}`);
    this.perMinute = options.perMinute;
    this.burst = options.burst ?? Math.max(1, Math.floor(options.perMinute / 60));
    if (!(this.burst >= 1)) throw new RangeError(`burst must be at least 1, got ${this.burst}`);
    this.intervalMs = 60_000 / options.perMinute;
    this.clock = options.clock ?? Date.now;
    this.tokens = this.burst;
    this.updatedAt = this.clock();
  }

  /** Takes a token when one is there; otherwise says how long to wait (always > 0). */
  take(): RateDecision {
    const now = this.clock();
    this.tokens = Math.min(this.burst, this.tokens + (now - this.updatedAt) / this.intervalMs);
    this.updatedAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { granted: true };
    }
    const nextToken = now + (1 - this.tokens) * this.intervalMs;
    const at = Math.max(nextToken, this.promisedAt + this.intervalMs);
    this.promisedAt = at;
    return { granted: false, retryAfterMs: Math.max(1, Math.ceil(at - now)) };
  }
}
