import type { BudgetPause } from './budget';
import type { ReviewSummary } from './review';
import type { Usage } from './usage';

/** Stage tracking shapes: what the `summary` and `progress` queries return. Plain JSON, no Dates. */

/** Where a stage stands. */
export type StageStatus = 'pending' | 'running' | 'completed' | 'failed' | 'skipped';

/** One stage of a Director run, as the tracker records it. */
export interface StageRecord {
  /** Stable kebab-case id, e.g. `product-analysis`. */
  name: string;
  status: StageStatus;
  /** ISO time the stage started, when it has. */
  startedAt?: string;
  durationMs?: number;
  /** Activity attempts the stage used (1 when it succeeded first time). */
  attempts: number;
  error?: { type: string; message: string };
  /** Why a stage was skipped. */
  reason?: string;
  /** For a fan-out stage: items settled so far, of how many, and how many failed. */
  items?: ItemProgress;
  /**
   * What the stage took from the stage cache instead of paying again: `items` of `of` (a single-call stage
   * is 1 of 1). Absent when nothing was reused.
   */
  reused?: { items: number; of: number };
}

/** Progress of a fan-out stage's items. */
export interface ItemProgress {
  settled: number;
  total: number;
  failed: number;
}

/** A compensation that ran (or failed) while rolling a run back. */
export interface CompensationRecord {
  name: string;
  status: 'completed' | 'failed';
  error?: string;
}

/** Overall run status as the Director itself sees it. */
export type RunStatus = 'running' | 'paused' | 'completed' | 'failed' | 'cancelled' | 'compensating';

/** The `progress` query: a plain snapshot the CLI and the Web UI details are drawn from. */
export interface Progress {
  stage: string;
  completed: number;
  total: number;
  status: RunStatus;
  /** 0..100, as kept in the `DirectorProgress` search attribute. */
  percent: number;
  /** Item progress of the current stage, when it fans out. */
  items?: ItemProgress;
}

/** The `summary` query and the `summary` field of every result. */
export interface RunSummary {
  director: string;
  status: RunStatus;
  stages: StageRecord[];
  compensations: CompensationRecord[];
  /** Total wall time of the stages that ran. */
  durationMs: number;
  /** What the run's model calls used and cost, when any were paid for. */
  cost?: Usage;
  /** Present while the run waits for a `raise-budget` update (its status is then `paused`). */
  pause?: BudgetPause;
  /** The Creative Director's review at its gate, once it has published the candidates. */
  review?: ReviewSummary;
}
