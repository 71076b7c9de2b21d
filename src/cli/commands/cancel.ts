import { cancelSignal } from '../../shared/messages';
import { CATALOG_WORKFLOW_TYPE } from '../../shared/names';
import { EXIT, usageError } from '../exit-codes';
import type { Output } from '../output';
import { existingRun, withTemporal } from '../temporal-session';
import { whoAmI } from '../who-am-i';

/** Options of `director cancel`. */
export interface CancelFlags {
  reason?: string;
}

/**
 * `director cancel <workflowId> [--reason text]`: sends the `cancel` signal. The run compensates its
 * finished stages and closes as Failed with type `DirectorCancelled`; a catalog cancels its lines in
 * flight, undoes every line's outputs and closes as Failed with type `CatalogCancelled` and the list of
 * what was undone. Exit 2 when the run has already closed, 4 for an unknown id.
 */
export function cancelCommand(workflowId: string, flags: CancelFlags, out: Output): Promise<number> {
  return withTemporal(async (session) => {
    const { handle, description } = await existingRun(session, workflowId);
    const status = description.status.name.toLowerCase();
    if (status !== 'running')
      throw usageError(`${workflowId} has already closed (${status}): nothing to cancel`);
    const reason = flags.reason?.trim() || `cancelled from the command line by ${whoAmI()}`;
    await handle.signal(cancelSignal, { reason });
    out.document({ workflowId, runId: description.runId, cancelRequested: true, reason });
    out.line(`cancel sent to ${workflowId} (reason: ${reason}).`);
    out.line(
      description.type === CATALOG_WORKFLOW_TYPE
        ? 'No new line starts; lines in flight are cancelled and every line it published is undone, then it ' +
            'closes as Failed (CatalogCancelled) with the list of what was undone.'
        : 'Its finished stages are rolled back, then it closes as Failed (DirectorCancelled).',
    );
    out.line(`Follow it with: director watch ${workflowId}`);
    return EXIT.ok;
  });
}
