import { setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import { directorProgressKey, directorStageKey } from '../../shared/search-attributes';
import { describeReview } from '../../shared/review-summary';
import { reuseNote } from '../../shared/stage-cache';
import type { RunSummary } from '../../shared/stages';
import type { StageTracker } from './stage-tracker';

/**
 * Mirrors a run's state where people look: the `DirectorStage` / `DirectorProgress` search attributes
 * (filterable lists in the Web UI) and the run's current details (a markdown stage table on its page).
 * Upserts only when the values change, so history grows by one event per stage transition at most.
 */
export function createVisibilityPublisher(): (tracker: StageTracker) => void {
  let last = '';
  return (tracker) => {
    const progress = tracker.progress();
    const key = `${progress.stage}|${progress.percent}`;
    if (key !== last) {
      last = key;
      upsertSearchAttributes([
        { key: directorStageKey, value: progress.stage },
        { key: directorProgressKey, value: progress.percent },
      ]);
    }
    setCurrentDetails(renderStageTable(tracker.summary()));
  };
}

/**
 * Renders a run summary as short markdown for the Web UI: one line per stage. (A markdown table would be
 * the obvious shape, but the Web UI does not lay tables out, so its columns run together.)
 */
export function renderStageTable(summary: RunSummary): string {
  const rows = summary.stages.map((stage) => {
    const facts: string[] = [stage.status];
    if (stage.durationMs !== undefined) facts.push(`${(stage.durationMs / 1000).toFixed(1)} s`);
    if (stage.attempts > 1) facts.push(`${stage.attempts} attempts`);
    if (stage.items)
      facts.push(`${stage.items.settled}/${stage.items.total} items, ${stage.items.failed} failed`);
    const reuse = reuseNote(stage.reused);
    if (reuse) facts.push(reuse);
    const note = stage.error
      ? ` — ${stage.error.type}: ${stage.error.message}`
      : stage.reason
        ? ` — ${stage.reason}`
        : '';
    return `- **${stage.name}**: ${facts.join(' · ')}${note}`;
  });
  const undo = summary.compensations.map((c) => `${c.name} ${c.status}`).join(', ');
  return [
    `**${summary.director}** · ${summary.status}`,
    '',
    ...rows,
    ...(undo ? ['', `compensations: ${undo}`] : []),
    ...(summary.cost
      ? ['', `cost: $${summary.cost.costUsd.toFixed(4)} (${summary.cost.calls} model calls)`]
      : []),
    ...(summary.review ? ['', describeReview(summary.review)] : []),
    ...budgetPauseLines(summary),
  ].join('\n');
}

/** While a run is paused for budget: where, what it has spent, what the next call costs, how to go on. */
function budgetPauseLines({ pause }: RunSummary): string[] {
  if (!pause) return [];
  return [
    '',
    `**paused: budget** at ${pause.stage} since ${pause.since}: spent $${pause.spentUsd.toFixed(4)} of $${pause.capUsd.toFixed(2)}; ` +
      `the next ${pause.activity} call costs ~$${pause.nextCallUsd.toFixed(4)}.`,
    `Raise it with \`director budget <workflow id> --raise <dollars>\` within ${pause.timeout}, or the run fails (CostCapExceeded) and rolls back.`,
  ];
}
