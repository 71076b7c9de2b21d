/**
 * Figure 3b: fan-out under a rate limit. The fake model allows `perMinute` image calls (a token bucket
 * of one second's worth) and answers the rest with a retryable `ModelRateLimited` carrying a retry delay,
 * which Temporal's retry honours. Achieved rate: calls the model accepted per minute while the stage ran
 * (after the initial burst); 429s counted by the model, their worst one-second burst, the most attempts any
 * image needed, and images that failed. Baseline: the same with an in-process retry loop.
 */
import type { benchFanOut } from '../workflows/bench-workflows';
import type { FakeCallEvent } from '../../src/model/fake/fake-model';
import { TASK_QUEUE } from '../../src/shared/names';
import type { BenchEnv } from '../lib/bench-env';
import { settleAll, withRetry } from '../lib/baseline';
import { activityTimes, fetchEvents } from '../lib/histories';

/** What one side achieved under the limit. */
export interface RateLimitSide {
  achievedPerMinute: number;
  /** Achieved / limit. */
  achievedRatio: number;
  rateLimited429s: number;
  /** Most 429s answered within any one second. */
  peak429PerSecond: number;
  maxAttempts: number;
  failed: number;
  stageMs: number;
}

/** Figure 3b's result. */
export interface RateLimitFigure {
  limitPerMinute: number;
  burst: number;
  images: number;
  window: number;
  temporal: RateLimitSide;
  baseline: RateLimitSide;
}

const SIDE = 256;
const ATTEMPTS = 5; // the generation preset's maximumAttempts

/** Measures figure 3b. */
export async function measureRateLimit(env: BenchEnv): Promise<RateLimitFigure> {
  const { perMinute, items, window, itemMs } = env.options.plan.rateLimit;
  const burst = Math.max(1, Math.floor(perMinute / 60));
  const settings = { imageLatency: { kind: 'fixed', ms: itemMs } as const, imagesPerMinute: perMinute };

  await env.worker.request({ op: 'configure', settings });
  await env.worker.request({ op: 'record', on: true });
  const workflowId = env.workflowId('ratelimit');
  const result = await env.client.workflow.execute<typeof benchFanOut>('benchFanOut', {
    taskQueue: TASK_QUEUE,
    workflowId,
    args: [{ items, concurrency: window, width: SIDE, height: SIDE }],
  });
  await env.worker.request({ op: 'record', on: false });
  const workerEvents = await env.worker.request({ op: 'drain' });
  const attempts = activityTimes(await fetchEvents(env.client, workflowId)).map((t) => t.attempt);
  const temporal = summarise(workerEvents, perMinute, burst, {
    maxAttempts: Math.max(1, ...attempts),
    failed: result.rejected,
    stageMs: result.stageMs,
  });
  await env.worker.request({ op: 'configure', settings: { imagesPerMinute: undefined } });

  env.baseline.model.configure(settings);
  env.baseline.record(true);
  const runKey = env.workflowId('baseline-ratelimit');
  const started = performance.now();
  let maxAttempts = 1;
  const settled = await settleAll(
    Array.from({ length: items }, (_, index) => index),
    window,
    async (index) => {
      const prompt = {
        index,
        text: `bench image ${index + 1}`,
        palette: ['#808080'],
        composition: 'centered' as const,
        seed: index,
      };
      const { attempts: used } = await withRetry(
        () => env.baseline.call('generateImage', { runKey, prompt, round: 0, width: SIDE, height: SIDE }),
        ATTEMPTS,
      );
      maxAttempts = Math.max(maxAttempts, used);
    },
  );
  const stageMs = performance.now() - started;
  env.baseline.record(false);
  env.baseline.model.configure({ imagesPerMinute: undefined });
  const baseline = summarise(env.baseline.drain(), perMinute, burst, {
    maxAttempts,
    failed: settled.filter((s) => s.status === 'rejected').length,
    stageMs,
  });
  return { limitPerMinute: perMinute, burst, images: items, window, temporal, baseline };
}

function summarise(
  events: FakeCallEvent[],
  perMinute: number,
  burst: number,
  rest: Pick<RateLimitSide, 'maxAttempts' | 'failed' | 'stageMs'>,
): RateLimitSide {
  const images = events.filter((e) => e.kind === 'image');
  const granted = images
    .filter((e) => e.outcome !== 'rate-limited')
    .map((e) => e.at)
    .sort((a, b) => a - b);
  const refused = images
    .filter((e) => e.outcome === 'rate-limited')
    .map((e) => e.at)
    .sort((a, b) => a - b);
  const first = granted[0] ?? 0;
  const last = granted[granted.length - 1] ?? 0;
  // The bucket starts full: the first `burst` calls are free, the rest come at the limit's pace.
  const achievedPerMinute = last > first ? ((granted.length - burst) / (last - first)) * 60_000 : NaN;
  let peak = 0;
  for (let i = 0, j = 0; i < refused.length; i += 1) {
    while ((refused[i] ?? 0) - (refused[j] ?? 0) >= 1_000) j += 1;
    peak = Math.max(peak, i - j + 1);
  }
  return {
    achievedPerMinute,
    achievedRatio: achievedPerMinute / perMinute,
    rateLimited429s: refused.length,
    peak429PerSecond: peak,
    ...rest,
  };
}
