/**
 * Figure 13: a catalog at scale. One `catalogDirector` over a manifest of `lines` E-commerce lines (the fake
 * model at 0 ms, so the figure is the orchestration, not the model), through a window, continuing as new
 * every `segmentLines`. Measured:
 * - orchestration cost per line: server + worker CPU per catalog line, minus the CPU of the same E-commerce
 *   Director run standalone (the same number in flight), i.e. what the catalog adds to each line;
 * - worker memory (RSS after a full GC) as lines settle: flat means nothing grows with the catalog;
 * - history size of every segment (events and bytes), the largest one against Temporal's limits.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { CatalogInput, CatalogProgress } from '../../src/shared/catalog';
import { catalogProgressQuery } from '../../src/shared/messages';
import { CATALOG_WORKFLOW_TYPE, TASK_QUEUE } from '../../src/shared/names';
import type { ecommerceDirector } from '../../src/workflows/ecommerce-director';
import type { BenchEnv } from '../lib/bench-env';
import { perOperation, withCpu, type CpuUse } from '../lib/cpu';
import { runPool } from '../lib/pool';
import { linearFit, median } from '../lib/stats';

const MB = 1024 * 1024;

/** One reading of the worker's memory while the catalog ran. */
export interface CatalogMemoryPoint {
  settled: number;
  rssMb: number;
  heapMb: number;
}

/** One continue-as-new segment's history. */
export interface SegmentHistory {
  events: number;
  bytes: number;
}

/** Figure 13's result. */
export interface CatalogFigure {
  lines: number;
  window: number;
  segmentLines: number;
  linesPerMinute: number;
  /** CPU per catalog line (server, worker, bench). */
  perLine: CpuUse;
  /** CPU per standalone E-commerce run, the same number in flight. */
  perStandaloneRun: CpuUse;
  /** Server + worker CPU the catalog adds to each line (catalog per line − standalone per run), ms. */
  orchestrationMsPerLine: number;
  memory: CatalogMemoryPoint[];
  /** RSS slope over the run, MB per 1 000 settled lines (flat ≈ 0). */
  rssMbPer1000Lines: number;
  segments: SegmentHistory[];
  largestSegment: SegmentHistory;
}

/** Measures figure 13. */
export async function measureCatalog(env: BenchEnv): Promise<CatalogFigure> {
  const { lines, window, segmentLines, standaloneRuns } = env.options.plan.catalog;
  const zero = { kind: 'fixed', ms: 0 } as const;
  await env.worker.request({
    op: 'configure',
    settings: { imageLatency: zero, textLatency: zero, localLatency: zero },
    unset: ['imagesPerMinute'],
  });
  const ecommerceInput = (brand: string) => ({
    productImage: env.samples.product,
    style: 'studio-white' as const,
    canvasSize: 512,
    brand,
  });

  const standalone = await withCpu(env.pids, () =>
    runPool(standaloneRuns, window, (index) =>
      env.client.workflow.execute<typeof ecommerceDirector>('ecommerceDirector', {
        taskQueue: TASK_QUEUE,
        workflowId: env.workflowId('catalog-standalone'),
        args: [ecommerceInput(`standalone-${index}`)],
      }),
    ),
  );
  const perStandaloneRun = perOperation(standalone.cpu, standaloneRuns);

  const folder = await mkdtemp(path.join(os.tmpdir(), 'director-bench-catalog-'));
  try {
    const manifest = path.join(folder, 'catalog.csv');
    const rows = Array.from(
      { length: lines },
      // A brand of its own per line: every line's fingerprint differs, so every line runs.
      (_, i) => `SKU-${String(i).padStart(5, '0')},${env.samples.product},studio-white,line-${i},512`,
    );
    await writeFile(manifest, ['sku,image,style,brand,canvasSize', ...rows].join('\n') + '\n');
    const catalogId = env.workflowId('catalog');
    const input: CatalogInput = { manifest: pathToFileURL(manifest).href, window, segmentLines };
    const memory: CatalogMemoryPoint[] = [];
    const run = await withCpu(env.pids, async () => {
      const handle = await env.client.workflow.start(CATALOG_WORKFLOW_TYPE, {
        taskQueue: TASK_QUEUE,
        workflowId: catalogId,
        args: [input],
      });
      const every = Math.max(1, Math.floor(lines / 10));
      let next = 0;
      const done: Promise<unknown> = handle.result();
      let finished = false;
      void done.then(
        () => (finished = true),
        () => (finished = true),
      );
      while (!finished) {
        const progress = await queryProgress(env.client, catalogId);
        const settled = progress ? progress.done + progress.failed : 0;
        if (settled >= next) {
          const reading = await env.worker.request({ op: 'memory' });
          memory.push({ settled, rssMb: reading.rss / MB, heapMb: reading.heapUsed / MB });
          env.log(`  ${settled}/${lines} lines settled, worker RSS ${(reading.rss / MB).toFixed(0)} MB`);
          next = settled + every;
        }
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      return done;
    });
    const after = await env.worker.request({ op: 'memory' });
    memory.push({ settled: lines, rssMb: after.rss / MB, heapMb: after.heapUsed / MB });
    const perLine = perOperation(run.cpu, lines);
    const segments = await segmentHistories(env.client, catalogId);
    const largest = segments.reduce((a, b) => (b.bytes > a.bytes ? b : a), { events: 0, bytes: 0 });
    const workerAndServer = (cpu: CpuUse) => cpu.server.cpuMs + cpu.worker.cpuMs;
    return {
      lines,
      window,
      segmentLines,
      linesPerMinute: lines / (run.cpu.wallMs / 60_000),
      perLine,
      perStandaloneRun,
      orchestrationMsPerLine: workerAndServer(perLine) - workerAndServer(perStandaloneRun),
      memory,
      rssMbPer1000Lines: linearFit(memory.map((p) => ({ x: p.settled, y: p.rssMb }))).slope * 1000,
      segments,
      largestSegment: largest,
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

async function queryProgress(client: Client, catalogId: string): Promise<CatalogProgress | undefined> {
  return client.workflow
    .getHandle(catalogId)
    .query(catalogProgressQuery)
    .catch(() => undefined);
}

/** Every run of the catalog's continue-as-new chain, oldest first: its events and encoded size. */
async function segmentHistories(client: Client, catalogId: string): Promise<SegmentHistory[]> {
  const runIds: string[] = [];
  for await (const execution of client.workflow.list({ query: `WorkflowId = '${catalogId}'` })) {
    runIds.push(execution.runId);
  }
  const segments: SegmentHistory[] = [];
  for (const runId of runIds.reverse()) {
    const history = await client.workflow.getHandle(catalogId, runId).fetchHistory();
    const bytes = temporal.api.history.v1.History.encode(history).finish().length;
    segments.push({ events: history.events?.length ?? 0, bytes });
  }
  return segments;
}

/** The median segment, for the table. */
export function medianSegmentBytes(figure: CatalogFigure): number {
  return median(figure.segments.map((s) => s.bytes));
}
