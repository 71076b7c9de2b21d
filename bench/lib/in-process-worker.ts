import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import type { ActivityDeps } from '../../src/activities/deps';
import { loadDirectorConfig } from '../../src/config';
import { createQueueWorkers } from '../../src/worker';
import { WORKER_QUEUES } from '../../src/worker-queues';
import { loadWorkflowBundle } from '../../src/workflow-bundle';
import type { BenchEnv } from './bench-env';
import { BENCH_WORKFLOWS } from './bench-workflows-path';

/**
 * Runs `body` while an in-process worker over `deps` (every queue, the model queues too) polls a task
 * queue of its own, named `<prefix>-<uuid>`; closes its connection after.
 */
export async function onInProcessWorker<T>(
  env: BenchEnv,
  deps: ActivityDeps,
  prefix: string,
  body: (taskQueue: string) => Promise<T>,
): Promise<T> {
  const connection = await NativeConnection.connect({ address: env.server.address });
  try {
    const taskQueue = `${prefix}-${randomUUID()}`;
    const worker = await createQueueWorkers({
      connection,
      taskQueue,
      queues: WORKER_QUEUES,
      quotas: {},
      workflowBundle: await loadWorkflowBundle(
        path.join(loadDirectorConfig().stateDir, 'cache'),
        BENCH_WORKFLOWS,
      ),
      activities: createActivities(deps),
    });
    return await worker.runUntil(body(taskQueue));
  } finally {
    await connection.close();
  }
}
