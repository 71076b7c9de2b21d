import { CancellationScope, log } from '@temporalio/workflow';
import type { CompensationRecord } from '../../shared/stages';
import { describeFailure } from './describe-failure';

interface Compensation {
  name: string;
  run: () => Promise<unknown>;
}

/**
 * A rollback stack. Steps register their (idempotent) undo before they run, so a step that timed out after
 * its side effect is still undone; `compensate` runs them in reverse in a non-cancellable scope.
 */
export class Saga {
  private readonly stack: Compensation[] = [];

  /** Pushes an undo onto the stack. `name` is the inverse of the step, e.g. `unpublishImages`. */
  register(name: string, run: () => Promise<unknown>): void {
    this.stack.push({ name, run });
  }

  /** Number of registered compensations not yet run. */
  get size(): number {
    return this.stack.length;
  }

  /**
   * Runs every registered undo, newest first, even when the run is being cancelled. An undo that fails is
   * recorded and logged, and the rest still run. Never throws.
   */
  async compensate(record: (outcome: CompensationRecord) => void): Promise<void> {
    await CancellationScope.nonCancellable(async () => {
      while (this.stack.length > 0) {
        const step = this.stack.pop() as Compensation;
        try {
          await step.run();
          record({ name: step.name, status: 'completed' });
        } catch (error: unknown) {
          const failure = describeFailure(error);
          log.warn('compensation failed; continuing with the rest', { compensation: step.name, ...failure });
          record({ name: step.name, status: 'failed', error: `${failure.type}: ${failure.message}` });
        }
      }
    });
  }
}
