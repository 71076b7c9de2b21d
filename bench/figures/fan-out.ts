/**
 * Figure 3: fan-out efficiency. N images at a fixed model latency through the engine's fan-out (all at
 * once for N ≤ 64, through a window for 256): slowest item (its model call, the fixed latency) / stage time
 * (the workflow's own clock, from the stage's start to the task that saw the last item settle); through a
 * window the ideal is rounds × the item. Marginal cost per branch: the slope of the stage time over N.
 * Baseline: the same images as plain promises, timed the same way. The history's view of the slowest
 * item (activity start to completion, which includes waiting for the server to record the completion) is
 * reported beside it.
 */
import type { benchFanOut } from '../workflows/bench-workflows';
import { TASK_QUEUE } from '../../src/shared/names';
import type { BenchEnv } from '../lib/bench-env';
import { settleAll } from '../lib/baseline';
import { perOperation, withCpu, type CpuUse } from '../lib/cpu';
import { activityTimes, fetchEvents } from '../lib/histories';
import { linearFit, max, median } from '../lib/stats';

/** One fan-out size. */
export interface FanOutPoint {
  items: number;
  window: number;
  stageMs: number;
  /** The slowest activity from its start to its recorded completion, from the history. */
  slowestActivityMs: number;
  /** Slowest item (the model latency) / stage time (through a window: rounds × item / stage time). */
  efficiency: number;
  baselineStageMs: number;
  baselineEfficiency: number;
  /** CPU of the server, worker and bench per branch (last repeat). */
  cpuPerBranch: CpuUse;
}

/** Figure 3's result. */
export interface FanOutFigure {
  itemMs: number;
  points: FanOutPoint[];
  /** Extra stage time per extra branch (all-at-once sizes), in ms. */
  marginalMsPerBranch: number;
  baselineMarginalMsPerBranch: number;
}

const SIDE = 256;

/** Measures figure 3. */
export async function measureFanOut(env: BenchEnv): Promise<FanOutFigure> {
  const { itemMs, sizes, windowed, repeats } = env.options.plan.fanOut;
  const settings = { imageLatency: { kind: 'fixed', ms: itemMs } as const, imagesPerMinute: undefined };
  await env.worker.request({ op: 'configure', settings });
  env.baseline.model.configure(settings);
  const shapes = [...sizes.map((n) => ({ items: n, window: n })), windowed];
  const points: FanOutPoint[] = [];
  for (const { items, window } of shapes) {
    const runs: Omit<FanOutPoint, 'items' | 'window' | 'cpuPerBranch'>[] = [];
    let cpuPerBranch: CpuUse | undefined;
    for (let r = 0; r < repeats; r += 1) {
      const { value: temporal, cpu } = await withCpu(env.pids, () => fanOutOnTemporal(env, items, window));
      cpuPerBranch = perOperation(cpu, items);
      const baseline = await fanOutInProcess(env, items, window);
      const ideal = Math.ceil(items / window) * itemMs;
      runs.push({
        stageMs: temporal.stageMs,
        slowestActivityMs: temporal.slowestActivityMs,
        efficiency: ideal / temporal.stageMs,
        baselineStageMs: baseline.stageMs,
        baselineEfficiency: ideal / baseline.stageMs,
      });
    }
    const pick = (key: keyof (typeof runs)[number]) => median(runs.map((run) => run[key]));
    const point: FanOutPoint = {
      items,
      window,
      stageMs: pick('stageMs'),
      slowestActivityMs: pick('slowestActivityMs'),
      efficiency: pick('efficiency'),
      baselineStageMs: pick('baselineStageMs'),
      baselineEfficiency: pick('baselineEfficiency'),
      cpuPerBranch: cpuPerBranch ?? perOperation(emptyCpu(), 1),
    };
    points.push(point);
    env.log(
      `  N=${items} (window ${window}): stage ${point.stageMs.toFixed(0)} ms, efficiency ${point.efficiency.toFixed(3)}`,
    );
  }
  const allAtOnce = points.filter((p) => p.window === p.items);
  return {
    itemMs,
    points,
    marginalMsPerBranch: linearFit(allAtOnce.map((p) => ({ x: p.items, y: p.stageMs }))).slope,
    baselineMarginalMsPerBranch: linearFit(allAtOnce.map((p) => ({ x: p.items, y: p.baselineStageMs })))
      .slope,
  };
}

function emptyCpu(): CpuUse {
  const none = { cpuMs: NaN, waitMs: NaN };
  return { server: none, worker: none, bench: none, wallMs: NaN };
}

async function fanOutOnTemporal(env: BenchEnv, items: number, window: number) {
  const workflowId = env.workflowId(`fanout-${items}`);
  const result = await env.client.workflow.execute<typeof benchFanOut>('benchFanOut', {
    taskQueue: TASK_QUEUE,
    workflowId,
    args: [{ items, concurrency: window, width: SIDE, height: SIDE }],
  });
  const times = activityTimes(await fetchEvents(env.client, workflowId)).map(
    (t) => t.completedMs - t.startedMs,
  );
  return { stageMs: result.stageMs, slowestActivityMs: max(times) };
}

async function fanOutInProcess(env: BenchEnv, items: number, window: number) {
  const runKey = env.workflowId(`baseline-fanout-${items}`);
  const prompts = Array.from({ length: items }, (_, index) => ({
    index,
    text: `bench image ${index + 1}`,
    palette: ['#808080'],
    composition: 'centered' as const,
    seed: index,
  }));
  const started = performance.now();
  await settleAll(prompts, window, (prompt) =>
    env.baseline.call('generateImage', { runKey, prompt, round: 0, width: SIDE, height: SIDE }),
  );
  return { stageMs: performance.now() - started };
}
