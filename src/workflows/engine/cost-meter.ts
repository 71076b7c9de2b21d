import { addUsage, EMPTY_USAGE, type Usage } from '../../shared/usage';
import { nonRetryable } from '../../shared/failures';
import { usageOfFailure } from './failure-usage';

/**
 * Adds up what a run's model calls cost (activities report `usage` in their result, or in their failure's
 * details when the paid answer was refused) and enforces the run's cost cap:
 * before a call, if the spend so far plus the dearest call of the same activity seen in this run would
 * pass the cap, it throws a non-retryable `CostCapExceeded` and the run compensates (or, since the
 * `budget-pause` patch, `BudgetPauser` waits for a raise instead). The first call of a kind has no price of
 * its own yet: alone it overshoots by at most one call of each kind; priced by its model `family` (as the
 * budget pause does) only the run's first call to each model can. The cap can be raised while the run goes
 * on (`raise`), which is how a run paused for budget resumes.
 */
export class CostMeter {
  private totals: Usage = EMPTY_USAGE;
  private readonly dearest = new Map<string, number>();

  constructor(
    private cap: number | undefined,
    private readonly onRecord: (total: Usage) => void = () => {},
  ) {}

  /** The usage so far. */
  get usage(): Usage {
    return this.totals;
  }

  /** The cap in dollars as it stands (undefined: no cap). */
  get capUsd(): number | undefined {
    return this.cap;
  }

  /**
   * What the next call of `activity` is expected to cost: the dearest one seen in this run; for the first
   * call of a kind, 0, or with `family`, the dearest call seen of any activity in that family (an image
   * composition is priced like the background image before it). The family is the caller's choice.
   */
  nextCallUsd(activity: string, family?: (activity: string) => string | undefined): number {
    const seen = this.dearest.get(activity);
    if (seen !== undefined || !family) return seen ?? 0;
    const kind = family(activity);
    if (kind === undefined) return 0;
    const priced = [...this.dearest].filter(([other]) => family(other) === kind).map(([, usd]) => usd);
    return Math.max(0, ...priced);
  }

  /** Whether the next call of `activity` would take the run past its cap (`family`: see `nextCallUsd`). */
  wouldPass(activity: string, family?: (activity: string) => string | undefined): boolean {
    return this.cap !== undefined && this.totals.costUsd + this.nextCallUsd(activity, family) > this.cap;
  }

  /** Adds `usd` to the cap (no effect without a cap). */
  raise(usd: number): void {
    if (this.cap !== undefined) this.cap = Math.round((this.cap + usd) * 1e9) / 1e9;
  }

  /** Throws `CostCapExceeded` when a call of `activity` would take the run past its cap. */
  check(activity: string, why = '', family?: (activity: string) => string | undefined): void {
    if (this.cap === undefined || !this.wouldPass(activity, family)) return;
    const next = this.nextCallUsd(activity, family);
    throw nonRetryable(
      'CostCapExceeded',
      `costCapUsd: the next ${activity} call (~$${next.toFixed(4)}) would take the run past its cap of $${this.cap} (spent $${this.totals.costUsd.toFixed(4)})${why}`,
      { spentUsd: this.totals.costUsd, capUsd: this.cap },
    );
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
   * including calls made inside fan-outs. `admit`, when given, replaces the check: it returns undefined to
   * let the call go at once (in the same tick, so the order of commands is unchanged) or a promise to wait
   * for first (a budget pause); it throws to refuse the call.
   */
  wrap<T extends object>(
    activities: T,
    admit: (activity: string) => Promise<void> | undefined = (activity) => {
      this.check(activity);
      return undefined;
    },
  ): T {
    return new Proxy(activities, {
      get: (target, property, receiver) => {
        const original: unknown = Reflect.get(target, property, receiver);
        if (typeof original !== 'function' || typeof property !== 'string') return original;
        const metered = (invoke: () => Promise<unknown>) => async () => {
          const wait = admit(property);
          if (wait) await wait;
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
