/**
 * Figure 14: what a rerun saves. A Creative Director runs from scratch on the Gemini provider (the real
 * `@google/genai` client against the fake Gemini server of the tests, its usage priced by the price table),
 * then again with the mood changed, then again with nothing changed, each on a fresh in-process worker over
 * one object store (its memo and stage cache). For each run: the model calls the fake server received, by
 * kind, and the dollars of the run's summary.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type ActivityDeps } from '../../src/activities';
import { BrandGuides } from '../../src/brand/brand-guides';
import { LocalDirectorModel } from '../../src/model/local/local-model';
import { selectModel } from '../../src/model/select-model';
import type { CreativeInput, CreativeResult } from '../../src/shared/creative-input';
import { LocalObjectStore } from '../../src/storage/local-object-store';
import { MemoStore } from '../../src/storage/memo-store';
import { StorePublisher } from '../../src/storage/publisher';
import { StageCache } from '../../src/storage/stage-cache';
import { StoreBlobStore } from '../../src/storage/store-blob-store';
import { BRANDS_DIR } from '../../src/worker-deps';
import { FakeGeminiServer } from '../../test/helpers/fake-gemini-server';
import { callKind, type CallKind } from '../../test/helpers/gemini-studio';
import { moodStudio } from '../../test/helpers/mood-studio';
import { onInProcessWorker } from '../lib/in-process-worker';
import type { BenchEnv } from '../lib/bench-env';
import { installQuietRuntime } from './store';

/** One of the three runs. */
export interface RerunSide {
  run: 'scratch' | 'mood changed' | 'unchanged';
  /** Requests the fake Gemini server received during the run. */
  modelCalls: number;
  /** The same, by kind (`reference-analysis`, `prompts`, `image`, `judge`). */
  byKind: Partial<Record<CallKind, number>>;
  /** The run summary's cost in US dollars (0 when it paid nothing). */
  costUsd: number;
  /** The stages the run marked reused, as `name items/of`. */
  reused: string[];
  /** Wall time of the run, ms. */
  wallMs: number;
}

/** Figure 14's result. */
export interface RerunFigure {
  references: number;
  batchCount: number;
  sides: RerunSide[];
}

const KEY = 'AIzaFAKE-bench-rerun-key-0123456789';

/** Measures figure 14. */
export async function measureRerun(env: BenchEnv): Promise<RerunFigure> {
  installQuietRuntime();
  const batchCount = env.options.quick ? 2 : 4;
  const root = await mkdtemp(path.join(os.tmpdir(), 'director-bench-rerun-'));
  const fake = await FakeGeminiServer.start(KEY);
  fake.setFallback(await moodStudio());
  const input: CreativeInput = {
    referenceImages: env.samples.references,
    brand: 'linn-atelier',
    mood: 'linen at dawn',
    batchCount,
    size: 512,
    validation: { maxRounds: 0, minScore: 0.5 },
  };
  const plan: [RerunSide['run'], CreativeInput][] = [
    ['scratch', input],
    ['mood changed', { ...input, mood: 'linen at dusk' }],
    ['unchanged', { ...input, mood: 'linen at dusk' }],
  ];
  const sides: RerunSide[] = [];
  try {
    for (const [run, runInput] of plan) {
      const from = fake.requests.length;
      const started = performance.now();
      const result = await onWorker(env, root, fake, (taskQueue) =>
        env.client.workflow.execute('creativeDirector', {
          taskQueue,
          workflowId: env.workflowId('rerun'),
          args: [runInput],
        }),
      );
      const wallMs = performance.now() - started;
      const byKind: Partial<Record<CallKind, number>> = {};
      for (const kind of fake.requests.slice(from).map(callKind)) byKind[kind] = (byKind[kind] ?? 0) + 1;
      sides.push({
        run,
        modelCalls: fake.requests.length - from,
        byKind,
        costUsd: result.summary.cost?.costUsd ?? 0,
        reused: result.summary.stages.flatMap((s) =>
          s.reused ? [`${s.name} ${s.reused.items}/${s.reused.of}`] : [],
        ),
        wallMs,
      });
    }
  } finally {
    await fake.close();
    await rm(root, { recursive: true, force: true });
  }
  return { references: input.referenceImages.length, batchCount, sides };
}

/** Runs `body` while a fresh in-process worker (new deps over the one store under `root`) polls a queue of its own. */
async function onWorker(
  env: BenchEnv,
  root: string,
  fake: FakeGeminiServer,
  body: (taskQueue: string) => Promise<CreativeResult>,
): Promise<CreativeResult> {
  const store = new LocalObjectStore(root);
  const selection = selectModel(
    { GEMINI_API_KEY: KEY, GOOGLE_GEMINI_BASE_URL: fake.baseUrl, DIRECTOR_MODEL: 'gemini' },
    new LocalDirectorModel(),
  );
  const deps: ActivityDeps = {
    model: selection.model,
    blobs: new StoreBlobStore(store),
    publisher: new StorePublisher(store, 'outputs/'),
    brands: new BrandGuides(BRANDS_DIR),
    memo: new MemoStore(store),
    stageCache: new StageCache(store),
  };
  return onInProcessWorker(env, deps, 'bench-rerun', body);
}
