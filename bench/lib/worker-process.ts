/**
 * The bench's worker, in a process of its own so its memory and start-up are its own: the Director
 * worker (`createDirectorWorker`, `WORKER_TUNING`, the prebuilt bundle) over the fake model, steered by the
 * bench through IPC (latencies, rate limit, memory readings). Started by `worker-link.ts`.
 */
import path from 'node:path';
import { FORWARD_CORE_LOGS } from './core-logs';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../../src/activities';
import { BrandGuides } from '../../src/brand/brand-guides';
import { FakeDirectorModel, type FakeCallEvent } from '../../src/model/fake/fake-model';
import { TASK_QUEUE } from '../../src/shared/names';
import { LocalBlobStore } from '../../src/storage/local-blob-store';
import { LocalObjectStore } from '../../src/storage/local-object-store';
import { MemoStore } from '../../src/storage/memo-store';
import { LocalPublisher } from '../../src/storage/publisher';
import { createDirectorWorker, createQueueWorkers, WORKER_TUNING } from '../../src/worker';
import { WorkerGroup } from '../../src/worker-group';
import { MODEL_QUEUES } from '../../src/shared/model-queues';
import { BRANDS_DIR } from '../../src/worker-deps';
import { loadWorkflowBundle } from '../../src/workflow-bundle';
import { BENCH_WORKFLOWS } from './bench-workflows-path';
import { collectAllThreads } from './gc-all-threads';
import {
  WORKER_CONFIG_ENV,
  type FromWorker,
  type ToWorker,
  type WorkerAnswers,
  type WorkerConfig,
  type WorkerMemory,
} from './worker-protocol';

const modulesLoadedMs = performance.now();

function send(message: FromWorker): void {
  process.send?.(message);
}

function readConfig(): WorkerConfig {
  const text = process.env[WORKER_CONFIG_ENV];
  if (!text) throw new Error(`${WORKER_CONFIG_ENV} is not set: this script is started by the bench`);
  return JSON.parse(text) as WorkerConfig;
}

async function memory(): Promise<WorkerMemory> {
  // Every thread (the workflow thread's heap holds the cached runs), twice: the first pass can leave
  // finalised objects for the second.
  await collectAllThreads();
  await collectAllThreads();
  const { rss, heapUsed, external } = process.memoryUsage();
  return { rss, heapUsed, external };
}

async function main(): Promise<void> {
  // Retried activity failures (the rate-limit figure's 429s) are expected: log errors only.
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: FORWARD_CORE_LOGS });
  const config = readConfig();
  let recording = false;
  let events: FakeCallEvent[] = [];
  const model = new FakeDirectorModel({
    ...config.settings,
    onCall: (event) => {
      if (recording) events.push(event);
    },
  });
  const publisher = new LocalPublisher(path.join(config.dataDir, 'output'));
  const deps: ActivityDeps = {
    model,
    blobs: new LocalBlobStore(path.join(config.dataDir, 'blobs')),
    publisher,
    brands: new BrandGuides(BRANDS_DIR),
    memo: new MemoStore(path.join(config.dataDir, 'memo')),
    // The blob folder as the whole store (a catalog's records and ledger), the output folder as the collection.
    objects: new LocalObjectStore(path.join(config.dataDir, 'blobs')),
    outputs: { store: publisher.store, prefix: '' },
  };
  const connection = await NativeConnection.connect({ address: config.address });
  const connectedMs = performance.now();
  const workflowBundle = await loadWorkflowBundle(config.bundleDir, BENCH_WORKFLOWS);
  const bundleLoadedMs = performance.now();
  const worker =
    Object.keys(config.workerOptions).length === 0
      ? await createDirectorWorker({ connection, namespace: config.namespace, deps, workflowBundle })
      : new WorkerGroup([
          await Worker.create({
            connection,
            namespace: config.namespace,
            taskQueue: TASK_QUEUE,
            workflowBundle,
            activities: createActivities(deps),
            ...WORKER_TUNING,
            ...config.workerOptions,
          }),
          // The Directors' model calls go to the model queues beside the main one.
          ...(
            await createQueueWorkers({
              connection,
              namespace: config.namespace,
              taskQueue: TASK_QUEUE,
              queues: MODEL_QUEUES,
              quotas: {},
              activities: createActivities(deps),
            })
          ).workers,
        ]);
  const createdMs = performance.now();
  const running = worker.run();
  while (worker.getState() !== 'RUNNING') await new Promise((resolve) => setImmediate(resolve));
  const pollingMs = performance.now();
  const startup = { modulesLoadedMs, connectedMs, bundleLoadedMs, createdMs, pollingMs };
  send({ type: 'ready', startup, memory: await memory() });

  const answer = async (request: ToWorker): Promise<WorkerAnswers[ToWorker['op']]> => {
    switch (request.op) {
      case 'configure': {
        const settings = { ...request.settings };
        for (const key of request.unset ?? []) settings[key] = undefined;
        model.configure(settings);
        return null;
      }
      case 'memory':
        return memory();
      case 'record':
        recording = request.on;
        return null;
      case 'drain': {
        const drained = events;
        events = [];
        return drained;
      }
      case 'stop':
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running;
        return null;
    }
  };
  process.on('message', (request: ToWorker) => {
    answer(request).then(
      (value) => send({ type: 'answer', id: request.id, ok: true, value }),
      (error: unknown) =>
        send({
          type: 'answer',
          id: request.id,
          ok: false,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        }),
    );
  });
  // The bench gone (or done): stop polling, so the process can exit.
  process.on('disconnect', () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
  });
  await running;
  await connection.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
