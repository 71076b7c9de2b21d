/**
 * A run's budget pause: when the next paid model call would pass the run's cost cap, the run waits at that
 * stage for a `raise-budget` update or a cancel instead of failing, and fails with `CostCapExceeded` (and
 * compensates) when the pause times out. Plain data shared by the workflow, the CLI and tests.
 */

/** Why and where a run is paused (present in its summary only while it is paused). */
export interface BudgetPause {
  reason: 'budget';
  /** The stage the run paused in. */
  stage: string;
  /** The activity whose next call would pass the cap. */
  activity: string;
  /** ISO time the pause began (workflow clock). */
  since: string;
  spentUsd: number;
  capUsd: number;
  /** What the next call is expected to cost. */
  nextCallUsd: number;
  /** How long the run waits before failing with `CostCapExceeded`, e.g. `24 hours`. */
  timeout: string;
}

/** The `raise-budget` update's argument: dollars to add to the cap. */
export interface RaiseBudgetRequest {
  usd: number;
  by?: string;
}

/** A run's budget as it stands: the `raise-budget` update's answer and the `budget` query. */
export interface BudgetState {
  capUsd: number;
  spentUsd: number;
  /** Present while the run is paused for budget. */
  pause?: BudgetPause;
}
