import type { WorkflowExecutionDescription, WorkflowHandle } from '@temporalio/client';
import { directorBrandKey, directorNameKey, directorStageKey } from '../shared/search-attributes';
import type { Progress, RunSummary } from '../shared/stages';
import { budgetPauseLines } from './budget-lines';
import { itemBar } from './item-bar';
import { formatDuration, renderSummary } from './render-summary';
import { awaitOutcome, closedStatus, outcomeSummary } from './run-outcome';
import type { TemporalSession } from './temporal-session';

/** `director status --json`: where a run stands. */
export interface RunStatusDocument {
  workflowId: string;
  runId: string;
  type: string;
  taskQueue: string;
  /** Temporal's execution status, lower-case: `running`, `completed`, `failed`, `cancelled`, … */
  status: string;
  startTime: string;
  closeTime: string | null;
  durationMs: number;
  historyLength: number;
  /** The one-line summary the run was started with (shown in the Web UI). */
  about: string | null;
  director: string | null;
  brand: string | null;
  /** The `DirectorStage` search attribute: the current stage, or the final state. */
  stage: string | null;
  progress: Progress | null;
  summary: RunSummary | null;
  /** How a closed run failed. */
  failure: { type: string; message: string } | null;
  /** Why `summary` or `progress` is missing, when they are. */
  note: string | null;
}

/**
 * Gathers a run's status: its description, and its stage table from the result (closed runs, no worker
 * needed) or from the `summary` and `progress` queries (running runs; they need a worker). Throws only
 * for server errors.
 */
export async function gatherStatus(
  session: TemporalSession,
  handle: WorkflowHandle,
  description: WorkflowExecutionDescription,
): Promise<RunStatusDocument> {
  const running = description.status.name === 'RUNNING';
  const outcome = running ? undefined : await awaitOutcome(handle);
  let summary = outcome ? outcomeSummary(outcome) : undefined;
  let progress: Progress | undefined;
  let note: string | undefined;
  if (running || !summary) {
    // Only here: the queries bring the workflow package's message definitions, which a closed run's status
    // (its summary read from the result) never needs.
    const { queryProgress, querySummary } = await import('./run-queries.js');
    const [summaryAnswer, progressAnswer] = await Promise.all([
      querySummary(session.connection, handle, description.taskQueue),
      running ? queryProgress(session.connection, handle, description.taskQueue) : undefined,
    ]);
    if (summaryAnswer.ok) summary = summaryAnswer.value;
    else note = summaryAnswer.reason;
    if (progressAnswer?.ok) progress = progressAnswer.value;
  }
  const attributes = description.typedSearchAttributes;
  const end = description.closeTime ?? new Date();
  return {
    workflowId: description.workflowId,
    runId: description.runId,
    type: description.type,
    taskQueue: description.taskQueue,
    status: outcome ? closedStatus(outcome) : description.status.name.toLowerCase(),
    startTime: description.startTime.toISOString(),
    closeTime: description.closeTime?.toISOString() ?? null,
    durationMs: end.getTime() - description.startTime.getTime(),
    historyLength: description.historyLength,
    about: (await description.staticSummary()) ?? null,
    director: attributes.get(directorNameKey) ?? null,
    brand: attributes.get(directorBrandKey) ?? null,
    stage: attributes.get(directorStageKey) ?? null,
    progress: progress ?? null,
    summary: summary ?? null,
    failure: outcome && !outcome.ok ? { type: outcome.type, message: outcome.message } : null,
    note: note ?? null,
  };
}

/** Renders a status for people: the facts, the progress, the stage table, and how it failed. */
export function renderStatus(status: RunStatusDocument): string {
  const rows: [string, string][] = [
    ['workflow', `${status.workflowId}  (run ${status.runId})`],
    ['type', `${status.type} on task queue ${status.taskQueue}`],
    ['status', status.status],
    ['started', status.startTime],
    [
      status.closeTime ? 'closed' : 'elapsed',
      status.closeTime
        ? `${status.closeTime} (${formatDuration(status.durationMs)})`
        : formatDuration(status.durationMs),
    ],
  ];
  if (status.about) rows.push(['about', status.about]);
  if (status.director) rows.push(['director', `${status.director} · brand ${status.brand ?? '—'}`]);
  const { progress } = status;
  if (progress) {
    const items = progress.items ? `  ${itemBar(progress.items)}` : '';
    rows.push([
      'progress',
      `${progress.stage} ${progress.completed}/${progress.total} (${progress.percent}%)${items}`,
    ]);
  }
  const lines = rows.map(([label, value]) => `${label.padEnd(9)} ${value}`);
  if (status.summary) lines.push('', renderSummary(status.summary));
  if (status.summary?.pause) lines.push('', ...budgetPauseLines(status.workflowId, status.summary.pause));
  if (status.note) lines.push('', `stage table unavailable: ${status.note}`);
  if (status.failure) lines.push('', `Failed: ${status.failure.type}: ${status.failure.message}`);
  return lines.join('\n');
}
