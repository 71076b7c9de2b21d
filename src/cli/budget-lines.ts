import type { BudgetPause } from '../shared/budget';

/**
 * What the CLI says about a run paused for budget: where it waits, spent against cap, the next call's price,
 * and the command that lets it go on. Pure.
 */
export function budgetPauseLines(workflowId: string, pause: BudgetPause): string[] {
  return [
    `paused: budget at ${pause.stage} since ${pause.since}: spent $${pause.spentUsd.toFixed(4)} of $${pause.capUsd.toFixed(2)}, ` +
      `the next ${pause.activity} call costs ~$${pause.nextCallUsd.toFixed(4)}`,
    `  raise it: director budget ${workflowId} --raise <dollars>  (within ${pause.timeout}; else it fails with CostCapExceeded and rolls back)`,
  ];
}
