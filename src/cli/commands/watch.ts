import { CATALOG_WORKFLOW_TYPE } from '../../shared/names';
import type { Output } from '../output';
import { existingRun, withTemporal } from '../temporal-session';
import { reportOutcome, watchRun } from '../watch-run';

/**
 * `director watch <workflowId>`: the live view until the run closes, then its stage table and outcome;
 * for a catalog, its bar and latest failures (see catalog/watch-catalog.ts). Exit 0 when it completed,
 * 1 when it failed or was cancelled, 4 for an unknown id.
 */
export function watchCommand(workflowId: string, out: Output): Promise<number> {
  return withTemporal(async (session) => {
    const { handle, description } = await existingRun(session, workflowId);
    if (description.type === CATALOG_WORKFLOW_TYPE) {
      const { watchCatalog } = await import('../catalog/watch-catalog.js');
      return watchCatalog(session, handle, description, out);
    }
    const run = { taskQueue: description.taskQueue, startTime: description.startTime };
    if (description.status.name === 'RUNNING')
      out.line(`watching ${workflowId} (Ctrl-C stops watching, not the run)`);
    const outcome = await watchRun(session, handle, run, out);
    return reportOutcome(session, handle, { ...run, runId: description.runId }, outcome, out);
  });
}
