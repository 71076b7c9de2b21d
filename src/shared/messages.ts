/**
 * The messages a client sends to a running Director: signals, queries and updates, defined once and
 * imported by the workflows that handle them and the CLI, scripts and tests that send them. Only
 * definitions live here (`defineSignal` and friends are plain name holders, safe on the client side).
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { BudgetState, RaiseBudgetRequest } from './budget';
import type { CatalogProgress } from './catalog';
import type { ReviewRequest, ReviewState } from './review';
import type { Progress, RunSummary } from './stages';

/** What a cancel signal carries: who or why, recorded in the run's failure and summary. */
export interface CancelRequest {
  reason?: string;
}

/** Stop a Director: its compensations run, then it closes as Failed with type `DirectorCancelled`. */
export const cancelSignal = defineSignal<[CancelRequest]>('cancel');

/** The run's stage table and compensations, as they stand. */
export const summaryQuery = defineQuery<RunSummary>('summary');

/** A plain progress snapshot `{ stage, completed, total, status, percent }`. */
export const progressQuery = defineQuery<Progress>('progress');

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

/** Who asked a catalog to pause or resume, recorded in its log. */
export interface PauseRequest {
  by?: string;
}

/** Pause a catalog: lines in flight finish, no new ones start (state kept across continue-as-new). */
export const pauseSignal = defineSignal<[PauseRequest]>('pause');
/** Resume a paused catalog. */
export const resumeSignal = defineSignal<[PauseRequest]>('resume');
/** A catalog's counts, rate, ETA, cost and latest failures (the `progress` query of a `catalogDirector`). */
export const catalogProgressQuery = defineQuery<CatalogProgress>('progress');

/**
 * Decide candidates one by one at a Creative Director's gate (keep, drop, redo with a note): returns the
 * gate's new state, or throws when the run is not at its gate or a decision does not fit.
 */
export const reviewUpdate = defineUpdate<ReviewState, [ReviewRequest]>('review');
/** The gate's per-image state; undefined before the run reaches its gate. */
export const reviewQuery = defineQuery<ReviewState | undefined>('review');

/** Add dollars to a run's cost cap (resumes a run paused for budget): returns the new budget. */
export const raiseBudgetUpdate = defineUpdate<BudgetState, [RaiseBudgetRequest]>('raise-budget');
/** The run's cap, spend and budget pause, if any. */
export const budgetQuery = defineQuery<BudgetState>('budget');
