/**
 * Figure 5, its long part: worker memory over many real E-commerce Directors (0 ms model, so every run is
 * the worker's own work: sharp's decodes and encodes, the workflow's tasks, the stores). RSS after a full
 * GC of every thread every `every` runs; drift = the last reading minus the first, which is taken after
 * the first block so the caches that fill once (the workflow thread, sharp's, the code) are already full.
 */
import type { ecommerceDirector } from '../../src/workflows/ecommerce-director';
import { TASK_QUEUE } from '../../src/shared/names';
import type { BenchEnv } from '../lib/bench-env';
import { perOperation, withCpu, type CpuUse } from '../lib/cpu';
import { runPool } from '../lib/pool';

const MB = 1024 * 1024;

/** One reading: runs finished so far, and the worker's RSS and heap after a full GC. */
export interface SoakReading {
  runs: number;
  rssMb: number;
  heapMb: number;
}

/** The soak's result. */
export interface MemorySoak {
  runs: number;
  inFlight: number;
  readings: SoakReading[];
  /** Highest reading minus lowest, from the first reading on. */
  spreadMb: number;
  /** Last reading minus the first. */
  driftMb: number;
  wallMs: number;
  /** Server and worker CPU per run over the whole soak (readings' GCs included). */
  cpuPerRun: CpuUse;
}

/** Runs the soak: `runs` E-commerce Directors, `inFlight` at once, a reading every `every` runs. */
export async function measureMemorySoak(env: BenchEnv): Promise<MemorySoak> {
  const { runs, every, inFlight } = env.options.plan.memory.soak;
  const zero = { kind: 'fixed', ms: 0 } as const;
  await env.worker.request({
    op: 'configure',
    settings: { imageLatency: zero, textLatency: zero, localLatency: zero, imagesPerMinute: undefined },
  });
  const run = () =>
    env.client.workflow.execute<typeof ecommerceDirector>('ecommerceDirector', {
      taskQueue: TASK_QUEUE,
      workflowId: env.workflowId('soak-ecommerce'),
      args: [{ productImage: env.samples.product, style: 'studio-white', brand: 'bench' }],
    });
  const readings: SoakReading[] = [];
  const started = performance.now();
  const { cpu } = await withCpu(env.pids, async () => {
    for (let done = 0; done < runs;) {
      const block = Math.min(every, runs - done);
      await runPool(block, inFlight, run);
      done += block;
      const memory = await env.worker.request({ op: 'memory' });
      readings.push({ runs: done, rssMb: memory.rss / MB, heapMb: memory.heapUsed / MB });
      env.log(`  soak: ${done} runs → ${(memory.rss / MB).toFixed(0)} MB`);
    }
  });
  const rss = readings.map((reading) => reading.rssMb);
  return {
    runs,
    inFlight,
    readings,
    spreadMb: Math.max(...rss) - Math.min(...rss),
    driftMb: (rss[rss.length - 1] ?? NaN) - (rss[0] ?? NaN),
    wallMs: performance.now() - started,
    cpuPerRun: perOperation(cpu, runs),
  };
}
