import type { LineRecord } from '../shared/catalog';
import { nonRetryable } from '../shared/failures';
import type { ObjectStore } from '../storage/object-store';
import { recordKey, recordsPrefix } from './catalog-keys';

/** Records read at once: enough to hide a bucket's round trips, few enough for any store. */
const READ_CONCURRENCY = 16;

/** Writes a settled line's record under its index; the same line again replaces it (idempotent). */
export async function writeRecord(
  objects: Pick<ObjectStore, 'put'>,
  catalogId: string,
  record: LineRecord,
): Promise<void> {
  await objects.put(recordKey(catalogId, record.index), Buffer.from(JSON.stringify(record)), {
    contentType: 'application/json',
  });
}

/**
 * Every record of a catalog, in manifest order. Throws a non-retryable `InvalidInput` naming the key of a
 * record that is not JSON (a store damaged by hand); a store that fails throws its own failure.
 */
export async function readRecords(
  objects: Pick<ObjectStore, 'list' | 'get'>,
  catalogId: string,
): Promise<LineRecord[]> {
  const listed = await objects.list(recordsPrefix(catalogId));
  const keys = listed.map((object) => object.key).filter((key) => key.endsWith('.json'));
  const records: LineRecord[] = new Array<LineRecord>(keys.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < keys.length) {
      const at = next++;
      const key = keys[at] as string;
      const bytes = await objects.get(key);
      if (!bytes) continue; // removed since the listing (an undo running beside): nothing to report
      try {
        records[at] = JSON.parse(bytes.toString('utf8')) as LineRecord;
      } catch {
        throw nonRetryable('InvalidInput', `catalog record '${key}' is not JSON`, { key });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, keys.length) }, worker));
  return records.filter((record) => record !== undefined).sort((a, b) => a.index - b.index);
}
