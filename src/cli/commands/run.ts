import { ApplicationFailure } from '@temporalio/common';
import { loadDirectorConfig } from '../../config';
import type { DirectorName } from '../../shared/names';
import { businessKey, buildInput, type RunFlags } from '../director-inputs';
import { startDirector, type DirectorResult } from '../director-runs';
import { EXIT, usageError } from '../exit-codes';
import { followRun } from '../follow-run';
import type { Output } from '../output';
import { aboutRun } from '../run-about';
import { withTemporal } from '../temporal-session';
import { reportOutcome, watchRun } from '../watch-run';

/** Options of `director run <director>`: the input flags and how to follow the run. */
export interface RunCommandFlags extends RunFlags {
  /** Show the live view (stage list, fan-out items, elapsed time) instead of one line per stage. */
  follow?: boolean;
  /** The task queue to start the run on (default: DIRECTOR_TASK_QUEUE, else `linn-director`): a worker must poll it. */
  taskQueue?: string;
}

async function inputFor(director: DirectorName, flags: RunFlags): Promise<Record<string, unknown>> {
  try {
    return await buildInput(director, flags);
  } catch (error: unknown) {
    // InvalidInput from the Director's own schema already names the flag or the field.
    if (error instanceof ApplicationFailure) throw usageError(error.message);
    throw error;
  }
}

function configuredTaskQueue(): string {
  try {
    return loadDirectorConfig().taskQueue;
  } catch (error: unknown) {
    throw usageError((error as Error).message);
  }
}

/**
 * `director run <director>`: checks the input before anything starts (exit 2 naming the field), starts
 * the Director and, unless `--no-wait`, follows it to the end: one line per stage, or the live view with
 * `--follow`. Exit 0 completed, 1 failed / cancelled / rejected, 3 no server.
 */
export async function runCommand(
  director: DirectorName,
  flags: RunCommandFlags,
  out: Output,
): Promise<number> {
  const input = await inputFor(director, flags);
  const taskQueue = flags.taskQueue?.trim() || configuredTaskQueue();
  return withTemporal(async (session) => {
    const startTime = new Date();
    const handle = await startDirector(session.client, director, input, {
      key: businessKey(director, input),
      summary: aboutRun(director, input),
      taskQueue,
    });
    const run = { runId: handle.firstExecutionRunId, taskQueue, startTime };
    if (!flags.wait) {
      out.document({ workflowId: handle.workflowId, runId: run.runId, status: 'running' });
      out.line(handle.workflowId);
      return EXIT.ok;
    }
    out.line(`started ${handle.workflowId}`);
    const outcome =
      flags.follow || out.json
        ? await watchRun(session, handle, run, out)
        : await followRun<DirectorResult>(handle, out.line);
    return reportOutcome(session, handle, run, outcome, out);
  });
}
