/**
 * Records the histories that the replay tests replay: every Director in success, failure-with-
 * compensation and cancel scenarios, run on a fresh dev server, saved to
 * test/histories/<recording>/<name>.json, where <recording> is the first argument or this month (yyyy-mm).
 * Record a new set after an intended change to workflow code and commit it beside the older sets, which
 * keep replaying: runs in flight were recorded by the older code.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createQueueWorkers } from '../src/worker';
import { WORKER_QUEUES } from '../src/worker-queues';
import type { Activities } from '../src/activities';
import { createActivities } from '../src/activities';
import { drawSampleProduct } from '../src/samples/sample-product';
import {
  budgetQuery,
  cancelSignal,
  catalogProgressQuery,
  progressQuery,
  raiseBudgetUpdate,
  reviewQuery,
  reviewUpdate,
} from '../src/shared/messages';
import type { ReviewState } from '../src/shared/review';
import { LocalObjectStore } from '../src/storage/local-object-store';
import { StageCache } from '../src/storage/stage-cache';
import type { temporal } from '@temporalio/proto';
import { loadWorkflowBundle } from '../src/workflow-bundle';
import { startTestServer } from '../test/helpers/test-server';
import { tempDeps } from '../test/helpers/temp-deps';

const RECORDING = process.argv[2] ?? new Date().toISOString().slice(0, 7);
const OUT_DIR = path.resolve(__dirname, '../test/histories', RECORDING);

interface Scenario {
  name: string;
  workflowType: string;
  args: (samplePath: string) => unknown[] | Promise<unknown[]>;
  /** Record every run of its continue-as-new chain (`<name>.run-<n>.json`), not just the last. */
  chain?: boolean;
  /** Child workflow ids (suffixes of the parent's id) whose histories are recorded too. */
  children?: string[];
  /** Activities replaced for this scenario (e.g. a stage that hangs until cancelled), given the real ones. */
  overrides?: Partial<Activities> | ((real: Activities) => Partial<Activities>);
  /** What to do to the run once started (e.g. cancel it mid-stage). */
  drive?: (handle: WorkflowHandle) => Promise<void>;
}

async function hang(): Promise<never> {
  for (;;) {
    Context.current().heartbeat();
    await Context.current().sleep(100);
  }
}

const hangingBackground: Partial<Activities> = { generateBackground: hang };
const failingTryOn: Partial<Activities> = {
  tryOnGarment: () =>
    Promise.reject(
      ApplicationFailure.create({ type: 'InjectedFailure', message: 'recorded failure', nonRetryable: true }),
    ),
};

async function untilStage(handle: WorkflowHandle, stage: string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    const progress = await handle.query(progressQuery).catch(() => undefined);
    if (progress?.stage === stage) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`run never reached stage ${stage}`);
}

/**
 * Writes a catalog manifest beside the sample: two E-commerce lines for `brand` and one bad line. Each
 * scenario has a brand of its own: lines another scenario published would be skipped, not run.
 */
async function catalogManifest(samplePath: string, brand: string): Promise<string> {
  const file = path.join(path.dirname(samplePath), `catalog-${brand}.jsonl`);
  const lines = [
    { sku: 'TOTE-1', image: samplePath, style: 'studio-white', brand, canvasSize: 512 },
    { sku: 'TOTE-2', image: samplePath, style: 'warm-beige', brand, canvasSize: 512 },
    { sku: 'TOTE-3', image: samplePath, style: 'neon-jungle', canvasSize: 512 },
  ];
  await writeFile(file, lines.map((line) => JSON.stringify(line)).join('\n'));
  return file;
}

