import path from 'node:path';
import type { WorkflowExecutionDescription, WorkflowHandle } from '@temporalio/client';
import { loadDirectorConfig } from '../config';
import { runKeyOf } from '../shared/run-key';
import { EXIT } from './exit-codes';
import type { Output } from './output';
import { queryApproval, querySummary } from './run-queries';
import type { RunOutcome } from './follow-run';
import { awaitOutcome } from './run-outcome';
import { existingRun, type TemporalSession } from './temporal-session';
import type { DirectorResult } from './director-runs';

/** Options of `director result` and `director report`. */
export interface WaitFlags {
  /** Wait even for a run waiting at its approval gate (it closes only once someone decides). */
  wait?: boolean;
}

/**
 * Where a run waiting at its approval gate keeps its candidates (the post-processed renditions): the
 * post-processing folder of the run in the blob store: on the worker's machine (`DIRECTOR_DATA_DIR`), or in
 * the S3 store (`DIRECTOR_STORE`).
 */
export function candidatesFolder(workflowId: string): string {
  const inStore = path.join('runs', runKeyOf(workflowId), 'post');
  try {
    const config = loadDirectorConfig();
    if (config.store.kind === 's3') {
      return `s3://${config.store.bucket}/${config.store.prefix}runs/${runKeyOf(workflowId)}/post/`;
    }
    return path.join(config.dataDir, inStore) + path.sep;
  } catch {
    return `${inStore}${path.sep} in the blob store (DIRECTOR_DATA_DIR)`; // a broken setting: say the folder in the store
  }
}

/**
 * For `result` and `report`, which wait for a run to close: when the run is waiting at its approval gate
 * (it closes only once someone decides), says so at once with where its candidates are, and how to decide
 * or wait, and returns exit 2 (a request that does not apply yet). Returns undefined when the run is not
 * waiting for a decision (or no worker answers the question), so the command waits as usual.
 */
export async function stopAtApprovalGate(
  session: TemporalSession,
  handle: WorkflowHandle,
  description: WorkflowExecutionDescription,
  out: Output,
): Promise<number | undefined> {
  if (description.status.name !== 'RUNNING') return undefined;
  const answer = await queryApproval(session.connection, handle, description.taskQueue);
  if (!answer.ok || !answer.value.waiting) return undefined;
  const { workflowId } = handle;
  const candidates = candidatesFolder(workflowId);
  // Runs with a per-image review published their candidates: name the page.
  const summary = await querySummary(session.connection, handle, description.taskQueue);
  const review = summary.ok ? summary.value.review?.location : undefined;
  out.document({
    workflowId,
    runId: description.runId,
    status: 'waiting-for-approval',
    candidates,
    ...(review ? { review } : {}),
  });
  out.line(`${workflowId} is waiting at its approval gate: it has no result until someone decides.`);
  out.line(`candidates: ${candidates} (the post-processed images, on the worker's machine)`);
  if (review) out.line(`review: ${review} (each candidate with its score, prompt, seed and round)`);
  out.line(`decide: director approve ${workflowId}  |  director reject ${workflowId} --note "…"`);
  if (review) out.line(`  or per image: director review ${workflowId} --keep 0 --drop 1 --redo 2:"note"`);
  out.line('or add --wait to wait until the run closes');
  return EXIT.usage;
}

/** A closed run for `result` and `report`: its handle, description and outcome. */
export interface ClosedRun {
  handle: WorkflowHandle;
  description: WorkflowExecutionDescription;
  outcome: RunOutcome<DirectorResult>;
}

/**
 * The run `workflowId` once it has closed, for `result` and `report`: waits for a running run (saying so),
 * except one waiting at its approval gate without `--wait`, for which it says where the candidates are
 * and returns the exit code instead (see `stopAtApprovalGate`). Throws WorkflowNotFoundError when unknown.
 */
export async function awaitClosedRun(
  session: TemporalSession,
  workflowId: string,
  flags: WaitFlags,
  out: Output,
): Promise<ClosedRun | { exit: number }> {
  const { handle, description } = await existingRun(session, workflowId);
  if (!flags.wait) {
    const atGate = await stopAtApprovalGate(session, handle, description, out);
    if (atGate !== undefined) return { exit: atGate };
  }
  if (description.status.name === 'RUNNING')
    out.warn(`${workflowId} is still running: waiting for it to close…`);
  return { handle, description, outcome: await awaitOutcome(handle) };
}
