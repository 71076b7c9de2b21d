import { ApplicationFailure } from '@temporalio/common';
import type { RunSummary } from '../../shared/stages';
import type { Usage } from '../../shared/usage';

/**
 * The model usage a failure carries: an activity's paid calls (`{ usage }` in its `ApplicationFailure`'s
 * details, added by `reportAttempt`) or a child run's total (`{ summary }` in its closing failure's details).
 * Looks through the failure's causes (`ActivityFailure` → `ApplicationFailure`, `ChildWorkflowFailure` → …);
 * undefined when there is none.
 */
export function usageOfFailure(error: unknown): Usage | undefined {
  for (let failure: unknown = error; failure instanceof Error; failure = failure.cause) {
    if (failure instanceof ApplicationFailure) {
      for (const detail of failure.details ?? []) {
        if (!isRecord(detail)) continue;
        if (isUsage(detail.usage)) return detail.usage;
        const summary = detail.summary as RunSummary | undefined;
        if (isRecord(summary) && isUsage(summary.cost)) return summary.cost;
      }
    }
  }
  return undefined;
}

function isUsage(value: unknown): value is Usage {
  return isRecord(value) && typeof value.costUsd === 'number' && typeof value.calls === 'number';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
