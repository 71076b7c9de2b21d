import { addUsage, EMPTY_USAGE, type Usage } from '../../shared/usage';
import { nonRetryable } from '../../shared/failures';
import { usageOfFailure } from './failure-usage';

/**
 * Adds up what a run's model calls cost (activities report `usage` in their result, or in their failure's
 * details when the paid answer was refused) and enforces the run's cost cap:
 * before a call, if the spend so far plus the dearest call of the same activity seen in this run would
 * pass the cap, it throws a non-retryable `CostCapExceeded` and the run compensates. The first call of a
 * kind has no estimate yet, so a run can overshoot by at most one call of each kind.
 */
export class CostMeter {
  private totals: Usage = EMPTY_USAGE;
  private readonly dearest = new Map<string, number>();

  constructor(
    private readonly capUsd: number | undefined,
    private readonly onRecord: (total: Usage) => void = () => {},
  ) {}

  /** The usage so far. */
  get usage(): Usage {
    return this.totals;
  }

  /** Throws `CostCapExceeded` when a call of `activity` would take the run past its cap. */
  check(activity: string): void {
    if (this.capUsd === undefined) return;
    const next = this.dearest.get(activity) ?? 0;
    if (this.totals.costUsd + next > this.capUsd) {
      throw nonRetryable(
        'CostCapExceeded',
        `costCapUsd: the next ${activity} call (~$${next.toFixed(4)}) would take the run past its cap of $${this.capUsd} (spent $${this.totals.costUsd.toFixed(4)})`,
        { spentUsd: this.totals.costUsd, capUsd: this.capUsd },
      );
    }
  }

  /** Records an activity's reported usage. */
  record(activity: string, usage: Usage | undefined): void {
    if (!usage) return;
    this.totals = addUsage(this.totals, usage);
    this.dearest.set(activity, Math.max(this.dearest.get(activity) ?? 0, usage.costUsd));
    this.onRecord(this.totals);
  }

  /**
   * Wraps activity proxies so every call is checked against the cap first and its usage recorded after,
   * including calls made inside fan-outs.
   */
  wrap<T extends object>(activities: T): T {
    return new Proxy(activities, {
      get: (target, property, receiver) => {
        const original: unknown = Reflect.get(target, property, receiver);
        if (typeof original !== 'function' || typeof property !== 'string') return original;
        const metered = (invoke: () => Promise<unknown>) => async () => {
          this.check(property);
          let result: unknown;
          try {
            result = await invoke();
          } catch (error: unknown) {
            // A refused answer (safety block, wrong shape, no image) was still paid for.
            this.record(property, usageOfFailure(error));
            throw error;
          }
          if (typeof result === 'object' && result !== null && 'usage' in result) {
            this.record(property, result.usage as Usage);
          }
          return result;
        };
        const activity = original as ((...a: unknown[]) => Promise<unknown>) & {
          executeWithOptions?: (options: unknown, args: unknown[]) => Promise<unknown>;
        };
        const call = (...args: unknown[]) => metered(() => activity(...args))();
        // Keep the proxy's per-call options (e.g. an activity summary naming the item) working.
        const withOptions = activity.executeWithOptions;
        if (withOptions) {
          Object.assign(call, {
            executeWithOptions: (options: unknown, args: unknown[]) =>
              metered(() => withOptions.call(activity, options, args))(),
          });
        }
        return call;
      },
    });
  }
}
