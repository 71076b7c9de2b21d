/**
 * Figure 5: worker memory. RSS of the worker process after a full GC: idle (warmed up, nothing open),
 * then with 0 → N open runs parked on their approval gate (`benchHold`: the engine's handlers, tracker
 * and search attributes, one stage running) and held in the worker's cache — the slope is the memory per
 * cached Director — then all approved and finished; three batches, and the drift of idle RSS across them.
 * Then the soak (memory-soak.ts): RSS over thousands of real E-commerce Directors.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { benchHold } from '../workflows/bench-workflows';
import { approvalQuery, approveSignal } from '../../src/shared/messages';
import { TASK_QUEUE } from '../../src/shared/names';
import type { BenchEnv } from '../lib/bench-env';
import { mapLimited } from '../lib/pool';
import { linearFit, median } from '../lib/stats';
import { measureMemorySoak, type MemorySoak } from './memory-soak';

const MB = 1024 * 1024;

/** One batch: RSS at each level of open runs, and idle RSS after they all finished. */
export interface MemoryBatch {
  points: { open: number; rssMb: number; heapMb: number }[];
  perCachedMb: number;
  heapPerCachedMb: number;
  idleAfterMb: number;
}

/** Figure 5's result. */
export interface MemoryFigure {
  /** RSS of the fresh worker, ready but before it ran anything. */
  readyRssMb: number;
  /** RSS once warm (after every other figure), with nothing open. */
  idleRssMb: number;
  idleHeapMb: number;
  /** Median over batches of the RSS slope per open (cached) run. */
  perCachedDirectorMb: number;
  heapPerCachedDirectorMb: number;
  /** Idle RSS after the last batch minus idle RSS after the first. */
  driftMb: number;
  batches: MemoryBatch[];
  /** RSS over many real E-commerce Directors, after the batches. */
  soak: MemorySoak;
}

const STAGES = ['approval', 'publish'];

/** Measures figure 5. */
export async function measureMemory(env: BenchEnv): Promise<MemoryFigure> {
  const { levels, batches: batchCount } = env.options.plan.memory;
  const reading = async () => {
    const memory = await env.worker.request({ op: 'memory' });
    return { rssMb: memory.rss / MB, heapMb: memory.heapUsed / MB };
  };
  const idle = await reading();
  const batches: MemoryBatch[] = [];
  for (let b = 0; b < batchCount; b += 1) {
    const open: WorkflowHandle<typeof benchHold>[] = [];
    const points: MemoryBatch['points'] = [];
    for (const level of levels) {
      const more = Array.from({ length: level - open.length }, () => env.workflowId(`hold-${b + 1}`));
      const started = await mapLimited(more, 16, (workflowId) =>
        env.client.workflow.start<typeof benchHold>('benchHold', {
          taskQueue: TASK_QUEUE,
          workflowId,
          args: [{ stages: STAGES }],
        }),
      );
      await mapLimited(started, 16, (handle) => untilParked(handle));
      open.push(...started);
      points.push({ open: open.length, ...(await reading()) });
    }
    await mapLimited(open, 16, (handle) => handle.signal(approveSignal, { by: 'bench' }));
    await mapLimited(open, 16, (handle) => handle.result());
    const after = await reading();
    const batch: MemoryBatch = {
      points,
      perCachedMb: linearFit(points.map((p) => ({ x: p.open, y: p.rssMb }))).slope,
      heapPerCachedMb: linearFit(points.map((p) => ({ x: p.open, y: p.heapMb }))).slope,
      idleAfterMb: after.rssMb,
    };
    batches.push(batch);
    env.log(
      `  batch ${b + 1}: ${points.map((p) => `${p.open}→${p.rssMb.toFixed(0)} MB`).join(', ')}; idle after ${after.rssMb.toFixed(0)} MB`,
    );
  }
  const soak = await measureMemorySoak(env);
  const first = batches[0]?.idleAfterMb ?? NaN;
  const last = batches[batches.length - 1]?.idleAfterMb ?? NaN;
  return {
    readyRssMb: env.worker.memoryAtReady.rss / MB,
    idleRssMb: idle.rssMb,
    idleHeapMb: idle.heapMb,
    perCachedDirectorMb: median(batches.map((b) => b.perCachedMb)),
    heapPerCachedDirectorMb: median(batches.map((b) => b.heapPerCachedMb)),
    driftMb: last - first,
    batches,
    soak,
  };
}

// Parked: its first workflow task ran and it waits at the gate (the query is answered from the worker's cache).
async function untilParked(handle: WorkflowHandle): Promise<void> {
  for (let i = 0; i < 600; i += 1) {
    const state = await handle.query(approvalQuery).catch(() => undefined);
    if (state?.waiting) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${handle.workflowId} never reached its approval gate`);
}
