import { setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import { directorProgressKey, directorStageKey } from '../../shared/search-attributes';
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

/** Renders a run summary as a short markdown table. */
export function renderStageTable(summary: RunSummary): string {
  const rows = summary.stages.map((stage) => {
    const time = stage.durationMs === undefined ? '' : `${(stage.durationMs / 1000).toFixed(1)} s`;
    const note = stage.error ? `${stage.error.type}: ${stage.error.message}` : (stage.reason ?? '');
    return `| ${stage.name} | ${stage.status} | ${time} | ${stage.attempts || ''} | ${note.replace(/\|/g, '/')} |`;
  });
  const undo = summary.compensations.map((c) => `${c.name} ${c.status}`).join(', ');
  return [
    `**${summary.director}** · ${summary.status}`,
    '',
    '| stage | status | time | attempts | note |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    ...(undo ? ['', `compensations: ${undo}`] : []),
    ...(summary.cost
      ? ['', `cost: $${summary.cost.costUsd.toFixed(4)} (${summary.cost.calls} model calls)`]
      : []),
  ].join('\n');
}
