/**
 * The Directors as plain promises (the in-process baseline): the same stages, in the same order, with the
 * same fan-out windows, calling the same activities — and a rollback stack run in reverse on failure, as
 * the origin did. No durability: a crash loses the run.
 */
import { blobKeys } from '../../src/shared/blob-keys';
import { dimensionsFor } from '../../src/shared/creative-input';
import type { BlobRef } from '../../src/shared/blob';
import type { ReportRequest } from '../../src/workflows/engine/report-stage';
import type { RunSummary } from '../../src/shared/stages';
import type { BackgroundStyle } from '../../src/shared/styles';
import { settleAll, type CallActivity } from './baseline';

/** What the origin's `stage_history` held: a stage's name and how long it took. */
export interface StageTime {
  name: string;
  ms: number;
}

// Runs stages in order, recording each; on failure, runs the registered undos newest first and rethrows.
class InProcessRun {
  readonly stages: StageTime[] = [];
  private readonly undos: (() => Promise<unknown>)[] = [];

  constructor(private readonly director: string) {}

  /** The stage table so far, in the shape the report activity draws. */
  summary(): RunSummary {
    const stages = this.stages.map(({ name, ms }) => ({
      name,
      status: 'completed' as const,
      durationMs: Math.round(ms),
      attempts: 1,
    }));
    const durationMs = stages.reduce((sum, stage) => sum + stage.durationMs, 0);
    return { director: this.director, status: 'running', stages, compensations: [], durationMs };
  }

  async stage<T>(name: string, step: () => Promise<T>, undo?: () => Promise<unknown>): Promise<T> {
    if (undo) this.undos.push(undo);
    const started = performance.now();
    const value = await step();
    this.stages.push({ name, ms: performance.now() - started });
    return value;
  }

  async execute<T>(body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error: unknown) {
      for (const undo of this.undos.reverse()) await undo().catch(() => undefined);
      throw error;
    }
  }
}

/** Input of the in-process E-commerce Director. */
export interface EcommerceInProcessInput {
  runKey: string;
  productImage: string;
  style: BackgroundStyle;
  canvasSize: number;
}

/** The E-commerce Director's stages, one after the other. Throws when the quality check fails. */
export async function ecommerceInProcess(
  call: CallActivity,
  input: EcommerceInProcessInput,
): Promise<StageTime[]> {
  const { runKey, canvasSize: size } = input;
  const run = new InProcessRun('ecommerce');
  const deleteBlobs = (key: string) => () => call('deleteBlobs', { keys: [key] });
  await run.execute(async () => {
    const { image: product } = await run.stage(
      'intake',
      () => call('intakeImage', { runKey, source: input.productImage, name: 'product' }),
      deleteBlobs(blobKeys.intake(runKey, 'product')),
    );
    const { analysis } = await run.stage('product-analysis', () =>
      call('analyzeProduct', { image: product }),
    );
    const { image: background } = await run.stage(
      'background-generation',
      () => call('generateBackground', { runKey, style: input.style, palette: analysis.palette, size }),
      deleteBlobs(blobKeys.step(runKey, 'background', 'background')),
    );
    const { image: composite } = await run.stage(
      'composition',
      () => call('composeProduct', { runKey, product, analysis, background, size }),
      deleteBlobs(blobKeys.step(runKey, 'composition', 'product')),
    );
    const { report } = await run.stage('quality-check', async () => {
      const checked = await call('checkQuality', { image: composite, thresholds: { minResolution: size } });
      if (!checked.report.passed)
        throw new Error(`quality check failed: ${checked.report.reasons.join('; ')}`);
      return checked;
    });
    await run.stage(
      'publish',
      () => call('publishImages', { runKey, images: [{ name: 'product.png', image: composite }] }),
      () => call('unpublishImages', { runKey, names: ['product.png'] }),
    );
    await reportStage(call, run, {
      runKey,
      director: 'ecommerce',
      title: `E-commerce Director · ${input.style}`,
      items: [{ label: 'product.png', image: composite }],
      facts: [
        { name: 'style', value: input.style },
        { name: 'coverage', value: report.metrics.coverage.toFixed(3) },
        { name: 'resolution', value: `${report.metrics.resolution} px` },
      ],
    });
  });
  return run.stages;
}

/** Input of the in-process Creative Director. */
export interface CreativeInProcessInput {
  runKey: string;
  referenceImages: string[];
  brand: string;
  mood: string;
  batchCount: number;
  concurrency: number;
  size: number;
  maxRounds: number;
}

