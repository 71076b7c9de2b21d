import type { WorkflowExecutionDescription, WorkflowHandle } from '@temporalio/client';
import type { CatalogProgress } from '../../shared/catalog';
import { formatDuration } from '../render-summary';
import type { TemporalSession } from '../temporal-session';
import {
  awaitCatalog,
  catalogOutcomeDocument,
  renderCatalogOutcome,
  type CatalogOutcome,
} from './catalog-outcome';
import { queryCatalogProgress } from './follow-catalog';
import { renderCatalogFrame } from './render-catalog';

/** `director status --json` for a catalog. */
export interface CatalogStatusDocument {
  workflowId: string;
  /** The latest run (a catalog continues as new: one run per segment). */
  runId: string;
  type: string;
  taskQueue: string;
  status: string;
  startTime: string;
  closeTime: string | null;
  durationMs: number;
  historyLength: number;
  about: string | null;
  /** The `progress` query's answer (running catalogs; needs a worker). */
  progress: CatalogProgress | null;
  /** How a closed catalog ended. */
  outcome: Record<string, unknown> | null;
  note: string | null;
}

/**
 * Where a catalog stands: its latest run's description, then its counts from the `progress` query while
 * it runs, or its result (tallies, files) or failure once closed. Throws only for server errors.
 */
export async function gatherCatalogStatus(
  session: TemporalSession,
  handle: WorkflowHandle,
  description: WorkflowExecutionDescription,
): Promise<{ document: CatalogStatusDocument; outcome?: CatalogOutcome }> {
  const running = description.status.name === 'RUNNING';
  const outcome = running ? undefined : await awaitCatalog(handle);
  const answer = running
    ? await queryCatalogProgress(session.connection, handle, description.taskQueue)
    : undefined;
  const end = description.closeTime ?? new Date();
  const document: CatalogStatusDocument = {
    workflowId: description.workflowId,
    runId: description.runId,
    type: description.type,
    taskQueue: description.taskQueue,
    status: description.status.name.toLowerCase(),
    startTime: description.startTime.toISOString(),
    closeTime: description.closeTime?.toISOString() ?? null,
    durationMs: end.getTime() - description.startTime.getTime(),
    historyLength: description.historyLength,
    about: (await description.staticSummary()) ?? null,
    progress: answer?.ok ? answer.value : null,
    outcome: outcome ? catalogOutcomeDocument({ workflowId: description.workflowId }, outcome) : null,
    note: answer && !answer.ok ? answer.reason : null,
  };
  return { document, ...(outcome ? { outcome } : {}) };
}

/** A catalog's status for people: the facts, its bar and latest failures, or how it ended. */
export function renderCatalogStatus(status: CatalogStatusDocument, outcome?: CatalogOutcome): string {
  const rows: [string, string][] = [
    ['catalog', `${status.workflowId}  (latest run ${status.runId})`],
    ['type', `${status.type} on task queue ${status.taskQueue}`],
    ['status', status.status],
    ['started', status.startTime],
    [
      status.closeTime ? 'closed' : 'elapsed',
      status.closeTime
        ? `${status.closeTime} (${formatDuration(status.durationMs)})`
        : formatDuration(status.durationMs),
    ],
    ['history', `${status.historyLength} events in this segment`],
  ];
  if (status.about) rows.push(['about', status.about]);
  const lines = rows.map(([label, value]) => `${label.padEnd(9)} ${value}`);
  if (status.progress) lines.push('', ...renderCatalogFrame(status.progress));
  if (status.note) lines.push('', `progress unavailable: ${status.note}`);
  if (outcome) lines.push('', ...renderCatalogOutcome(outcome));
  return lines.join('\n');
}
