/**
 * Figure 12: quota use across workers. A fake Gemini server enforces one image quota for everyone (a token
 * bucket of `perMinute`, `burst` at once) and answers calls beyond it 429 with `RetryInfo`, as Gemini does.
 * Image workers in processes of their own poll the images queue with `DIRECTOR_IMAGE_QUOTA` at the same
 * rate; this process runs the Director and the text calls. One Creative Director asks for `images` images
 * at once, with 1 and then 3 image workers. Achieved rate: images the server accepted per minute between
 * the first and the last (after the first, which the full bucket grants at once); 429s: the share of image
 * calls the server refused.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { NativeConnection } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { BrandGuides } from '../../src/brand/brand-guides';
import { failIfExited, logTail, startProcess, type ManagedProcess } from '../../src/cluster/processes';
import { PROJECT_ROOT } from '../../src/config';
import { RateLimiter } from '../../src/model/fake/rate-limiter';
import { LocalDirectorModel } from '../../src/model/local/local-model';
import { selectModel } from '../../src/model/select-model';
import { LocalBlobStore } from '../../src/storage/local-blob-store';
import { MemoStore } from '../../src/storage/memo-store';
import { LocalPublisher } from '../../src/storage/publisher';
import { createQueueWorkers } from '../../src/worker';
import { BRANDS_DIR } from '../../src/worker-deps';
import { loadWorkflowBundle } from '../../src/workflow-bundle';
import { loadDirectorConfig } from '../../src/config';
import { FakeGeminiServer, rateLimitedReply } from '../../test/helpers/fake-gemini-server';
import { callKind, geminiStudio } from '../../test/helpers/gemini-studio';
import type { BenchEnv } from '../lib/bench-env';
import { installQuietRuntime } from './store';
import { BENCH_WORKFLOWS } from '../lib/bench-workflows-path';

/** One side of figure 12: `workers` image workers against the shared quota. */
export interface QuotaSide {
  workers: number;
  /** Images the Director asked for. */
  images: number;
  /** Image calls the server accepted per minute. */
  achievedPerMinute: number;
  /** Achieved / quota. */
  achievedRatio: number;
  /** Image calls answered 429. */
  rateLimited429s: number;
  /** 429s / all image calls. */
  share429: number;
  /** First to last accepted image call, in ms. */
  spanMs: number;
}

/** Figure 12's result. */
export interface QuotaFigure {
  quotaPerMinute: number;
  /** Calls the fake quota grants at once after a quiet spell. */
  burst: number;
  sides: QuotaSide[];
}

/**
 * The fake quota's bucket: what Temporal's limiter lets through at once, one second's worth of the rate
 * (`defaultBurstDuration`) and one task per read partition of the queue (4), whose share of the rate each
 * has (service/matching/ratelimit_manager.go, go.temporal.io/server v1.32.2). A per-minute quota such as
 * Gemini's is no stricter than this.
 */
function quotaBurst(perMinute: number): number {
  return Math.ceil(perMinute / 60) + 4;
}
const KEY = 'bench-key-0123456789';

