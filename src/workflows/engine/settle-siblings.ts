import { isCancellation, patched } from '@temporalio/workflow';

// Runs recorded before siblings were settled decided on the first failure; they replay along that path.
const SETTLE_SIBLINGS_PATCH = 'settle-siblings';

/**
 * The engine's one way to await sibling steps that run at once: nothing is decided until every one has
 * settled (completed, failed or acknowledged its cancellation), so no compensation can start while a
 * sibling it undoes may still write. Returns the values in input order when all succeed; otherwise
 * throws the first failure in input order that is not a cancellation, or else the first cancellation.
 */
export async function settleAll<T>(steps: readonly Promise<T>[]): Promise<T[]> {
  if (!patched(SETTLE_SIBLINGS_PATCH)) return Promise.all(steps);
  const outcomes = await Promise.allSettled(steps);
  const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
  if (failures.length > 0) throw failures.find((error) => !isCancellation(error)) ?? failures[0];
  return outcomes.map((o) => (o as PromiseFulfilledResult<T>).value);
}
