import path from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { Worker, type NativeConnection, type WorkerOptions, type WorkflowBundle } from '@temporalio/worker';
import { codecKeysFromEnv, keyIds } from './codec/codec-keys';
import { directorDataConverter } from './codec/data-converter';
import { connectWorker } from './cli/connections';
import { createActivities, type ActivityDeps } from './activities';
import { loadDirectorConfig, loadTemporalConfig, type DirectorConfig } from './config';
import { modelTaskQueue, type ModelQueue } from './shared/model-queues';
import { TASK_QUEUE } from './shared/names';
import { sweepInterruptedWrites } from './storage/atomic-write';
import { isLocalStore } from './storage/open-store';
import { checkRunStore } from './activities/store-check';
import { buildWorkerDeps, memoFolder } from './worker-deps';
import { installWorkerRuntime, observabilityFromEnv } from './worker-runtime';
import { WorkerGroup } from './worker-group';
import { formatQuota, quotaPerSecond, WORKER_QUEUES, type Quota, type WorkerQueue } from './worker-queues';
import { loadWorkflowBundle } from './workflow-bundle';

/**
 * Worker settings every Director worker uses. Heartbeats are sent at least every 2 s, so a cancelled
 * activity learns of it within about 2 s (the default throttle can hold a heartbeat back for a minute).
 * Up to 64 activities a workflow task schedules on the workflow's own queue (the widest fan-out the bench
 * measures; the Creative Director's window is at most 16) start on this worker straight from the task's
 * answer instead of through the task queue, as far as it has free activity slots (100). Through the queue
 * each start is one more write on the server, one after the other for the same run: the 48 items past 16
 * of a 64-wide fan-out started 0.2–0.9 s after the first on the tuned dev server, and the stage waited for
 * the last (`npm run bench`, BENCHMARKS.md). The cost: a window's activities run on the worker that ran the
 * workflow task rather than being spread over workers. Model calls on the model queues (`-images`,
 * `-text`) always go through their queue: eager starts only serve the workflow's own queue.
 * Slots, pollers and the workflow cache stay at the SDK's defaults: changing them moved no figure.
 */
export const WORKER_TUNING = {
  maxHeartbeatThrottleInterval: '2s',
  defaultHeartbeatThrottleInterval: '2s',
  maxEagerActivityReservationsPerWorkflowTask: 64,
} as const;

/** What a Director worker needs: a connection, its activities' dependencies and the workflow bundle. */
export interface DirectorWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  deps: ActivityDeps;
  /** Needed when the `main` queue is polled (the Directors run there). */
  workflowBundle?: WorkflowBundle;
  taskQueue?: string;
  /** The queues to poll (see `WORKER_QUEUES`); default all, as one process of the embedded default needs. */
  queues?: readonly WorkerQueue[];
  /** The model quotas, applied task-queue-wide to the `images` and `text` queues; unset: no limit. */
  quotas?: ModelQuotas;
  /**
   * Payload conversion, the encryption codec included (src/codec); default: Temporal's, no codec. The
   * codec runs in the worker, outside the workflow sandbox, so the workflow bundle is the same either way.
   */
  dataConverter?: DataConverter;
}

/** The quota of each model queue that has one. */
export type ModelQuotas = Partial<Record<ModelQueue, Quota>>;

/**
 * Creates (does not run) the workers of a Director worker process, one per queue of `taskQueue` (default:
 * the bare `linn-director`, for embedded workers whose clients use it too) it polls: `main` runs the
 * Directors and every activity (model calls of runs recorded before `model-task-queues` included);
 * `images` and `text` run the model calls at their quota. With `deps.store`, steps of runs that carry
 * another store's identity fail with `StoreMismatch` before they run.
 */
export async function createDirectorWorker(options: DirectorWorkerOptions): Promise<WorkerGroup> {
  const store = options.deps.store;
  return createQueueWorkers({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    queues: options.queues ?? WORKER_QUEUES,
    quotas: options.quotas ?? {},
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : {}),
    activities: createActivities(options.deps),
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    ...(store ? { interceptors: { activity: [checkRunStore(store.uri)] } } : {}),
  });
}

/** The parts of `createQueueWorkers`' options that every worker of the group shares. */
type SharedWorkerOptions = Pick<WorkerOptions, 'connection' | 'namespace' | 'dataConverter' | 'interceptors'>;

/**
 * Creates one worker per queue in `queues` around the main queue `taskQueue`, all with `activities` and
 * `WORKER_TUNING`; the `images` and `text` workers set Temporal's `maxTaskQueueActivitiesPerSecond` from
 * their quota, a limit the server enforces across every worker polling the queue. (A worker of the same
 * queue without the setting lifts the limit while it polls: give every worker the same quota.) Throws
 * when `main` is asked for without a workflow bundle.
 */
