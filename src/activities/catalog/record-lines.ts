import { enterPublication } from '../../catalog/ledger';
import { writeRecord } from '../../catalog/line-records';
import type { LineRecord } from '../../shared/catalog';
import type { ActivityDeps } from '../deps';
import { throwIfCancelled } from '../heartbeat';
import { catalogStores, mapBounded } from './catalog-stores';

/** Records written at once. */
const WRITE_CONCURRENCY = 8;

/**
 * Stores settled lines' records (`catalogs/<runKey>/lines/<index>.json`, replaced when written again) and
 * enters each published line in the ledger under its fingerprint — a conditional write, so the first
 * publication of a fingerprint wins and a retry changes nothing. Idempotent. Throws what the store throws
 * (`StorageUnavailable` is retried).
 */
export async function recordCatalogLines(
  deps: Pick<ActivityDeps, 'objects' | 'outputs'>,
  request: { catalogId: string; records: LineRecord[] },
): Promise<{ written: number }> {
  const { objects, outputs } = catalogStores(deps);
  const { catalogId, records } = request;
  await mapBounded(records, WRITE_CONCURRENCY, async (record) => {
    throwIfCancelled();
    const { workflowId, fingerprint } = record;
    // The ledger first: a record says "published" only once the ledger knows it, so a crash between the
    // two writes leaves at worst a ledger entry that the retried call finds already there.
    if (record.status === 'published' && workflowId !== undefined && fingerprint !== undefined) {
      await enterPublication(objects, outputs, catalogId, { ...record, workflowId, fingerprint });
    }
    await writeRecord(objects, catalogId, record);
  });
  return { written: records.length };
}
