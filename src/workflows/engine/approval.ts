import { condition, defineQuery, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';

/** A person's decision on a run waiting at its approval gate. */
export interface ApprovalDecision {
  decision: 'approve' | 'reject';
  by?: string;
  note?: string;
}

/** What the gate decided, and how. */
export interface ApprovalOutcome {
  decision: 'approve' | 'reject';
  by: string;
  note?: string;
  timedOut: boolean;
}

/** Approve a run waiting at its gate (signal: fire and forget). */
export const approveSignal = defineSignal<[Omit<ApprovalDecision, 'decision'>]>('approve');
/** Reject a run waiting at its gate (signal). */
export const rejectSignal = defineSignal<[Omit<ApprovalDecision, 'decision'>]>('reject');
/** Decide with an answer (update): returns the outcome, or throws when the run is not waiting. */
export const decideUpdate = defineUpdate<ApprovalOutcome, [ApprovalDecision]>('decide');
/** Whether the run is waiting for a decision now. */
export const approvalQuery = defineQuery<{ waiting: boolean; outcome?: ApprovalOutcome }>('approval');

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
}
