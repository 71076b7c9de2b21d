import { TerminalFrame } from './terminal-frame';
import { reuseNote } from '../shared/stage-cache';
import type { RunSummary, StageRecord } from '../shared/stages';
import { describeReview } from '../shared/review-summary';
import { budgetPauseLines } from './budget-lines';
import { itemBar } from './item-bar';
import { formatDuration } from './render-summary';

/** What one frame of the live view shows. */
export interface LiveSnapshot {
  workflowId: string;
  /** Time since the run started. */
  elapsedMs: number;
  /** The run's `summary` query, when a worker answered it. */
  summary?: RunSummary;
  /** Why the stage list is missing or stale (e.g. no worker answered). */
  note?: string;
}

const MARKERS: Record<StageRecord['status'], string> = {
  pending: '·',
  running: '▸',
  completed: '✓',
  failed: '✗',
  skipped: '–',
};

/** The run's estimated model cost so far, when it has paid for model calls (`summary.cost.costUsd`). */
export function costSoFar(summary: RunSummary | undefined): number | undefined {
  return summary?.cost?.costUsd;
}

function stageDetail(stage: StageRecord): string {
  // The creative Director's gate waits for a person: say what they can do about it.
  if (stage.status === 'running' && stage.name === 'approval')
    return 'waiting for `director approve <id>`, `director reject <id>` or `director review <id>`';
  if (stage.status === 'running') return stage.items ? itemBar(stage.items) : '';
  if (stage.status === 'failed' && stage.error) return `${stage.error.type}: ${stage.error.message}`;
  if (stage.status === 'skipped') return stage.reason ?? '';
  const items = stage.items
    ? `  ${stage.items.settled - stage.items.failed}/${stage.items.total} items ok`
    : '';
  const reuse = reuseNote(stage.reused);
  return `${formatDuration(stage.durationMs)}${items}${reuse ? `  ${reuse}` : ''}`;
}

/** Renders one frame of the live view: a header line, one line per stage, and a note. Pure. */
export function renderLiveFrame(snapshot: LiveSnapshot): string[] {
  const { summary } = snapshot;
  const cost = costSoFar(summary);
  const header = [
    snapshot.workflowId,
    summary?.status ?? 'starting',
    formatDuration(snapshot.elapsedMs),
    ...(cost !== undefined ? [`$${cost.toFixed(4)} so far`] : []),
  ].join('  ');
  const width = Math.max(0, ...(summary?.stages ?? []).map((s) => s.name.length));
  const stages = (summary?.stages ?? []).map((stage) =>
    `  ${MARKERS[stage.status]} ${stage.name.padEnd(width)}  ${stage.status.padEnd(9)}  ${stageDetail(stage)}`.trimEnd(),
  );
  // The Creative Director's review at its gate: where the page is and how its candidates stand.
  const review = summary?.review ? [`  ${describeReview(summary.review)}`] : [];
  const pause = summary?.pause
    ? budgetPauseLines(snapshot.workflowId, summary.pause).map((l) => `  ${l}`)
    : [];
  return [header, ...stages, ...review, ...pause, ...(snapshot.note ? [`  (${snapshot.note})`] : [])];
}

/** The line the plain (non-terminal) view prints when a stage changes. */
function transitionLine(stage: StageRecord, elapsedMs: number): string {
  return `  [${formatDuration(elapsedMs).padStart(7)}] ${stage.name} ${stage.status} ${stageDetail(stage)}`.trimEnd();
}

/**
 * Draws the live view. On a terminal it redraws one frame in place; elsewhere (a pipe, a log file) it
 * prints one line per stage change, so a log reads as the run's story rather than a stream of frames.
 */
export class LiveView {
  private readonly frame: TerminalFrame;
  private readonly seen = new Map<string, string>();
  private lastNote: string | undefined;
  private lastReview: string | undefined;
  private lastPause: string | undefined;

  constructor(private readonly stream: NodeJS.WriteStream) {
    this.frame = new TerminalFrame(stream);
  }

  /** Shows a new snapshot. */
  update(snapshot: LiveSnapshot): void {
    if (this.stream.isTTY) this.frame.draw(renderLiveFrame(snapshot));
    else this.printChanges(snapshot);
  }

  /**
   * Ends the view when the run has closed: a terminal's frame is erased so the final stage table stands
   * alone; a plain log gets the changes it has not printed yet, so it tells the whole run.
   */
  finish(snapshot: LiveSnapshot): void {
    if (this.stream.isTTY) this.clear();
    else this.printChanges(snapshot);
  }

  /** Erases the frame on a terminal. */
  clear(): void {
    this.frame.clear();
  }

  private printChanges(snapshot: LiveSnapshot): void {
    if (snapshot.note !== this.lastNote) {
      this.lastNote = snapshot.note;
      if (snapshot.note) this.stream.write(`  (${snapshot.note})\n`);
    }
    const review = snapshot.summary?.review ? describeReview(snapshot.summary.review) : undefined;
    if (review !== undefined && review !== this.lastReview) {
      this.lastReview = review;
      this.stream.write(`  ${review}\n`);
    }
    const pause = snapshot.summary?.pause;
    if (pause?.since !== this.lastPause) {
      this.lastPause = pause?.since;
      for (const line of pause ? budgetPauseLines(snapshot.workflowId, pause) : [])
        this.stream.write(`  ${line}\n`);
    }
    for (const stage of snapshot.summary?.stages ?? []) {
      const key = `${stage.status}|${stage.items?.settled ?? ''}|${stage.items?.failed ?? ''}`;
      if (stage.status === 'pending' || this.seen.get(stage.name) === key) continue;
      this.seen.set(stage.name, key);
      this.stream.write(`${transitionLine(stage, snapshot.elapsedMs)}\n`);
    }
  }
}
