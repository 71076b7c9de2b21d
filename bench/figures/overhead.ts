/**
 * Figure 1: orchestration overhead per activity. Chains of no-op activities (`deleteBlobs` of no keys),
 * one chain at a time; per activity = the time between one activity's completion and the next one's, from
 * the history's event times (a workflow task, a dispatch, the call, a completion). Bare calls, and the same
 * chain as engine stages (tracker, search attributes, details). Baseline: the same calls as plain promises.
 */
import type { benchChain } from '../workflows/bench-workflows';
import { TASK_QUEUE } from '../../src/shared/names';
import type { BenchEnv } from '../lib/bench-env';
import { perOperation, withCpu, type CpuUse } from '../lib/cpu';
import { activityTimes, fetchEvents, stepParts } from '../lib/histories';
import { mapLimited } from '../lib/pool';
import { median, quantile } from '../lib/stats';

/** Per-activity times of one variant, in ms. */
export interface OverheadStats {
  medianMs: number;
  p95Ms: number;
  samples: number;
  /** Whole chain (start to result, as the client saw it) divided by its activities: median over chains. */
  endToEndPerActivityMs: number;
  /** CPU of the server, worker and bench per activity (and the time their threads waited for a CPU). */
  cpuPerActivity: CpuUse;
  /** Medians of the parts of a step, from the histories (NaN for the baseline). */
  parts: {
    wftScheduleToStartMs: number;
    wftStartToCompleteMs: number;
    activityScheduleToStartMs: number;
    activityStartToCompleteMs: number;
  };
}

/** Figure 1's result. */
export interface OverheadFigure {
  steps: number;
  chains: number;
  bare: OverheadStats;
  engine: OverheadStats;
  baseline: OverheadStats;
}

/** Measures figure 1. */
export async function measureOverhead(env: BenchEnv): Promise<OverheadFigure> {
  const { warmup, chains, steps } = env.options.plan.overhead;
  const runChain = async (engine: boolean) => {
    const workflowId = env.workflowId(engine ? 'chain-engine' : 'chain');
    const started = performance.now();
    await env.client.workflow.execute<typeof benchChain>('benchChain', {
      taskQueue: TASK_QUEUE,
      workflowId,
      args: [{ steps, engine }],
    });
    return { workflowId, wallMs: performance.now() - started };
  };
  for (let i = 0; i < warmup; i += 1) {
    await runChain(false);
    await runChain(true);
  }
  const variant = async (engine: boolean): Promise<OverheadStats> => {
    const { value: runs, cpu } = await withCpu(env.pids, async () => {
      const done: { workflowId: string; wallMs: number }[] = [];
      for (let i = 0; i < chains; i += 1) done.push(await runChain(engine));
      return done;
    });
    const histories = await mapLimited(runs, 8, (run) => fetchEvents(env.client, run.workflowId));
    const gaps = histories.flatMap((events) => {
      const done = activityTimes(events)
        .map((t) => t.completedMs)
        .sort((a, b) => a - b);
      return done.slice(1).map((at, i) => at - (done[i] ?? at));
    });
    const parts = histories.map(stepParts);
    const part = (key: keyof ReturnType<typeof stepParts>) => median(parts.flatMap((p) => p[key]));
    return {
      ...stats(
        gaps,
        runs.map((r) => r.wallMs / steps),
        perOperation(cpu, chains * steps),
      ),
      parts: {
        wftScheduleToStartMs: part('wftScheduleToStart'),
        wftStartToCompleteMs: part('wftStartToComplete'),
        activityScheduleToStartMs: part('activityScheduleToStart'),
        activityStartToCompleteMs: part('activityStartToComplete'),
      },
    };
  };
  const bare = await variant(false);
  const engine = await variant(true);

  const calls: number[] = [];
  const perChain: number[] = [];
  const { cpu } = await withCpu(env.pids, async () => {
    for (let i = 0; i < warmup + chains; i += 1) {
      const chainStarted = performance.now();
      for (let s = 0; s < steps; s += 1) {
        const at = performance.now();
        await env.baseline.call('deleteBlobs', { keys: [] });
        if (i >= warmup) calls.push(performance.now() - at);
      }
      if (i >= warmup) perChain.push((performance.now() - chainStarted) / steps);
    }
  });
  const none = {
    wftScheduleToStartMs: NaN,
    wftStartToCompleteMs: NaN,
    activityScheduleToStartMs: NaN,
    activityStartToCompleteMs: NaN,
  };
  const baseline = { ...stats(calls, perChain, perOperation(cpu, (warmup + chains) * steps)), parts: none };
  return { steps, chains, bare, engine, baseline };
}

function stats(samples: number[], endToEnd: number[], cpuPerActivity: CpuUse): Omit<OverheadStats, 'parts'> {
  return {
    medianMs: median(samples),
    p95Ms: quantile(samples, 0.95),
    samples: samples.length,
    endToEndPerActivityMs: median(endToEnd),
    cpuPerActivity,
  };
}
