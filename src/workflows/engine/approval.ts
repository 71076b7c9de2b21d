import { condition, setHandler } from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import {
  approvalQuery,
  approveSignal,
  decideUpdate,
  rejectSignal,
  type ApprovalDecision,
  type ApprovalOutcome,
} from '../../shared/messages';

/**
 * An approval gate. Register it at the start of a run (decisions that arrive early are kept); `wait`
 * blocks until someone approves or rejects, or the timeout applies the default action.
 */
export class ApprovalGate {
  private waiting = false;
  private outcome: ApprovalOutcome | undefined;

  constructor() {
    const decide = (input: ApprovalDecision): ApprovalOutcome => {
      this.outcome ??= {
        decision: input.decision,
        by: input.by ?? 'unknown',
        timedOut: false,
        ...(input.note ? { note: input.note } : {}),
      };
      return this.outcome;
    };
    setHandler(approveSignal, (input) => void decide({ ...input, decision: 'approve' }));
    setHandler(rejectSignal, (input) => void decide({ ...input, decision: 'reject' }));
    setHandler(decideUpdate, decide, {
      validator: (input: ApprovalDecision) => {
        if (input.decision !== 'approve' && input.decision !== 'reject')
          throw new Error(`decision must be approve or reject, got '${String(input.decision)}'`);
        if (!this.waiting && !this.outcome) throw new Error('this run is not waiting for approval');
      },
    });
    setHandler(approvalQuery, () => ({
      waiting: this.waiting,
      ...(this.outcome ? { outcome: this.outcome } : {}),
    }));
  }

  /** Waits for a decision up to `timeout`; then applies `onTimeout`. Cancellable. */
  async wait(timeout: Duration, onTimeout: 'approve' | 'reject'): Promise<ApprovalOutcome> {
    this.waiting = true;
    try {
      const decided = await condition(() => this.outcome !== undefined, timeout);
      if (!decided) this.outcome = { decision: onTimeout, by: 'timeout', timedOut: true };
      return this.outcome as ApprovalOutcome;
    } finally {
      this.waiting = false;
    }
  }

  /**
   * Waits, as `wait` does, for a decision or for `done()` (a per-image review deciding every candidate), up
   * to `timeout`; applies no default. Returns the decision, if one came, and whether the timeout ran out.
   */
  async waitFor(
    timeout: Duration,
    done: () => boolean,
  ): Promise<{ outcome: ApprovalOutcome | undefined; timedOut: boolean }> {
    this.waiting = true;
    try {
      const met = await condition(() => this.outcome !== undefined || done(), timeout);
      return { outcome: this.outcome, timedOut: !met };
    } finally {
      this.waiting = false;
    }
  }
}