/** The Creative Director's stages (no approval gate): fan-outs behind a window of `concurrency`. */
export async function creativeInProcess(
  call: CallActivity,
  input: CreativeInProcessInput,
): Promise<StageTime[]> {
  const { runKey, concurrency } = input;
  const run = new InProcessRun('creative');
  await run.execute(async () => {
    const analyses = await run.stage('reference-analysis', async () => {
      const settled = await settleAll(input.referenceImages, concurrency, (source, index) =>
        call('analyzeReference', { runKey, source, index }),
      );
      return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value.analysis] : []));
    });
    const { guide } = await run.stage('brand-guide', () => call('loadBrandGuide', { brand: input.brand }));
    const { prompts } = await run.stage('prompt-writing', () =>
      call('writePrompts', { analyses, guide, mood: input.mood, count: input.batchCount }),
    );
    const { width, height } = dimensionsFor(guide.aspectRatio, input.size);
    const promptAt = (index: number) => {
      const prompt = prompts[index];
      if (!prompt) throw new Error(`no prompt #${index}`);
      return prompt;
    };
    const generate = (index: number, round: number) =>
      call('generateImage', { runKey, prompt: promptAt(index), round, width, height });
    const images = await run.stage('image-generation', async () => {
      const settled = await settleAll(prompts, concurrency, (prompt) => generate(prompt.index, 0));
      return settled.map((s) => (s.status === 'fulfilled' ? s.value.image : undefined));
    });
    const passed = await run.stage('validation', async () => {
      const scores = new Map<number, { image: BlobRef; score: number }>();
      let toJudge = images.flatMap((image, index) => (image ? [{ index, image }] : []));
      for (let round = 0; ; round += 1) {
        const judged = await settleAll(toJudge, concurrency, ({ image, index }) =>
          call('judgeImage', { image, prompt: promptAt(index), guide }),
        );
        judged.forEach((j, i) => {
          const item = toJudge[i];
          if (item)
            scores.set(item.index, {
              image: item.image,
              score: j.status === 'fulfilled' ? j.value.judgement.score : 0,
            });
        });
        const failing = [...scores].filter(([, s]) => s.score < guide.minScore).map(([index]) => index);
        if (failing.length === 0 || round >= input.maxRounds) break;
        const renewed = await settleAll(failing, concurrency, (index) => generate(index, round + 1));
        toJudge = renewed.flatMap((r, i) =>
          r.status === 'fulfilled' && failing[i] !== undefined
            ? [{ index: failing[i], image: r.value.image }]
            : [],
        );
      }
      return [...scores].filter(([, s]) => s.score >= guide.minScore).map(([index, s]) => ({ index, ...s }));
    });
    const renditions = await run.stage('post-processing', async () => {
      const rendered = await Promise.all(
        passed.map(({ index, image }) =>
          call('renderImages', { runKey, label: String(index), image, renditions: guide.renditions }),
        ),
      );
      return rendered.flatMap((r) => r.renditions);
    });
    await run.stage(
      'publish',
      () => call('publishImages', { runKey, images: renditions }),
      () => call('unpublishImages', { runKey, names: renditions.map((f) => f.name) }),
    );
    await reportStage(call, run, {
      runKey,
      director: 'creative',
      title: `Creative Director · ${input.brand} · ${input.mood}`,
      items: passed.map(({ index, image, score }) => ({ label: `#${index}`, image, score })),
      prompts: prompts.map(({ index, text }) => ({ index, text })),
      facts: [
        { name: 'brand', value: guide.name },
        { name: 'mood', value: input.mood },
      ],
    });
  });
  return run.stages;
}

/** A Director-shaped chain of `steps` no-op stages (the bench's 0 ms Director), as plain promises. */
export async function noopChainInProcess(call: CallActivity, steps: number): Promise<StageTime[]> {
  const run = new InProcessRun('bench');
  await run.execute(async () => {
    for (let i = 0; i < steps; i += 1)
      await run.stage(`step-${i + 1}`, () => call('deleteBlobs', { keys: [] }));
  });
  return run.stages;
}

// The Directors' last stage: the contact sheet and HTML report, from the stage table so far.
async function reportStage(call: CallActivity, run: InProcessRun, request: ReportRequest): Promise<void> {
  await run.stage(
    'report',
    () => call('writeRunReport', { ...request, summary: run.summary() }),
    () => call('deleteRunReport', { runKey: request.runKey }),
  );
}
