import { fnv1a64Hex } from './fnv-hash';
import { TASK_QUEUE } from './names';

/**
 * The header a run carries its store's identity in (`ObjectStore.uri`): set by the client that starts the
 * run, copied onto every activity and child workflow the run schedules, and compared by each worker with
 * its own store before any activity runs. Runs without it (started by the `temporal` CLI or the Web UI)
 * are not checked.
 */
export const STORE_HEADER = 'director-store';

/**
 * The default task queue of the workers and clients that see the store `storeUri`:
 * `linn-director-<8 hex>`, from a hash of the store's identity. Two local folders (two clones on one
 * machine) give two queues, so neither's workers take the other's runs; every worker sharing one bucket
 * polls the same queue. Pure: the same identity always gives the same name.
 */
export function storeTaskQueue(storeUri: string): string {
  return `${TASK_QUEUE}-${fnv1a64Hex(storeUri).slice(0, 8)}`;
}

/**
 * True for a store URI (`s3://bucket/prefix/inputs/<sha>.jpg`, `file:///…`) rather than a file path: a
 * scheme and `//`, which no path the CLI resolves starts with.
 */
export function isStoreUri(source: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(source);
}
