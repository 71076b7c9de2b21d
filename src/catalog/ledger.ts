import type { LineRecord, PriorPublication } from '../shared/catalog';
import type { ObjectStore } from '../storage/object-store';
import { ledgerKey } from './catalog-keys';

/**
 * The ledger of published lines: one small JSON object per fingerprint (`ledger/<fingerprint>.json`) in the
 * store every worker shares, naming the catalog, SKU and run that published it and where the outputs are.
 * A line whose fingerprint is in it is never paid for again, by this catalog or any later one.
 */

/** The publication recorded for a fingerprint, or undefined (an unreadable entry counts as none). */
export async function findPublication(
  objects: Pick<ObjectStore, 'get'>,
  fingerprint: string,
): Promise<PriorPublication | undefined> {
  const bytes = await objects.get(ledgerKey(fingerprint));
  if (!bytes) return undefined;
  try {
    const entry = JSON.parse(bytes.toString('utf8')) as Partial<PriorPublication>;
    if (typeof entry.catalogId !== 'string' || typeof entry.workflowId !== 'string') return undefined;
    return {
      catalogId: entry.catalogId,
      sku: String(entry.sku),
      workflowId: entry.workflowId,
      outputs: Array.isArray(entry.outputs) ? entry.outputs.map(String) : [],
      publishedAt: String(entry.publishedAt),
    };
  } catch {
    return undefined;
  }
}

/**
 * Enters a published line's record in the ledger, unless its fingerprint is there already: a conditional
 * write, so the first publication wins and a retried call changes nothing. Returns whether it was written.
 */
export async function enterPublication(
  objects: Pick<ObjectStore, 'put'>,
  catalogId: string,
  record: LineRecord & { workflowId: string; fingerprint: string },
): Promise<boolean> {
  const entry: PriorPublication = {
    catalogId,
    sku: record.sku,
    workflowId: record.workflowId,
    outputs: record.outputs,
    publishedAt: record.settledAt,
  };
  return objects.put(ledgerKey(record.fingerprint), Buffer.from(JSON.stringify(entry)), {
    ifAbsent: true,
    contentType: 'application/json',
  });
}

/**
 * Removes a fingerprint's entry when it names `catalogId`, so that undoing one catalog never forgets what
 * another published. Returns how many objects were removed (0 or 1). Idempotent.
 */
export async function removePublicationOf(
  objects: Pick<ObjectStore, 'get' | 'delete'>,
  catalogId: string,
  fingerprint: string,
): Promise<number> {
  const entry = await findPublication(objects, fingerprint);
  if (entry?.catalogId !== catalogId) return 0;
  return objects.delete([ledgerKey(fingerprint)]);
}