export async function createQueueWorkers(
  options: SharedWorkerOptions & {
    taskQueue: string;
    queues: readonly WorkerQueue[];
    quotas: ModelQuotas;
    workflowBundle?: WorkflowBundle;
    activities: object;
  },
): Promise<WorkerGroup> {
  const { taskQueue, queues, quotas, workflowBundle, activities, ...shared } = options;
  const workers = await Promise.all(
    queues.map((queue) => {
      if (queue === 'main') {
        if (!workflowBundle) throw new Error('the main queue needs the workflow bundle');
        return Worker.create({ ...shared, taskQueue, workflowBundle, activities, ...WORKER_TUNING });
      }
      const quota = quotas[queue];
      return Worker.create({
        ...shared,
        taskQueue: modelTaskQueue(taskQueue, queue),
        activities,
        ...WORKER_TUNING,
        ...(quota ? { maxTaskQueueActivitiesPerSecond: quotaPerSecond(quota) } : {}),
      });
    }),
  );
  return new WorkerGroup(workers);
}

/** The model quotas the settings give (`DIRECTOR_IMAGE_QUOTA`, `DIRECTOR_TEXT_QUOTA`). */
function quotasOf(config: Pick<DirectorConfig, 'imageQuota' | 'textQuota'>): ModelQuotas {
  return {
    ...(config.imageQuota ? { images: config.imageQuota } : {}),
    ...(config.textQuota ? { text: config.textQuota } : {}),
  };
}

/** The queues a group polls, for its log line: `'q' (and 'q-images' at 10/min, 'q-text')`. */
export function describeQueues(
  config: Pick<DirectorConfig, 'taskQueue' | 'workerQueues' | 'imageQuota' | 'textQuota'>,
): string {
  const quotas = quotasOf(config);
  const names = config.workerQueues.map((queue) => {
    if (queue === 'main') return `'${config.taskQueue}'`;
    const quota = quotas[queue];
    return `'${modelTaskQueue(config.taskQueue, queue)}'${quota ? ` at ${formatQuota(quota)}` : ''}`;
  });
  const [first, ...rest] = names;
  return rest.length > 0 ? `${first} (and ${rest.join(', ')})` : (first ?? '');
}

/**
 * Creates a worker process's workers from the project settings: the model they select (logged), the
 * stores, the cached workflow bundle, the configured task queue with the queues to poll
 * (`DIRECTOR_WORKER_QUEUES`) and their quotas, and the payload keys (`DIRECTOR_CODEC_KEYS`; logged by id).
 * Throws when a setting is invalid.
 */
export async function createConfiguredWorker(
  config: DirectorConfig,
  connection: NativeConnection,
  namespace: string,
  log: (message: string) => void,
): Promise<WorkerGroup> {
  const keyring = codecKeysFromEnv(); // before anything is built: a bad key setting stops the worker first
  const deps = buildWorkerDeps(config);
  log(`model: ${deps.selection.kind} (${deps.selection.reason})`);
  if (keyring)
    log(`payload encryption: on (key '${keyring.current.id}' current; ${keyIds(keyring).length} key(s))`);
  log(`store: ${deps.store.uri}`);
  // Interrupted writes leave `.tmp-*` files only in local folders; an S3 put is whole or nothing.
  const swept = isLocalStore(config)
    ? await sweepInterruptedWrites([config.dataDir, config.outputDir, memoFolder(config)])
    : 0;
  if (swept > 0) log(`removed ${swept} temporary file(s) left by interrupted writes`);
  // A process that polls only model queues runs no workflow: it needs no bundle.
  const workflowBundle = config.workerQueues.includes('main')
    ? await loadWorkflowBundle(path.join(config.stateDir, 'cache'))
    : undefined;
  const dataConverter = directorDataConverter(keyring);
  return createDirectorWorker({
    connection,
    namespace,
    deps,
    ...(workflowBundle ? { workflowBundle } : {}),
    taskQueue: config.taskQueue,
    queues: config.workerQueues,
    quotas: quotasOf(config),
    dataConverter,
  });
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
  codecKeysFromEnv(); // a bad key setting is reported before connecting (read again below)
  const temporal = loadTemporalConfig();
  // A server that does not answer is exit 3 with the usual message, not the transport's raw error.
  const connection = await connectWorker(temporal);
  try {
    const worker = await createConfiguredWorker(config, connection, temporal.namespace, log);
    const address = temporal.connectionOptions.address ?? 'localhost:7233';
    log(
      `worker polling task queue ${describeQueues(config)} on ${address} (namespace ${temporal.namespace})`,
    );
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
