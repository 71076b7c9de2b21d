import Table from 'cli-table3';
import { describeReview } from '../shared/review-summary';
import { reuseNote } from '../shared/stage-cache';
import type { RunSummary } from '../shared/stages';

/** Formats milliseconds for people: `850 ms`, `2.4 s`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Renders a run's stage table (and its compensations) for the terminal. */
export function renderSummary(summary: RunSummary): string {
  const table = new Table({
    head: ['stage', 'status', 'duration', 'attempts', 'note'],
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' }, // one line per stage
  });
  for (const stage of summary.stages) {
    const note = stage.error ? `${stage.error.type}: ${stage.error.message}` : (stage.reason ?? '');
    // A stage taken from the stage cache says so beside its status: `completed · 3/4 reused`.
    const reuse = reuseNote(stage.reused);
    table.push([
      stage.name,
      reuse ? `${stage.status} · ${reuse}` : stage.status,
      formatDuration(stage.durationMs),
      stage.attempts || '',
      note.slice(0, 80),
    ]);
  }
  const lines = [
    `${summary.director} director: ${summary.status} in ${formatDuration(summary.durationMs)}`,
    table.toString(),
  ];
  if (summary.compensations.length > 0) {
    const undone = summary.compensations.map(
      (c) => `${c.name} (${c.status}${c.error ? `: ${c.error}` : ''})`,
    );
    lines.push(`compensations, newest first: ${undone.join(', ')}`);
  }
  // The Creative Director's review at its gate: where the page is and how its candidates stand.
  if (summary.review) lines.push(describeReview(summary.review));
  return lines.join('\n');
}
