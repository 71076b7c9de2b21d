import { CATALOG_WORKFLOW_TYPE } from '../../shared/names';
import { EXIT } from '../exit-codes';
import type { Output } from '../output';
import { gatherStatus, renderStatus } from '../run-status';
import { existingRun, withTemporal } from '../temporal-session';

/**
 * `director status <workflowId>`: the run's type, status, times, progress and stage table (a catalog's:
 * its counts, rate, ETA, cost and latest failures, or its tallies once closed). Exit 0 for any run that
 * exists (its own failure is reported, not an error), 4 for an unknown id, 3 without a server.
 */
export function statusCommand(workflowId: string, out: Output): Promise<number> {
  return withTemporal(async (session) => {
    const { handle, description } = await existingRun(session, workflowId);
    if (description.type === CATALOG_WORKFLOW_TYPE) {
      const { gatherCatalogStatus, renderCatalogStatus } = await import('../catalog/catalog-status.js');
      const { document, outcome } = await gatherCatalogStatus(session, handle, description);
      out.document(document);
      out.line(renderCatalogStatus(document, outcome));
      return EXIT.ok;
    }
    const status = await gatherStatus(session, handle, description);
    out.document(status);
    out.line(renderStatus(status));
    return EXIT.ok;
  });
}
