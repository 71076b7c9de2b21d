import { randomUUID } from 'node:crypto';
import { after, before } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type WorkflowBundle } from '@temporalio/worker';
import { createActivities, type Activities, type ActivityDeps } from '../../src/activities';
import { createQueueWorkers } from '../../src/worker';
import { WORKER_QUEUES } from '../../src/worker-queues';
import { loadWorkflowBundle } from '../../src/workflow-bundle';
import { startTestServer, TEST_ENV } from './test-server';

export { tempDeps } from './temp-deps';

// Workers log every state change at INFO; tests want warnings and errors only.
Runtime.install({ logger: new DefaultLogger('ERROR') });

/** A test file's view of the shared Temporal server. */
export interface TemporalTestEnv {
  address: string;
  client: Client;
  nativeConnection: NativeConnection;
  workflowBundle: WorkflowBundle;
}

/**
 * Connects the test file to the run's shared dev server (started by test/run-tests.ts), or starts a
 * private one when the file is run on its own. Registers before/after hooks; call at the top of a file.
 */
export function useTemporal(): () => TemporalTestEnv {
  let env: TemporalTestEnv | undefined;
  let cleanup: () => Promise<void> = async () => {};
  before(async () => {
    const shared = { address: process.env[TEST_ENV.address], bundleDir: process.env[TEST_ENV.bundle] };
    const { address, bundleDir } =
      shared.address && shared.bundleDir
        ? { address: shared.address, bundleDir: shared.bundleDir }
        : await startPrivateServer();
    const connection = await Connection.connect({ address });
    const nativeConnection = await NativeConnection.connect({ address });
    const workflowBundle = await loadWorkflowBundle(bundleDir);
    env = { address, client: new Client({ connection }), nativeConnection, workflowBundle };
    const stopServer = cleanup;
    cleanup = async () => {
      await nativeConnection.close();
      await connection.close();
      await stopServer();
    };
  });
  after(() => cleanup());

  async function startPrivateServer(): Promise<{ address: string; bundleDir: string }> {
    const started = await startTestServer(() => {});
    cleanup = () => started.server.stop();
    return { address: started.server.address, bundleDir: started.bundleDir };
  }
  return () => {
    if (!env) throw new Error('useTemporal(): the environment is only available inside tests');
    return env;
  };
}

/**
 * Runs `body` while fresh workers poll a task queue of its own (and its model queues), so tests in parallel never share one.
 * `overrides` replaces activities with typed fakes (a renamed activity breaks the build).
 */
export async function withWorker<T>(
  env: TemporalTestEnv,
  deps: ActivityDeps,
  body: (taskQueue: string) => Promise<T>,
  overrides: Partial<Activities> = {},
): Promise<T> {
  const taskQueue = `test-${randomUUID()}`;
  // The main queue and the model queues beside it, as one worker process polls them by default.
  const workers = await createQueueWorkers({
    connection: env.nativeConnection,
    taskQueue,
    queues: WORKER_QUEUES,
    quotas: {},
    workflowBundle: env.workflowBundle,
    activities: { ...createActivities(deps), ...overrides },
  });
  return workers.runUntil(body(taskQueue));
}
