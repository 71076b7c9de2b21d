import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { Progress, RunSummary } from '../../shared/stages';

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
