import type { Duration } from '@temporalio/common';
import { condition, patched, setHandler } from '@temporalio/workflow';
import type { BudgetPause, BudgetState, RaiseBudgetRequest } from '../../shared/budget';
import { nonRetryable } from '../../shared/failures';
import { budgetQuery, raiseBudgetUpdate } from '../../shared/messages';
import { MODEL_QUEUE_OF } from './activity-proxies';
import type { CostMeter } from './cost-meter';
import type { StageTracker } from './stage-tracker';

/** The patch that turns "fail before passing the cap" into "pause before passing the cap". */
export const BUDGET_PAUSE_PATCH = 'budget-pause';

/**
 * The model an activity calls (`images` or `text`): since the patch, the first call of a kind is priced like
 * the dearest call to the same model so far, so a run with one call of each kind (E-commerce, a Product
 * branch) is stopped before its second image too, not only before a repeated one.
 */
const modelFamily = (activity: string): string | undefined =>
  MODEL_QUEUE_OF[activity as keyof typeof MODEL_QUEUE_OF];

/** Most dollars one `raise-budget` adds (the cost cap's own upper bound): more is a typo, not a budget. */
export const MAX_RAISE_USD = 10_000;

/**
 * A run's budget pause. When the next paid call would pass the cost cap, the call waits instead of failing:
 * the run shows `paused` (with the pause in its summary) until a `raise-budget` update lifts the cap far
 * enough, or the timeout passes (then the call fails with a non-retryable `CostCapExceeded` and the run
 * compensates), or the run is cancelled (the wait is inside the run's cancellation scope). Calls that hit
 * the cap at the same time, in sibling fan-out branches, share one pause. Runs without `budgetTimeout`, and
 * runs recorded before the `budget-pause` patch, fail at once as they did.
 */
export class BudgetPauser {
  private pausing: Promise<void> | undefined;
  private pause: BudgetPause | undefined;

  constructor(
    private readonly meter: CostMeter,
    private readonly tracker: StageTracker,
    private readonly timeout: string | undefined,
  ) {}

  /** Registers the `budget` query and the `raise-budget` update (validated: see `validateRaise`). */
  registerHandlers(): void {
    setHandler(budgetQuery, () => this.state());
    setHandler(
      raiseBudgetUpdate,
      ({ usd }) => {
        this.meter.raise(usd);
        const state = this.state();
        // The pause ends as soon as the run next runs its code: answer with the budget it goes on with.
        if (state.pause && !this.meter.wouldPass(state.pause.activity, modelFamily)) delete state.pause;
        return state;
      },
      { validator: (request: RaiseBudgetRequest) => this.validateRaise(request) },
    );
  }

  /** The cap, the spend and the pause, if the run is paused. */
  state(): BudgetState {
    return {
      capUsd: this.meter.capUsd ?? Infinity,
      spentUsd: this.meter.usage.costUsd,
      ...(this.pause ? { pause: { ...this.pause } } : {}),
    };
  }

  /**
   * Lets a call of `activity` go at once (undefined) when it fits the cap; otherwise throws `CostCapExceeded`
   * (old runs, no timeout) or returns the pause to wait on. For `CostMeter.wrap`.
   */
  admit(activity: string): Promise<void> | undefined {
    if (!this.meter.wouldPass(activity) && !this.meter.wouldPass(activity, modelFamily)) return undefined;
    // Only here, where the answer matters, so that runs that never reach their cap carry no marker.
    if (this.timeout === undefined || !patched(BUDGET_PAUSE_PATCH)) {
      this.meter.check(activity);
      return undefined;
    }
    return this.waitUntilAffordable(activity);
  }

  private async waitUntilAffordable(activity: string): Promise<void> {
    // A raise too small to cover the next call pauses the run again.
    while (this.meter.wouldPass(activity, modelFamily)) {
      this.pausing ??= this.pauseOnce(activity).finally(() => {
        this.pausing = undefined;
      });
      await this.pausing;
    }
  }

  private async pauseOnce(activity: string): Promise<void> {
    const capUsd = this.meter.capUsd ?? Infinity;
    this.pause = {
      reason: 'budget',
      stage: this.tracker.currentStage() ?? 'run',
      activity,
      since: new Date().toISOString(),
      spentUsd: this.meter.usage.costUsd,
      capUsd,
      nextCallUsd: this.meter.nextCallUsd(activity, modelFamily),
      timeout: this.timeout ?? '',
    };
    this.tracker.pauseForBudget(this.pause);
    try {
      const raised = await condition(() => this.meter.capUsd !== capUsd, this.timeout as Duration);
      if (!raised) this.meter.check(activity, `; no raise-budget within ${this.timeout}`, modelFamily);
    } finally {
      this.pause = undefined;
      this.tracker.resumeFromPause();
    }
  }

  /** Refuses an amount that is not a positive, finite number of dollars up to `MAX_RAISE_USD`, or a run that is not going on. */
  private validateRaise(request: RaiseBudgetRequest): void {
    const usd: unknown = request?.usd;
    if (typeof usd !== 'number' || !Number.isFinite(usd) || usd <= 0 || usd > MAX_RAISE_USD) {
      throw nonRetryable(
        'InvalidInput',
        `usd must be a positive number of dollars up to ${MAX_RAISE_USD}, got ${JSON.stringify(usd) ?? String(usd)}`,
        { field: 'usd', value: String(usd) },
      );
    }
    const status = this.tracker.summary().status;
    if (status !== 'running' && status !== 'paused') {
      throw nonRetryable('InvalidInput', `the run is ${status}: its budget can no longer be raised`, {
        field: 'status',
        value: status,
      });
    }
    if (this.meter.capUsd === undefined)
      throw nonRetryable('InvalidInput', 'the run has no cost cap to raise', { field: 'costCapUsd' });
  }
}