/** Measures figure 12. */
export async function measureQuota(env: BenchEnv): Promise<QuotaFigure> {
  const { perMinute, images } = env.options.plan.quota;
  installQuietRuntime();
  const gemini = await FakeGeminiServer.start(KEY);
  const studio = await geminiStudio();
  let limiter = new RateLimiter({ perMinute, burst: quotaBurst(perMinute) });
  let calls: { at: number; granted: boolean }[] = [];
  gemini.setFallback((request) => {
    if (callKind(request) !== 'image') return studio(request);
    const decision = limiter.take();
    calls.push({ at: Date.now(), granted: decision.granted });
    return decision.granted
      ? studio(request)
      : rateLimitedReply(`${(decision.retryAfterMs / 1000).toFixed(3)}s`);
  });
  const root = await mkdtemp(path.join(os.tmpdir(), 'director-bench-quota-'));
  const connection = await NativeConnection.connect({ address: env.server.address });
  const modelEnv = { GEMINI_API_KEY: KEY, GOOGLE_GEMINI_BASE_URL: gemini.baseUrl, DIRECTOR_MODEL: 'gemini' };
  try {
    const workflowBundle = await loadWorkflowBundle(
      path.join(loadDirectorConfig().stateDir, 'cache'),
      BENCH_WORKFLOWS,
    );
    const sides: QuotaSide[] = [];
    for (const workers of [1, 3]) {
      limiter = new RateLimiter({ perMinute, burst: quotaBurst(perMinute) }); // a quiet spell: the bucket is full
      calls = [];
      const taskQueue = `bench-quota-${randomUUID()}`;
      const folder = path.join(root, `${workers}w`);
      const shared = { dataDir: path.join(folder, 'blobs'), outputDir: path.join(folder, 'output') };
      const processes = await Promise.all(
        Array.from({ length: workers }, (_, i) =>
          startImageWorker(path.join(folder, `images-${i + 1}`), {
            ...process.env,
            ...modelEnv,
            TEMPORAL_ADDRESS: env.server.address,
            DIRECTOR_TASK_QUEUE: taskQueue,
            DIRECTOR_WORKER_QUEUES: 'images',
            DIRECTOR_IMAGE_QUOTA: `${perMinute}/min`,
            DIRECTOR_DATA_DIR: shared.dataDir,
            DIRECTOR_OUTPUT_DIR: shared.outputDir,
          }),
        ),
      );
      try {
        const selection = selectModel(modelEnv, new LocalDirectorModel());
        const directors = await createQueueWorkers({
          connection,
          taskQueue,
          queues: ['main', 'text'],
          quotas: {},
          workflowBundle,
          activities: createActivities({
            model: selection.model,
            blobs: new LocalBlobStore(shared.dataDir),
            publisher: new LocalPublisher(shared.outputDir),
            brands: new BrandGuides(BRANDS_DIR),
            memo: new MemoStore(path.join(folder, 'memo')),
          }),
        });
        await directors.runUntil(
          env.client.workflow.execute('creativeDirector', {
            taskQueue,
            workflowId: env.workflowId(`quota-${workers}w`),
            args: [
              {
                referenceImages: env.samples.references.slice(0, 1),
                brand: 'linn-atelier',
                mood: 'quota use, linen at dusk',
                batchCount: images,
                concurrency: 16,
                size: 256,
                validation: { maxRounds: 0, minScore: 0 },
                costCapUsd: 100, // the fake server's images cost what Gemini's would: 64 pass the default cap
              },
            ],
          }),
        );
      } finally {
        await Promise.all(processes.map((p) => p.stop()));
      }
      sides.push(summarise(workers, images, perMinute, calls));
    }
    return { quotaPerMinute: perMinute, burst: quotaBurst(perMinute), sides };
  } finally {
    await connection.close();
    await gemini.close();
    await rm(root, { recursive: true, force: true });
  }
}

/** Starts `director worker` (from the sources) with `env`, its state in `stateDir`; waits until it polls. */
async function startImageWorker(stateDir: string, env: NodeJS.ProcessEnv): Promise<ManagedProcess> {
  await mkdir(stateDir, { recursive: true });
  const child = startProcess({
    name: path.basename(stateDir),
    command: process.execPath,
    args: ['--import', 'tsx', path.join(PROJECT_ROOT, 'src', 'client.ts'), 'worker'],
    cwd: PROJECT_ROOT,
    env: { ...env, DIRECTOR_STATE_DIR: stateDir },
    logFile: path.join(stateDir, 'worker.log'),
  });
  const deadline = Date.now() + 120_000;
  while (!/worker polling task queue/.test(await logTail(child.logFile, 40))) {
    await failIfExited(child);
    if (Date.now() > deadline) {
      await child.stop();
      throw new Error(`${child.name} did not start polling within 120 s; see ${child.logFile}`);
    }
    await sleep(200);
  }
  return child;
}

function summarise(
  workers: number,
  images: number,
  perMinute: number,
  calls: { at: number; granted: boolean }[],
): QuotaSide {
  const granted = calls.filter((c) => c.granted).map((c) => c.at);
  const spanMs = Math.max(...granted) - Math.min(...granted);
  const achievedPerMinute = spanMs > 0 ? ((granted.length - 1) / spanMs) * 60_000 : NaN;
  const rateLimited429s = calls.length - granted.length;
  return {
    workers,
    images,
    achievedPerMinute,
    achievedRatio: achievedPerMinute / perMinute,
    rateLimited429s,
    share429: calls.length > 0 ? rateLimited429s / calls.length : 0,
    spanMs,
  };
}
