/**
 * Figure 10: what a Director asks of its object store, local folder against S3 (versitygw on loopback):
 * round trips (reads, writes, lists, deletes) and bytes moved per Director, the HTTP requests S3 needed
 * for them, and the wall time of the run. The same Directors (fake model, no latency) run on an
 * in-process worker whose stores all come from one counting ObjectStore, first over a temp folder, then
 * over a bucket.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FORWARD_CORE_LOGS } from '../lib/core-logs';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { type ActivityDeps } from '../../src/activities';
import { BrandGuides } from '../../src/brand/brand-guides';
import { FakeDirectorModel } from '../../src/model/fake/fake-model';
import { CountingObjectStore, type StoreTraffic } from '../../src/storage/counting-object-store';
import { LocalObjectStore } from '../../src/storage/local-object-store';
import { MemoStore } from '../../src/storage/memo-store';
import type { ObjectStore } from '../../src/storage/object-store';
import { StorePublisher } from '../../src/storage/publisher';
import { S3ObjectStore } from '../../src/storage/s3-object-store';
import { StoreBlobStore } from '../../src/storage/store-blob-store';
import { BRANDS_DIR } from '../../src/worker-deps';
import { startVersityGw, useGatewayCredentials } from '../../test/helpers/versitygw';
import { onInProcessWorker } from '../lib/in-process-worker';
import type { BenchEnv } from '../lib/bench-env';

/** One Director kind on one store: its traffic per run (means over the runs). */
export interface StoreUse extends StoreTraffic {
  director: 'ecommerce' | 'creative';
  store: 'local' | 's3';
  runs: number;
  /** HTTP requests sent to S3 per run (each attempt); 0 for the local folder. */
  httpRequests: number;
  /** Mean wall time of a run, ms. */
  wallMs: number;
}

/** Figure 10's result. */
export interface StoreFigure {
  uses: StoreUse[];
}

/** Measures figure 10: `runs` Directors of each kind on each store. */
export async function measureStore(env: BenchEnv): Promise<StoreFigure> {
  const runs = env.options.quick ? 1 : 3;
  installQuietRuntime();
  const uses: StoreUse[] = [];
  const root = await mkdtemp(path.join(os.tmpdir(), 'director-bench-store-'));
  const gateway = await startVersityGw('bench');
  const restoreEnv = useGatewayCredentials(gateway);
  try {
    let requests = 0;
    const s3 = new S3ObjectStore(gateway.setting('bench', 'figure'), { onRequest: () => (requests += 1) });
    const stores: [StoreUse['store'], ObjectStore][] = [
      ['local', new LocalObjectStore(root)],
      ['s3', s3],
    ];
    for (const [kind, inner] of stores) {
      const store = new CountingObjectStore(inner);
      for (const director of ['ecommerce', 'creative'] as const) {
        store.take();
        requests = 0;
        const started = performance.now();
        await onWorker(env, store, async (taskQueue) => {
          for (let i = 0; i < runs; i += 1) await runDirector(env, director, taskQueue);
        });
        const wallMs = (performance.now() - started) / runs;
        const traffic = store.take();
        const per = (value: number) => value / runs;
        uses.push({
          director,
          store: kind,
          runs,
          reads: per(traffic.reads),
          writes: per(traffic.writes),
          lists: per(traffic.lists),
          deletes: per(traffic.deletes),
          bytesRead: per(traffic.bytesRead),
          bytesWritten: per(traffic.bytesWritten),
          httpRequests: kind === 's3' ? per(requests) : 0,
          wallMs,
        });
      }
    }
    s3.close();
  } finally {
    restoreEnv();
    await gateway.stop();
    await rm(root, { recursive: true, force: true });
  }
  return { uses };
}

/** This process's in-process workers log errors only (the bench prints its own progress). */
export function installQuietRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: FORWARD_CORE_LOGS });
  } catch {
    // A runtime already exists (another figure made one): keep it.
  }
}

/** Runs `body` while an in-process worker over `store` polls a task queue of its own. */
async function onWorker(env: BenchEnv, store: ObjectStore, body: (taskQueue: string) => Promise<void>) {
  const deps: ActivityDeps = {
    model: new FakeDirectorModel({}),
    blobs: new StoreBlobStore(store),
    publisher: new StorePublisher(store, 'outputs/'),
    brands: new BrandGuides(BRANDS_DIR),
    memo: new MemoStore(store),
  };
  return onInProcessWorker(env, deps, 'bench-store', body);
}

async function runDirector(env: BenchEnv, director: StoreUse['director'], taskQueue: string) {
  const workflowId = env.workflowId(`store-${director}`);
  if (director === 'ecommerce') {
    await env.client.workflow.execute('ecommerceDirector', {
      taskQueue,
      workflowId,
      args: [{ productImage: env.samples.product, style: 'warm-beige' }],
    });
    return;
  }
  await env.client.workflow.execute('creativeDirector', {
    taskQueue,
    workflowId,
    args: [
      {
        referenceImages: env.samples.references,
        brand: 'linn-atelier',
        mood: 'bench',
        batchCount: 2,
        size: 256,
        validation: { minScore: 0 },
      },
    ],
  });
}
