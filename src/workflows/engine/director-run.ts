import {
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { DirectorName } from '../../shared/names';
import { directorBrandKey, directorNameKey, directorParentKey } from '../../shared/search-attributes';
import type { RunSummary } from '../../shared/stages';
import { describeFailure } from './describe-failure';
import { cancelSignal, progressQuery, summaryQuery } from '../../shared/messages';
import type { Usage } from '../../shared/usage';
import { BudgetPauser } from './budget-pause';
import { CostMeter } from './cost-meter';
import { Saga } from './saga';
import { StageTracker } from './stage-tracker';
import { createVisibilityPublisher } from './visibility';

/** How a Director declares itself: its name, the brand it works for, and its stages in order. */
export interface DirectorRunOptions {
  /** The `DirectorName` search attribute: a Director's short name, or `bench` for the benchmark's runs. */
  director: DirectorName | 'bench';
  /** The brand the run works for; absent when none was given. */
  brand: string | undefined;
  /**
   * What runs started before `truthful-search-attributes` showed as `DirectorBrand` when no brand was given
   * (the style or product type); kept so that they replay with the values they recorded.
   */
  legacyBrandLabel?: string;
  stages: readonly string[];
  /** Stop the run (and compensate) before a model call would take its cost past this many dollars. */
  costCapUsd?: number;
  /**
   * How long to wait for a `raise-budget` when the next paid call would pass the cap, e.g. `24 hours`
   * (runs since the `budget-pause` patch); without it the run fails at once with `CostCapExceeded`.
   */
  budgetTimeout?: string;
}

/** An undo for a stage, named as the inverse of its step (`publishImages` ↔ `unpublishImages`). */
export interface Undo {
  name: string;
  run: () => Promise<unknown>;
}

/** Options for one stage: its compensation, registered before the step runs. */
export interface StageOptions {
  undo?: Undo;
}

/**
 * The engine every Director runs on: stage tracking, the saga, the `cancel` signal and the `summary` /
 * `progress` queries, kept visible in search attributes and the run's current details.
 */
export class DirectorRun {
  readonly tracker: StageTracker;
  private readonly saga = new Saga();
  private readonly cost: CostMeter;
  private readonly budget: BudgetPauser;
  private readonly scope = new CancellationScope();
  private cancelReason: string | undefined;

  /** Registers the handlers and publishes the initial state; call first thing in a workflow. */
  constructor(options: DirectorRunOptions) {
    upsertSearchAttributes(initialSearchAttributes(options));
    this.tracker = new StageTracker(options.director, options.stages, createVisibilityPublisher());
    this.cost = new CostMeter(options.costCapUsd, (total) => this.tracker.setCost(total));
    this.budget = new BudgetPauser(this.cost, this.tracker, options.budgetTimeout);
    this.budget.registerHandlers();
    setHandler(summaryQuery, () => this.tracker.summary());
    setHandler(progressQuery, () => this.tracker.progress());
    setHandler(cancelSignal, ({ reason }) => {
      this.cancelReason = reason?.trim() || 'no reason given';
      this.scope.cancel();
    });
  }

  /**
   * Runs one named stage. Its undo (if any) is registered before it starts; a failure marks the stage
   * failed and is rethrown, which stops the run and unwinds the saga.
   */
  async stage<T extends object>(
    name: string,
    step: () => Promise<T>,
    options: StageOptions = {},
  ): Promise<T> {
    if (options.undo) this.saga.register(options.undo.name, options.undo.run);
    this.tracker.begin(name);
    try {
      const result = await step();
      // Activities report the attempt that succeeded; stages made of several calls count as one.
      const attempt = 'attempt' in result && typeof result.attempt === 'number' ? result.attempt : 1;
      this.tracker.complete(name, attempt);
      return result;
    } catch (error: unknown) {
      this.tracker.fail(name, describeFailure(error));
      throw error;
    }
  }

  /**
   * Registers an undo from inside a stage, e.g. one per fan-out item just before the item starts, so
   * that exactly the items that may have written something are compensated.
   */
  registerUndo(undo: Undo): void {
    this.saga.register(undo.name, undo.run);
  }

  /** Reports a fan-out stage's item progress (shown by `progress`, the CLI and the Web UI). */
  items(stage: string, settled: number, total: number, failed: number): void {
    this.tracker.setItems(stage, { settled, total, failed });
  }

  /**
   * Wraps activity proxies so each call is checked against the cost cap (pausing for budget before a call
   * that would pass it) and its usage added up.
   */
  paid<T extends object>(activities: T): T {
    return this.cost.wrap(activities, (activity) => this.budget.admit(activity));
  }

  /** Dollars the run's model calls have cost so far. */
  get spentUsd(): number {
    return this.cost.usage.costUsd;
  }

  /** Adds usage reported by other means, e.g. a child workflow's summary. */
  addUsage(source: string, usage: Usage | undefined): void {
    this.cost.record(source, usage);
  }

  /** Records a stage as skipped, with the reason, instead of running it. */
  skip(name: string, reason: string): void {
    this.tracker.skip(name, reason);
  }

  /**
   * Runs the Director's body in a cancellable scope. On failure or cancel, the compensations run in
   * reverse, then: a Temporal cancellation closes the run as Cancelled; a `cancel` signal closes it as
   * Failed with type `DirectorCancelled` (a workflow cannot close itself as Cancelled); any other failure is
   * rethrown with its original type and the failing stage in its message.
   */
  async execute<R>(body: () => Promise<R>): Promise<R> {
    try {
      const result = await this.scope.run(body);
      this.tracker.setStatus('completed');
      return result;
    } catch (error: unknown) {
      this.tracker.setStatus('compensating');
      await this.saga.compensate((outcome) => this.tracker.recordCompensation(outcome));
      throw this.closingFailure(error);
    }
  }

  private closingFailure(error: unknown): unknown {
    const summary: RunSummary = this.tracker.summary();
    if (isCancellation(error) && this.cancelReason !== undefined) {
      this.tracker.setStatus('cancelled');
      return ApplicationFailure.create({
        type: 'DirectorCancelled',
        message: `cancelled by signal: ${this.cancelReason}`,
        nonRetryable: true,
        details: [{ summary: this.tracker.summary() }],
      });
    }
    if (isCancellation(error)) {
      this.tracker.setStatus('cancelled');
      return error;
    }
    this.tracker.setStatus('failed');
    const failure = describeFailure(error);
    const stage = summary.stages.find((s) => s.status === 'failed')?.name ?? 'run';
    return ApplicationFailure.create({
      type: failure.type,
      message: `${stage}: ${failure.message}`,
      nonRetryable: true,
      cause: error instanceof Error ? error : undefined,
      details: [{ summary: this.tracker.summary() }],
    });
  }
}

/**
 * The search attributes a run starts with: its Director, its brand (only when it has one) and, for a child
 * run, its parent's workflow id. Runs started before `truthful-search-attributes` keep the values they set.
 */
function initialSearchAttributes(options: DirectorRunOptions) {
  if (!patched('truthful-search-attributes')) {
    return [
      { key: directorNameKey, value: options.director },
      { key: directorBrandKey, value: options.brand ?? options.legacyBrandLabel ?? '' },
    ];
  }
  const parent = workflowInfo().parent?.workflowId;
  return [
    { key: directorNameKey, value: options.director },
    ...(options.brand === undefined ? [] : [{ key: directorBrandKey, value: options.brand }]),
    ...(parent === undefined ? [] : [{ key: directorParentKey, value: parent }]),
  ];
}
