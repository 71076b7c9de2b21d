import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { Activities, ActivityDeps } from '../../src/activities';
import { scheduledActivities } from './history';
import { withWorker, type TemporalTestEnv } from './temporal';

/** How a test run ended, with its handle's facts gathered while the worker still ran. */
export interface TestRun<R> {
  result?: R;
  error?: unknown;
  scheduled: string[];
  handle: WorkflowHandle;
}

/**
 * Starts a workflow on a fresh worker, optionally drives it (signals, cancels) once started, and waits
 * for it to close. Never throws for the run's own failure: it is returned as `error`.
 */
export async function runWorkflow<R>(
  env: TemporalTestEnv,
  deps: ActivityDeps,
  workflowType: string,
  input: unknown,
  options: { overrides?: Partial<Activities>; drive?: (handle: WorkflowHandle) => Promise<void> } = {},
): Promise<TestRun<R>> {
  return withWorker(
    env,
    deps,
    async (taskQueue) => {
      const handle = await env.client.workflow.start(workflowType, {
        taskQueue,
        workflowId: `test-${workflowType}-${randomUUID()}`,
        args: [input],
      });
      await options.drive?.(handle);
      const outcome = await handle.result().then(
        (result) => ({ result: result as R }),
        (error: unknown) => ({ error }),
      );
      return { ...outcome, scheduled: await scheduledActivities(handle), handle };
    },
    options.overrides,
  );
}
