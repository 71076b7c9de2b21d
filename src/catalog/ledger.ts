import type { LineRecord, PriorPublication } from '../shared/catalog';
import { runKeyOf } from '../shared/run-key';
import type { ObjectStore } from '../storage/object-store';
import type { OutputCollection } from '../storage/run-outputs';
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
 * Whether a publication's outputs are still there (its run's folder in the output collection holds
 * something): an entry whose files were removed since is no reason to skip a line.
 */
export async function outputsRemain(
  outputs: { store: Pick<ObjectStore, 'list'>; prefix: string },
  publication: PriorPublication,
): Promise<boolean> {
  const listed = await outputs.store.list(`${outputs.prefix}${runKeyOf(publication.workflowId)}/`);
  return listed.length > 0;
}

/**
 * The publication recorded for a fingerprint whose outputs are still there, or undefined. Costs one read
 * of the ledger and, for a hit, one listing of the run's output folder.
 */
export async function findLivePublication(
  objects: Pick<ObjectStore, 'get'>,
  outputs: Pick<OutputCollection, 'prefix'> & { store: Pick<ObjectStore, 'list'> },
  fingerprint: string,
): Promise<PriorPublication | undefined> {
  const found = await findPublication(objects, fingerprint);
  return found && (await outputsRemain(outputs, found)) ? found : undefined;
}

/**
 * Enters a published line's record in the ledger, unless its fingerprint is there already: a conditional
 * write, so the first publication wins and a retried call changes nothing. An entry whose outputs are
 * gone is replaced, so that the ledger heals instead of sending every later catalog to pay again.
 * Returns whether it was written.
 */
export async function enterPublication(
  objects: Pick<ObjectStore, 'put' | 'get'>,
  outputs: Pick<OutputCollection, 'prefix'> & { store: Pick<ObjectStore, 'list'> },
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
  const key = ledgerKey(record.fingerprint);
  const bytes = Buffer.from(JSON.stringify(entry));
  if (await objects.put(key, bytes, { ifAbsent: true, contentType: 'application/json' })) return true;
  const existing = await findPublication(objects, record.fingerprint);
  if (existing?.workflowId === record.workflowId) return false;
  if (existing && (await outputsRemain(outputs, existing))) return false;
  await objects.put(key, bytes, { contentType: 'application/json' });
  return true;
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
