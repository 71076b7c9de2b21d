import type { BudgetPause } from '../../shared/budget';
import type {
  CompensationRecord,
  ItemProgress,
  Progress,
  RunStatus,
  RunSummary,
  StageRecord,
} from '../../shared/stages';
import type { ReviewSummary } from '../../shared/review';
import type { Usage } from '../../shared/usage';
import type { FailureDescription } from './describe-failure';

/**
 * Records each stage of a run (pending → running → completed / failed / skipped), its timing and attempts,
 * and the compensations that ran. Deterministic: time comes from the workflow clock.
 */
export class StageTracker {
  private readonly stages: StageRecord[];
  private readonly compensations: CompensationRecord[] = [];
  private status: RunStatus = 'running';
  private cost: Usage | undefined;
  private review: ReviewSummary | undefined;
  private pause: BudgetPause | undefined;

  /** Starts with every named stage pending, in order. Throws on a duplicate stage name. */
  constructor(
    private readonly director: string,
    stageNames: readonly string[],
    private readonly onChange: (tracker: StageTracker) => void,
  ) {
    if (new Set(stageNames).size !== stageNames.length)
      throw new Error(`duplicate stage names: ${stageNames.join(', ')}`);
    this.stages = stageNames.map((name) => ({ name, status: 'pending', attempts: 0 }));
  }

  /** Marks a stage running. Throws for a stage the Director did not declare. */
  begin(name: string): void {
    this.update(name, { status: 'running', startedAt: new Date().toISOString() });
  }

  /** Marks a running stage completed after `attempts` activity attempts. */
  complete(name: string, attempts: number): void {
    this.update(name, { status: 'completed', durationMs: this.elapsed(name), attempts });
  }

  /** Marks a stage failed with the failure's type and message. */
  fail(name: string, failure: FailureDescription): void {
    const { type, message } = failure;
    this.update(name, {
      status: 'failed',
      durationMs: this.elapsed(name),
      attempts: failure.attempt ?? 1,
      error: { type, message },
    });
  }

  /** Marks a stage skipped, with the reason (a stage is never silently dropped). */
  skip(name: string, reason: string): void {
    this.update(name, { status: 'skipped', reason });
  }

  /** Records how far a fan-out stage's items have got. */
  setItems(name: string, items: ItemProgress): void {
    this.update(name, { items });
  }

  /** Marks what a stage took from the stage cache instead of paying again (`items` of `of`). */
  setReused(name: string, reused: { items: number; of: number }): void {
    this.update(name, { reused: { ...reused } });
  }

  /** Sets what the run's model calls have cost so far. */
  setCost(cost: Usage): void {
    this.cost = cost;
    this.onChange(this);
  }

  /** Sets the review at the run's approval gate: where it is published and how its candidates stand. */
  setReview(review: ReviewSummary): void {
    this.review = { ...review };
    this.onChange(this);
  }

  /** Sets the run's overall status. */
  setStatus(status: RunStatus): void {
    this.status = status;
    this.onChange(this);
  }

  /** Marks the run paused for budget (status `paused`, the pause in its summary) while it waits for a raise. */
  pauseForBudget(pause: BudgetPause): void {
    this.pause = pause;
    this.setStatus('paused');
  }

  /** Ends a budget pause: the run is running again (unless something else has changed its status since). */
  resumeFromPause(): void {
    this.pause = undefined;
    this.setStatus(this.status === 'paused' ? 'running' : this.status);
  }

  /** Records one compensation's outcome. */
  recordCompensation(record: CompensationRecord): void {
    this.compensations.push(record);
    this.onChange(this);
  }

  /** The stage currently running, if any. */
  currentStage(): string | undefined {
    return this.stages.find((stage) => stage.status === 'running')?.name;
  }

  /** A copy of the run summary (the `summary` query). */
  summary(): RunSummary {
    const stages = this.stages.map((stage) => ({
      ...stage,
      ...(stage.items ? { items: { ...stage.items } } : {}),
      ...(stage.reused ? { reused: { ...stage.reused } } : {}),
    }));
    const durationMs = stages.reduce((sum, stage) => sum + (stage.durationMs ?? 0), 0);
    const cost = this.cost ? { cost: { ...this.cost, models: [...this.cost.models] } } : {};
    const compensations = [...this.compensations];
    const review = this.review ? { review: { ...this.review } } : {};
    const pause = this.pause ? { pause: { ...this.pause } } : {};
    return {
      director: this.director,
      status: this.status,
      stages,
      compensations,
      durationMs,
      ...cost,
      ...review,
      ...pause,
    };
  }

  /** A progress snapshot (the `progress` query). */
  progress(): Progress {
    const completed = this.stages.filter(
      (stage) => stage.status === 'completed' || stage.status === 'skipped',
    ).length;
    const total = this.stages.length;
    const running = this.stages.find((s) => s.status === 'running');
    const stage =
      this.status === 'running'
        ? (running?.name ?? 'starting')
        : this.pause
          ? `paused: ${this.pause.reason}`
          : this.status;
    const percent = Math.round((100 * completed) / total);
    return {
      stage,
      completed,
      total,
      status: this.status,
      percent,
      ...(running?.items ? { items: { ...running.items } } : {}),
    };
  }

  private update(name: string, patch: Partial<StageRecord>): void {
    const index = this.stages.findIndex((stage) => stage.name === name);
    const stage = this.stages[index];
    if (!stage)
      throw new Error(`unknown stage '${name}' (declared: ${this.stages.map((s) => s.name).join(', ')})`);
    this.stages[index] = { ...stage, ...patch };
    this.onChange(this);
  }

  private elapsed(name: string): number | undefined {
    const startedAt = this.stages.find((stage) => stage.name === name)?.startedAt;
    return startedAt === undefined ? undefined : Date.now() - Date.parse(startedAt);
  }
}
