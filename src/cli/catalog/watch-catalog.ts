import type { WorkflowExecutionDescription, WorkflowHandle } from '@temporalio/client';
import { EXIT } from '../exit-codes';
import type { Output } from '../output';
import type { TemporalSession } from '../temporal-session';
import { catalogExitCode, catalogOutcomeDocument, renderCatalogOutcome } from './catalog-outcome';
import { followCatalog, reattachHelp } from './follow-catalog';

/**
 * `director watch` on a catalog: its bar and latest failures until it closes (across continue-as-new),
 * then its tallies and files, or its failure and what a cancel undid. Ctrl-C stops watching only.
 * Exit 0 completed (or detached), 1 failed or cancelled, 2 refused for its input.
 */
export async function watchCatalog(
  session: TemporalSession,
  handle: WorkflowHandle,
  description: WorkflowExecutionDescription,
  out: Output,
): Promise<number> {
  const run = { workflowId: description.workflowId, runId: description.runId };
  if (description.status.name === 'RUNNING')
    out.line(`watching catalog ${description.workflowId} (Ctrl-C stops watching, not the catalog)`);
  const followed = await followCatalog(session.connection, handle, description.taskQueue, out);
  if (followed.detached) {
    out.document({ ...run, status: 'running', detached: true });
    for (const line of reattachHelp(description.workflowId)) out.line(line);
    return EXIT.ok;
  }
  out.document(catalogOutcomeDocument(run, followed.outcome));
  for (const line of renderCatalogOutcome(followed.outcome)) out.line(line);
  return catalogExitCode(followed.outcome);
}
