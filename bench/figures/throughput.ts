/**
 * Figure 4: throughput with 0 ms activities, a fixed number of runs in flight (each finished run replaced
 * by a new one). A Director-shaped run (six no-op stages through the engine), a one-activity workflow (the
 * shape of Temporal's published TypeScript load test), and the real E-commerce Director with the fake model
 * at 0 ms (its image work — decoding, measuring, writing — is real). Workflow-task schedule-to-start from
 * the histories. Baseline: the same as plain promises.
 */
import type { benchChain } from '../workflows/bench-workflows';
import type { ecommerceDirector } from '../../src/workflows/ecommerce-director';
import { TASK_QUEUE } from '../../src/shared/names';
import type { BenchEnv } from '../lib/bench-env';
import { ecommerceInProcess, noopChainInProcess } from '../lib/baseline-directors';
import { perOperation, withCpu, type CpuUse } from '../lib/cpu';
import { fetchEvents, historyShape, workflowTaskScheduleToStart, type HistoryShape } from '../lib/histories';
import { mapLimited, runPool } from '../lib/pool';
import { median, quantile } from '../lib/stats';

/** One workload's throughput. */
export interface ThroughputRow {
  runs: number;
  inFlight: number;
  perSecond: number;
  /** Start to result, per run, as the client saw it. */
  latencyP50Ms: number;
  latencyP95Ms: number;
  /** Workflow tasks: schedule-to-start, from history event times (NaN for the baseline). */
  wftScheduleToStartP50Ms: number;
  wftScheduleToStartP95Ms: number;
  baselinePerSecond: number;
  /** CPU of the server, worker and bench per run. */
  cpuPerRun: CpuUse;
  /** One run's history, the median of each count (NaN for none). */
  perRun: HistoryShape;
}

/** Figure 4's result. */
export interface ThroughputFigure {
  director: ThroughputRow;
  oneActivity: ThroughputRow;
  ecommerce: ThroughputRow;
}

const DIRECTOR_STAGES = 6; // the E-commerce Director's stage count

/** Measures figure 4. */
export async function measureThroughput(env: BenchEnv): Promise<ThroughputFigure> {
  const plan = env.options.plan.throughput;
  const zero = { kind: 'fixed', ms: 0 } as const;
  const settings = { imageLatency: zero, textLatency: zero, localLatency: zero, imagesPerMinute: undefined };
  await env.worker.request({ op: 'configure', settings });
  env.baseline.model.configure(settings);

  const chain = (prefix: string, steps: number, engine: boolean) => async () => {
    const workflowId = env.workflowId(prefix);
    await env.client.workflow.execute<typeof benchChain>('benchChain', {
      taskQueue: TASK_QUEUE,
      workflowId,
      args: [{ steps, engine }],
    });
    return workflowId;
  };
  const ecommerce = async () => {
    const workflowId = env.workflowId('tput-ecommerce');
    await env.client.workflow.execute<typeof ecommerceDirector>('ecommerceDirector', {
      taskQueue: TASK_QUEUE,
      workflowId,
      args: [{ productImage: env.samples.product, style: 'studio-white', brand: 'bench' }],
    });
    return workflowId;
  };
  await runPool(plan.warmup, plan.inFlight, chain('warmup', DIRECTOR_STAGES, true));

  const director = await measure(
    env,
    plan.directors,
    plan.inFlight,
    chain('tput-director', DIRECTOR_STAGES, true),
    () => noopChainInProcess(env.baseline.call, DIRECTOR_STAGES),
  );
  env.log(`  Director-shaped (6 no-op stages): ${director.perSecond.toFixed(1)}/s`);
  const oneActivity = await measure(env, plan.oneActivity, plan.inFlight, chain('tput-one', 1, false), () =>
    env.baseline.call('deleteBlobs', { keys: [] }),
  );
  env.log(`  one-activity workflow: ${oneActivity.perSecond.toFixed(1)}/s`);
  const { runs, inFlight } = plan.ecommerce;
  const ecommerceRow = await measure(env, runs, inFlight, ecommerce, () =>
    ecommerceInProcess(env.baseline.call, {
      runKey: env.workflowId('baseline-tput'),
      productImage: env.samples.product,
      style: 'studio-white',
      canvasSize: 1600,
    }),
  );
  env.log(`  E-commerce Director (0 ms model): ${ecommerceRow.perSecond.toFixed(1)}/s`);
  return { director, oneActivity, ecommerce: ecommerceRow };
}

async function measure(
  env: BenchEnv,
  runs: number,
  inFlight: number,
  start: () => Promise<string>,
  inProcess: () => Promise<unknown>,
): Promise<ThroughputRow> {
  const ids: string[] = [];
  const { value: pool, cpu } = await withCpu(env.pids, () =>
    runPool(runs, inFlight, async () => ids.push(await start())),
  );
  const { durations, wallMs } = pool;
  const histories = await mapLimited(ids, 8, (id) => fetchEvents(env.client, id));
  const waits = histories.flatMap(workflowTaskScheduleToStart);
  const shapes = histories.map(historyShape);
  const medianOf = (key: keyof HistoryShape) => median(shapes.map((shape) => shape[key]));
  const baseline = await runPool(runs, inFlight, inProcess);
  return {
    runs,
    inFlight,
    perSecond: runs / (wallMs / 1000),
    latencyP50Ms: median(durations),
    latencyP95Ms: quantile(durations, 0.95),
    wftScheduleToStartP50Ms: median(waits),
    wftScheduleToStartP95Ms: quantile(waits, 0.95),
    baselinePerSecond: runs / (baseline.wallMs / 1000),
    cpuPerRun: perOperation(cpu, runs),
    perRun: {
      events: medianOf('events'),
      workflowTasks: medianOf('workflowTasks'),
      activities: medianOf('activities'),
      markers: medianOf('markers'),
    },
  };
}
