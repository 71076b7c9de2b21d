import { AsyncLocalStorage } from 'node:async_hooks';
import { addUsage, EMPTY_USAGE, type Usage } from '../../shared/usage';

interface Meter {
  usage: Usage;
  parent: Meter | undefined;
}

// One store per async call tree: an activity meters its own calls even when many run at once in a worker.
const meters = new AsyncLocalStorage<Meter>();

/**
 * Runs `fn` and returns its value with the usage of every model call made inside it (awaited or not, as long
 * as it ran in `fn`'s async context). Meters nest: an inner meter's usage also counts in the outer ones, so a
 * call that failed inside an inner meter is still paid for by the outer one. Rethrows what `fn` throws.
 */
export async function meterUsage<T>(fn: () => Promise<T>): Promise<{ value: T; usage: Usage }> {
  const meter: Meter = { usage: EMPTY_USAGE, parent: meters.getStore() };
  try {
    const value = await meters.run(meter, fn);
    return { value, usage: meter.usage };
  } catch (error: unknown) {
    // Remembered beside the error (not on it): the caller reads it with `usagePaidBefore`.
    if (typeof error === 'object' && error !== null) paidBeforeFailure.set(error, meter.usage);
    throw error;
  }
}

const paidBeforeFailure = new WeakMap<object, Usage>();

/**
 * The usage of the model calls made inside the outermost `meterUsage` that `error` escaped from: what was
 * paid for before the run failed (a refused answer is still billed). Undefined for an error no meter saw.
 */
export function usagePaidBefore(error: unknown): Usage | undefined {
  return typeof error === 'object' && error !== null ? paidBeforeFailure.get(error) : undefined;
}

/** Adds one call's usage to the current meter and every meter around it; does nothing outside a meter. */
export function recordUsage(usage: Usage): void {
  for (let meter = meters.getStore(); meter; meter = meter.parent) {
    meter.usage = addUsage(meter.usage, usage);
  }
}
