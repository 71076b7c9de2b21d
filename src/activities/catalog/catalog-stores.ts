import { nonRetryable } from '../../shared/failures';
import type { ObjectStore } from '../../storage/object-store';
import type { OutputCollection } from '../../storage/run-outputs';
import type { ActivityDeps } from '../deps';

/** The stores every catalog activity works in. */
export interface CatalogStores {
  objects: ObjectStore;
  outputs: OutputCollection;
}

/**
 * The worker's object store and output collection. Throws a non-retryable `StoreMisconfigured` when the
 * worker was built without them: no retry would give it a store.
 */
export function catalogStores(deps: Pick<ActivityDeps, 'objects' | 'outputs'>): CatalogStores {
  const { objects, outputs } = deps;
  if (!objects || !outputs) {
    throw nonRetryable(
      'StoreMisconfigured',
      'this worker has no object store or output collection for catalogs (ActivityDeps.objects, .outputs)',
    );
  }
  return { objects, outputs };
}

/**
 * Runs `task` over `items` with at most `limit` at once; results in input order. A failure rejects once
 * the tasks already started have settled, so nothing keeps writing after the activity failed.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failed) {
      const at = next++;
      try {
        results[at] = await task(items[at] as T, at);
      } catch (error: unknown) {
        failed ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failed) throw failed.error;
  return results;
}
