/**
 * Figure 2: a whole Director at realistic model latencies (long-tailed, fake model), on Temporal and as
 * plain promises. Each Temporal run is paired with a baseline run started at the same moment, each over its
 * own fake model seeded alike, so both draw the same latencies (in the same order for sequential stages).
 */
import type { creativeDirector } from '../../src/workflows/creative-director';
import type { ecommerceDirector } from '../../src/workflows/ecommerce-director';
import type { FakeModelSettings } from '../../src/model/fake/fake-model';
import { formatLatencySpec } from '../../src/model/fake/latency';
import { TASK_QUEUE } from '../../src/shared/names';
import type { BenchEnv } from '../lib/bench-env';
import type { RunSummary } from '../../src/shared/stages';
import { creativeInProcess, ecommerceInProcess, type StageTime } from '../lib/baseline-directors';
import { fetchEvents, historyShape } from '../lib/histories';

/** One pair of runs. */
export interface DirectorPair {
  director: 'ecommerce' | 'creative';
  temporalMs: number;
  baselineMs: number;
  ratio: number;
  /** The run's history: events, and its size as JSON (every payload included). */
  historyEvents: number;
  historyKb: number;
  /** Workflow tasks the run took (each one a round trip from the server to a worker). */
  workflowTasks: number;
  /** Each stage's time: on Temporal by the workflow clock (the run's summary), in-process as measured. */
  stages: { name: string; temporalMs: number; baselineMs: number }[];
}

/** Figure 2's result. */
export interface DirectorFigure {
  imageLatency: string;
  textLatency: string;
  pairs: DirectorPair[];
  /** Sum of Temporal times over sum of baseline times, per Director and over all. */
  ecommerceRatio: number;
  creativeRatio: number;
  ratio: number;
  /** Mean extra time a Director took on Temporal, in ms. */
  meanExtraMs: number;
}

const BRAND = 'linn-atelier';

/** Measures figure 2. */
export async function measureDirector(env: BenchEnv): Promise<DirectorFigure> {
  const plan = env.options.plan.director;
  const pairs: DirectorPair[] = [];
  const configure = async (seed: number) => {
    const settings: Partial<FakeModelSettings> = {
      imageLatency: plan.imageLatency,
      textLatency: plan.textLatency,
      localLatency: { kind: 'fixed', ms: 0 },
      imagesPerMinute: undefined,
      seed,
    };
    await env.worker.request({ op: 'configure', settings });
    env.baseline.model.configure(settings);
  };
  const time = async <T>(run: () => Promise<T>) => {
    const started = performance.now();
    const value = await run();
    return { value, ms: performance.now() - started };
  };
  const pair = async (
    director: DirectorPair['director'],
    workflowId: string,
    temporal: () => Promise<{ summary: RunSummary }>,
    inProcess: () => Promise<StageTime[]>,
  ) => {
    const [onTemporal, inProc] = await Promise.all([time(temporal), time(inProcess)]);
    const [temporalMs, baselineMs] = [onTemporal.ms, inProc.ms];
    const stages = onTemporal.value.summary.stages
      .filter((stage) => stage.durationMs !== undefined)
      .map((stage) => ({
        name: stage.name,
        temporalMs: stage.durationMs ?? NaN,
        baselineMs: inProc.value.find((b) => b.name === stage.name)?.ms ?? NaN,
      }));
    const events = await fetchEvents(env.client, workflowId);
    const historyKb = Buffer.byteLength(JSON.stringify(events)) / 1024;
    const historyEvents = events.length;
    pairs.push({
      director,
      temporalMs,
      baselineMs,
      ratio: temporalMs / baselineMs,
      historyEvents,
      historyKb,
      workflowTasks: historyShape(events).workflowTasks,
      stages,
    });
    env.log(
      `  ${director}: Temporal ${(temporalMs / 1000).toFixed(2)} s, in-process ${(baselineMs / 1000).toFixed(2)} s`,
    );
  };

  for (let i = 0; i < plan.ecommerceRuns; i += 1) {
    await configure(100 + i);
    const workflowId = env.workflowId('ecommerce');
    await pair(
      'ecommerce',
      workflowId,
      () =>
        env.client.workflow.execute<typeof ecommerceDirector>('ecommerceDirector', {
          taskQueue: TASK_QUEUE,
          workflowId,
          args: [{ productImage: env.samples.product, style: 'warm-beige', brand: 'bench' }],
        }),
      () =>
        ecommerceInProcess(env.baseline.call, {
          runKey: `baseline-${workflowId}`,
          productImage: env.samples.product,
          style: 'warm-beige',
          canvasSize: 1600,
        }),
    );
  }
  const creative = plan.creative;
  for (let i = 0; i < plan.creativeRuns; i += 1) {
    await configure(200 + i);
    const workflowId = env.workflowId('creative');
    const mood = `bench morning ${i + 1}`;
    await pair(
      'creative',
      workflowId,
      () =>
        env.client.workflow.execute<typeof creativeDirector>('creativeDirector', {
          taskQueue: TASK_QUEUE,
          workflowId,
          args: [
            {
              referenceImages: env.samples.references,
              brand: BRAND,
              mood,
              batchCount: creative.batchCount,
              concurrency: creative.concurrency,
              size: creative.size,
            },
          ],
        }),
      () =>
        creativeInProcess(env.baseline.call, {
          runKey: `baseline-${workflowId}`,
          referenceImages: env.samples.references,
          brand: BRAND,
          mood,
          batchCount: creative.batchCount,
          concurrency: creative.concurrency,
          size: creative.size,
          maxRounds: 2,
        }),
    );
  }
  const ratioOf = (list: DirectorPair[]) =>
    list.reduce((sum, p) => sum + p.temporalMs, 0) / list.reduce((sum, p) => sum + p.baselineMs, 0);
  return {
    imageLatency: formatLatencySpec(plan.imageLatency),
    textLatency: formatLatencySpec(plan.textLatency),
    pairs,
    ecommerceRatio: ratioOf(pairs.filter((p) => p.director === 'ecommerce')),
    creativeRatio: ratioOf(pairs.filter((p) => p.director === 'creative')),
    ratio: ratioOf(pairs),
    meanExtraMs: pairs.reduce((sum, p) => sum + p.temporalMs - p.baselineMs, 0) / pairs.length,
  };
}
