import type { WorkflowExecutionDescription, WorkflowHandle } from '@temporalio/client';
import { WORKFLOW_TYPES } from '../shared/names';
import { PRODUCT_TYPES } from '../shared/product-types';
import type { TemporalSession } from './temporal-session';

/** The run whose budget a `director budget <id>` is about, and why it is not the one named, if it is not. */
export interface BudgetTarget {
  handle: WorkflowHandle;
  description: WorkflowExecutionDescription;
  /** Set when the run named is a Product Director whose running branch holds the budget now. */
  branchOf?: string;
}

/**
 * The run that holds a run's budget now: the run itself, or, for a Product Director while its branch runs,
 * the branch child (`<id>/<type>`), which makes the paid image calls against what is left of the cap and is
 * the one that pauses. Branch ids are looked up directly (strongly consistent), not through visibility.
 */
export async function budgetTarget(
  session: TemporalSession,
  handle: WorkflowHandle,
  description: WorkflowExecutionDescription,
): Promise<BudgetTarget> {
  if (description.type !== WORKFLOW_TYPES.product || description.status.name !== 'RUNNING')
    return { handle, description };
  for (const type of PRODUCT_TYPES) {
    const branch = session.client.workflow.getHandle(`${handle.workflowId}/${type}`);
    const found = await branch.describe().catch(() => undefined);
    if (found?.status.name === 'RUNNING')
      return { handle: branch, description: found, branchOf: handle.workflowId };
  }
  return { handle, description };
}
