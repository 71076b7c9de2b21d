import path from 'node:path';
import { Worker, type NativeConnection, type WorkflowBundle } from '@temporalio/worker';
import { connectWorker } from './cli/connections';
import { createActivities, type ActivityDeps } from './activities';
import { loadDirectorConfig, loadTemporalConfig, type DirectorConfig } from './config';
import { TASK_QUEUE } from './shared/names';
import { sweepInterruptedWrites } from './storage/atomic-write';
import { isLocalStore } from './storage/open-store';
import { buildWorkerDeps, memoFolder } from './worker-deps';
import { installWorkerRuntime, observabilityFromEnv } from './worker-runtime';
import { loadWorkflowBundle } from './workflow-bundle';

/**
 * Worker settings every Director worker uses. Heartbeats are sent at least every 2 s, so a cancelled
 * activity learns of it within about 2 s (the default throttle can hold a heartbeat back for a minute).
 * Up to 16 activities a workflow task schedules (the Creative Director's widest fan-out window) start on
 * this worker straight from the task's answer instead of through the task queue: measured with
 * `npm run bench`, 25% less server CPU per fan-out branch and no wait for the queue (BENCHMARKS.md).
 * Slots, pollers and the workflow cache stay at the SDK's defaults: changing them moved no figure.
 */
export const WORKER_TUNING = {
  maxHeartbeatThrottleInterval: '2s',
  defaultHeartbeatThrottleInterval: '2s',
  maxEagerActivityReservationsPerWorkflowTask: 16,
} as const;

/** What a Director worker needs: a connection, its activities' dependencies and the workflow bundle. */
export interface DirectorWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  deps: ActivityDeps;
  workflowBundle: WorkflowBundle;
  taskQueue?: string;
}

/** Creates (does not run) a worker for every Director on the `linn-director` task queue. */
export async function createDirectorWorker(options: DirectorWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    workflowBundle: options.workflowBundle,
    activities: createActivities(options.deps),
    ...WORKER_TUNING,
  });
}

/**
 * Creates a worker from the project settings: the model they select (logged), the stores, the cached
 * workflow bundle and the configured task queue. Throws when a setting is invalid.
 */
export async function createConfiguredWorker(
  config: DirectorConfig,
  connection: NativeConnection,
  namespace: string,
  log: (message: string) => void,
): Promise<Worker> {
  const deps = buildWorkerDeps(config);
  log(`model: ${deps.selection.kind} (${deps.selection.reason})`);
  log(`store: ${deps.store.uri}`);
  // Interrupted writes leave `.tmp-*` files only in local folders; an S3 put is whole or nothing.
  const swept = isLocalStore(config)
    ? await sweepInterruptedWrites([config.dataDir, config.outputDir, memoFolder(config)])
    : 0;
  if (swept > 0) log(`removed ${swept} temporary file(s) left by interrupted writes`);
  const workflowBundle = await loadWorkflowBundle(path.join(config.stateDir, 'cache'));
  return createDirectorWorker({ connection, namespace, deps, workflowBundle, taskQueue: config.taskQueue });
}

/**
 * Runs a worker from configuration until SIGINT/SIGTERM: the Temporal connection from Temporal's
 * environment configuration, the project settings from `DIRECTOR_*` variables.
 */
export async function runWorkerFromEnvironment(log: (message: string) => void = console.log): Promise<void> {
  const observability = observabilityFromEnv();
  installWorkerRuntime(observability);
  if (observability.metricsAddress)
    log(`Prometheus metrics on http://${observability.metricsAddress}/metrics`);
  const config = loadDirectorConfig();
  const temporal = loadTemporalConfig();
  // A server that does not answer is exit 3 with the usual message, not the transport's raw error.
  const connection = await connectWorker(temporal);
  try {
    const worker = await createConfiguredWorker(config, connection, temporal.namespace, log);
    const address = temporal.connectionOptions.address ?? 'localhost:7233';
    log(`worker polling task queue '${config.taskQueue}' on ${address} (namespace ${temporal.namespace})`);
    await worker.run();
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  runWorkerFromEnvironment().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
