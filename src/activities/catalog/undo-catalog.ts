import { catalogFolder } from '../../catalog/catalog-keys';
import { removePublicationOf } from '../../catalog/ledger';
import { readRecords } from '../../catalog/line-records';
import type { CatalogUndo, UndoneLine } from '../../shared/catalog';
import { runFolderPrefix } from '../../shared/blob-keys';
import { runKeyOf } from '../../shared/run-key';
import type { ActivityDeps } from '../deps';
import { catalogStores, mapBounded } from './catalog-stores';

/** Lines named in the answer; the rest are counted. */
export const MAX_UNDONE_LISTED = 100;

/** Lines undone at once. */
const UNDO_CONCURRENCY = 4;

/**
 * Undoes a cancelled catalog. For each line it published: the child run's whole output folder
 * (`<runKeyOf(workflowId)>/` in the output collection), any blobs of the run left in `runs/<runKey>/`, and
 * its ledger entry — only when the entry names this catalog, so what another catalog published stays
 * known. Then the catalog's records and its own outputs. Lines it skipped (published earlier by another
 * catalog) are left alone. Idempotent, and records go last: a retried undo finds less to remove, never
 * loses track of what remains.
 */
export async function undoCatalog(
  deps: Pick<ActivityDeps, 'objects' | 'outputs'>,
  request: { catalogId: string },
): Promise<CatalogUndo> {
  const { objects, outputs } = catalogStores(deps);
  const { catalogId } = request;
  const records = await readRecords(objects, catalogId);
  const published = records.filter(
    (record) => record.status === 'published' && record.workflowId !== undefined,
  );
  const undone = await mapBounded(published, UNDO_CONCURRENCY, async (record): Promise<UndoneLine> => {
    const runKey = runKeyOf(record.workflowId as string);
    let removed = await outputs.store.deletePrefix(`${outputs.prefix}${runKey}/`);
    removed += await objects.deletePrefix(runFolderPrefix(runKey));
    if (record.fingerprint !== undefined) {
      removed += await removePublicationOf(objects, catalogId, record.fingerprint);
    }
    return { sku: record.sku, line: record.line, objects: removed };
  });
  const own =
    (await outputs.store.deletePrefix(`${outputs.prefix}${runKeyOf(catalogId)}/`)) +
    (await objects.deletePrefix(catalogFolder(catalogId)));
  return {
    undone: undone.slice(0, MAX_UNDONE_LISTED),
    lines: undone.length,
    objects: undone.reduce((sum, line) => sum + line.objects, own),
  };
}
