import { ApplicationFailure, CancellationScope, isCancellation } from '@temporalio/workflow';
import { describeFailure, type FailureDescription } from './describe-failure';
import { settleAll } from './settle-siblings';

/** Failures that stop the whole run rather than one item: they end a fan-out at once, whatever its budget. */
const RUN_STOPPERS = new Set(['CostCapExceeded']);

/** One item's outcome, in input order (`allSettled` semantics, plus `cancelled` for items stopped early). */
export type ItemOutcome<R> =
  | { index: number; status: 'fulfilled'; value: R }
  | { index: number; status: 'rejected'; error: FailureDescription }
  | { index: number; status: 'cancelled' };

/** How many failures a fan-out tolerates. Both limits apply when both are given. */
export interface FailureBudget {
  /** At least this many items must succeed. */
  minSuccesses?: number;
  /** At most this fraction (0..1) of the items may fail. */
  maxFailureRatio?: number;
}

/** Options of `fanOut`. */
export interface FanOutOptions<T, R> {
  items: readonly T[];
  /** Items in flight at once; keeps pending activities well inside Temporal's per-run limit. */
  concurrency: number;
  run: (item: T, index: number) => Promise<R>;
  budget?: FailureBudget;
  /** Called as each item settles, e.g. to update progress. */
  onSettled?: (outcome: ItemOutcome<R>, settled: number) => void;
}

/** How many failures the budget allows for `total` items. */
export function allowedFailures(total: number, budget: FailureBudget = {}): number {
  const bySuccesses = budget.minSuccesses === undefined ? total : total - budget.minSuccesses;
  const byRatio = budget.maxFailureRatio === undefined ? total : Math.floor(budget.maxFailureRatio * total);
  return Math.max(0, Math.min(bySuccesses, byRatio));
}

/**
 * Runs `run` over the items with bounded concurrency and reports every item's outcome in input order;
 * failed items do not stop the others. When failures exceed the budget, the items still running are
 * cancelled, the rest never start, and it throws a non-retryable `BudgetExceeded` carrying the outcomes
 * (the caller's saga then compensates the items that succeeded); with a budget of zero failures it
 * rethrows the first item's own failure instead. A `CostCapExceeded` stops it at once and is rethrown.
 * A cancellation of the caller propagates once every lane has settled: an item still running is waited
 * for (its activity acknowledges the cancellation) before the caller can start compensating it.
 */
export async function fanOut<T, R>(options: FanOutOptions<T, R>): Promise<ItemOutcome<R>[]> {
  const { items, run, budget } = options;
  const outcomes: (ItemOutcome<R> | undefined)[] = items.map(() => undefined);
  const tolerated = allowedFailures(items.length, budget);
  const scope = new CancellationScope();
  let next = 0;
  let failures = 0;
  let settled = 0;
  let exceeded = false;
  let firstError: unknown;
  let stopper: unknown;

  const settle = (outcome: ItemOutcome<R>) => {
    outcomes[outcome.index] = outcome;
    settled += 1;
    options.onSettled?.(outcome, settled);
  };

  const lane = async (): Promise<void> => {
    while (next < items.length && !exceeded) {
      const index = next++;
      try {
        settle({ index, status: 'fulfilled', value: await run(items[index] as T, index) });
      } catch (error: unknown) {
        if (isCancellation(error)) {
          // Cancelled by our own budget check: record it. Cancelled from outside: the caller is stopping.
          if (!exceeded) throw error;
          settle({ index, status: 'cancelled' });
          continue;
        }
        const failure = describeFailure(error);
        settle({ index, status: 'rejected', error: failure });
        failures += 1;
        firstError ??= error;
        if (RUN_STOPPERS.has(failure.type) && !exceeded) {
          // Not this item's problem but the run's: stop every item and surface it as it is.
          stopper = error;
          exceeded = true;
          scope.cancel();
        } else if (failures > tolerated && !exceeded) {
          exceeded = true;
          scope.cancel();
        }
      }
    }
  };

  const lanes = Math.max(1, Math.min(options.concurrency, items.length));
  await scope.run(() => settleAll(Array.from({ length: lanes }, lane)));
  const result = outcomes.map((outcome, index) => outcome ?? { index, status: 'cancelled' as const });
  if (stopper !== undefined) throw stopper as Error;
  // With no failure allowed, the first failure is the story: surface it with its own type.
  if (exceeded && tolerated === 0) throw firstError;
  if (exceeded) {
    const succeeded = result.filter((o) => o.status === 'fulfilled').length;
    throw ApplicationFailure.create({
      type: 'BudgetExceeded',
      message: `${failures} of ${items.length} items failed (at most ${tolerated} allowed); ${succeeded} succeeded and are rolled back`,
      nonRetryable: true,
      details: [
        {
          outcomes: result.map((o) => (o.status === 'fulfilled' ? { index: o.index, status: o.status } : o)),
        },
      ],
    });
  }
  return result;
}

/**
 * `fanOut` for items that must all succeed (e.g. the renditions of a batch): bounded concurrency, values
 * in input order. On the first failure the items still running are cancelled and, once every item has
 * settled, that failure is rethrown with its own type; the caller's saga then undoes what was written.
 */
export async function fanOutAll<T, R>(options: Omit<FanOutOptions<T, R>, 'budget'>): Promise<R[]> {
  const outcomes = await fanOut({ ...options, budget: { maxFailureRatio: 0 } });
  // With no failure allowed, fanOut returns only when every item was fulfilled.
  return outcomes.map((o) => (o as Extract<ItemOutcome<R>, { status: 'fulfilled' }>).value);
}