/** Waits until the run's review gate waits for decisions in review round `round`. */
async function untilReviewWaits(handle: WorkflowHandle, round: number): Promise<ReviewState> {
  for (let i = 0; i < 600; i += 1) {
    const state = await handle.query(reviewQuery).catch(() => undefined);
    if (state?.waiting && state.round === round) return state;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the review never waited in round ${round}`);
}

async function untilBudgetPause(handle: WorkflowHandle): Promise<void> {
  for (let i = 0; i < 600; i += 1) {
    const budget = await handle.query(budgetQuery).catch(() => undefined);
    if (budget?.pause) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the run never paused for budget');
}

/** Every generated image billed at a made-up price, so that a small cap pauses the run. */
function pricedImages(real: Activities): Partial<Activities> {
  return {
    generateImage: async (input) => ({
      ...(await real.generateImage(input)),
      usage: {
        calls: 1,
        inputTokens: 40,
        outputTokens: 0,
        images: 1,
        costUsd: 0.3,
        models: ['recorded-image'],
      },
    }),
  };
}

async function untilLineRunning(handle: WorkflowHandle): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    const progress = await handle.query(catalogProgressQuery).catch(() => undefined);
    if ((progress?.running ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('no catalog line ever ran');
}

/** The Creative input of the success scenario, run again unchanged by the rerun scenario. */
function sereneCreative(samplePath: string) {
  const input = { referenceImages: [samplePath], brand: 'linn-atelier', mood: 'serene', batchCount: 2 };
  return { ...input, size: 256, validation: { minScore: 0 } };
}

const SCENARIOS: Scenario[] = [
  {
    // Two segments of two lines: the second continues the first (continue-as-new), one line is invalid.
    name: 'catalog-success',
    workflowType: 'catalogDirector',
    args: async (p) => [{ manifest: await catalogManifest(p, 'north-pier'), window: 1, segmentLines: 2 }],
    chain: true,
  },
  {
    name: 'catalog-cancel-signal',
    workflowType: 'catalogDirector',
    args: async (p) => [{ manifest: await catalogManifest(p, 'soleil-studio'), window: 2 }],
    overrides: hangingBackground,
    drive: async (handle) => {
      await untilLineRunning(handle);
      await handle.signal(cancelSignal, { reason: 'recorded cancel' });
    },
  },
  {
    name: 'ecommerce-success',
    workflowType: 'ecommerceDirector',
    args: (p) => [{ productImage: p, canvasSize: 800 }],
  },
  {
    name: 'ecommerce-quality-rejected',
    workflowType: 'ecommerceDirector',
    args: (p) => [{ productImage: p, canvasSize: 800, quality: { minSharpness: 1e9 } }],
  },
  {
    name: 'ecommerce-cancel-signal',
    workflowType: 'ecommerceDirector',
    args: (p) => [{ productImage: p, canvasSize: 800 }],
    overrides: hangingBackground,
    drive: async (handle) => {
      await untilStage(handle, 'background-generation');
      await handle.signal(cancelSignal, { reason: 'recorded cancel' });
    },
  },
  {
    name: 'ecommerce-cancel-temporal',
    workflowType: 'ecommerceDirector',
    args: (p) => [{ productImage: p, canvasSize: 800 }],
    overrides: hangingBackground,
    drive: async (handle) => {
      await untilStage(handle, 'background-generation');
      await handle.cancel();
    },
  },
  {
    name: 'creative-success',
    workflowType: 'creativeDirector',
    args: (p) => [sereneCreative(p)],
  },
  {
    // The same input again: prompts and images come from the stage cache (patch stage-cache).
    name: 'creative-rerun-unchanged',
    workflowType: 'creativeDirector',
    args: (p) => [{ ...sereneCreative(p), rerunOf: 'history-creative-success' }],
  },
  {
    // Per-image review at the gate (patch image-review): keep one, drop one, redo one, then keep it.
    name: 'creative-review',
    workflowType: 'creativeDirector',
    args: (p) => [
      {
        referenceImages: [p],
        brand: 'linn-atelier',
        mood: 'quiet',
        batchCount: 3,
        size: 256,
        validation: { minScore: 0 },
        approval: { required: true, timeout: '10 minutes' },
      },
    ],
    drive: async (handle) => {
      await untilReviewWaits(handle, 0);
      const decisions = [
        { index: 0, action: 'keep' as const },
        { index: 1, action: 'drop' as const },
        { index: 2, action: 'redo' as const, note: 'warmer light' },
      ];
      await handle.executeUpdate(reviewUpdate, { args: [{ decisions, by: 'recorder' }] });
      await untilReviewWaits(handle, 1);
      await handle.executeUpdate(reviewUpdate, {
        args: [{ decisions: [{ index: 2, action: 'keep' }], by: 'recorder' }],
      });
    },
  },
  {
    // The second image would pass the cap: the run pauses (patch budget-pause) until the budget is raised.
    name: 'creative-budget-pause',
    workflowType: 'creativeDirector',
    args: (p) => [
      {
        referenceImages: [p],
        brand: 'north-pier',
        mood: 'thrifty',
        batchCount: 2,
        size: 256,
        concurrency: 1,
        costCapUsd: 0.5,
        validation: { minScore: 0 },
      },
    ],
    overrides: pricedImages,
    drive: async (handle) => {
      await untilBudgetPause(handle);
      await handle.executeUpdate(raiseBudgetUpdate, { args: [{ usd: 1, by: 'recorder' }] });
    },
  },
  {
    name: 'creative-quality-rejected',
    workflowType: 'creativeDirector',
    args: (p) => [
      {
        referenceImages: [p],
        brand: 'north-pier',
        mood: 'stormy',
        batchCount: 2,
        size: 256,
        validation: { minScore: 0.999, maxRounds: 1 },
      },
    ],
  },
  {
    // The brand guide is checked before any reference is paid for (patch brand-guide-first).
    name: 'creative-unknown-brand',
    workflowType: 'creativeDirector',
    args: (p) => [{ referenceImages: [p], brand: 'acme', mood: 'serene', batchCount: 2, size: 256 }],
  },
  {
    name: 'creative-cancel-signal',
    workflowType: 'creativeDirector',
    args: (p) => [{ referenceImages: [p], brand: 'soleil-studio', mood: 'sunny', batchCount: 3, size: 256 }],
    overrides: { generateImage: hang },
    drive: async (handle) => {
      await untilStage(handle, 'image-generation');
      await handle.signal(cancelSignal, { reason: 'recorded cancel' });
    },
  },
  {
    name: 'product-apparel-success',
    workflowType: 'productDirector',
    args: (p) => [{ productImage: p, productType: 'apparel', options: { size: 512 } }],
    children: ['apparel'],
  },
  {
    name: 'product-branch-failure',
    workflowType: 'productDirector',
    args: (p) => [{ productImage: p, productType: 'apparel', options: { size: 512 } }],
    overrides: failingTryOn,
    children: ['apparel'],
  },
  {
    name: 'product-cancel-temporal',
    workflowType: 'productDirector',
    args: (p) => [{ productImage: p, productType: 'footwear', options: { size: 512 } }],
    overrides: { composePair: hang },
    drive: async (handle) => {
      await untilStage(handle, 'branch');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await handle.cancel();
    },
    children: ['footwear'],
  },
];

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const { server, bundleDir } = await startTestServer(console.log);
  const connection = await Connection.connect({ address: server.address });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const client = new Client({ connection });
  const base = await tempDeps();
  // A stage cache like a real worker's: the rerun scenario finds what creative-success paid for.
  const deps = {
    ...base,
    stageCache: new StageCache(new LocalObjectStore(path.join(base.dataDir, '..', 'stage-cache'))),
  };
  const sample = path.join(deps.dataDir, '..', 'sample.png');
  await mkdir(path.dirname(sample), { recursive: true });
  await writeFile(sample, await drawSampleProduct('tote'));
  await mkdir(OUT_DIR, { recursive: true });
  try {
    for (const scenario of SCENARIOS) {
      const taskQueue = `record-${randomUUID()}`;
      const real = createActivities(deps);
      const { overrides } = scenario;
      // The model queues too: Directors schedule their model calls there.
      const worker = await createQueueWorkers({
        connection: nativeConnection,
        taskQueue,
        queues: WORKER_QUEUES,
        quotas: {},
        workflowBundle: await loadWorkflowBundle(bundleDir),
        activities: { ...real, ...(typeof overrides === 'function' ? overrides(real) : overrides) },
      });
      const workflowId = `history-${scenario.name}`;
      await worker.runUntil(async () => {
        // A fixed id: child ids derive from it, and the replay test gives the same id back.
        const handle = await client.workflow.start(scenario.workflowType, {
          taskQueue,
          workflowId,
          args: await scenario.args(sample),
        });
        await scenario.drive?.(handle);
        await handle.result().catch(() => undefined);
        const history = await handle.fetchHistory();
        await writeFile(path.join(OUT_DIR, `${scenario.name}.json`), historyToJSON(history));
        console.log(`recorded ${scenario.name} (${history.events?.length ?? 0} events)`);
        if (scenario.chain) await recordEarlierRuns(client, scenario.name, history);
        for (const child of scenario.children ?? []) {
          const childHistory = await client.workflow
            .getHandle(`${handle.workflowId}/${child}`)
            .fetchHistory();
          await writeFile(
            path.join(OUT_DIR, `${scenario.name}.child-${child}.json`),
            historyToJSON(childHistory),
          );
        }
      });
    }
  } finally {
    await nativeConnection.close();
    await connection.close();
    await server.stop();
    await base.dispose();
  }
}

/** Records the runs before the last of a continue-as-new chain, oldest first, as `<name>.run-<n>.json`. */
async function recordEarlierRuns(client: Client, name: string, last: temporal.api.history.v1.IHistory) {
  const earlier: temporal.api.history.v1.IHistory[] = [];
  let previous = last.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
  while (previous) {
    const history = await client.workflow.getHandle(`history-${name}`, previous).fetchHistory();
    earlier.unshift(history);
    previous = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
  }
  for (const [index, history] of earlier.entries()) {
    await writeFile(path.join(OUT_DIR, `${name}.run-${index + 1}.json`), historyToJSON(history));
    console.log(`recorded ${name} run ${index + 1} (${history.events?.length ?? 0} events)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
