/**
 * Creative Director: reference images, a brand and a mood in; a judged, post-processed, published batch out.
 *
 *   brand-guide ─► reference-analysis ─► prompt-writing ─► image-generation ─► validation
 *   (cheap check     (fan-out, memoised)                    (fan-out, budget)   (judge; regenerate ≤ N rounds)
 *    before paying)
 *        ─► post-processing ─► approval (optional) ─► publish ─────────────────► report
 *           (renditions)        (per-image review,       (undo: unpublishImages)     (contact sheet, report.html;
 *                                redo ≤ N rounds;                                    undo: deleteRunReport)
 *                                timeout → default)
 *
 * The approval gate publishes its candidates for review (`creative-review.ts`) and takes a decision per
 * image; runs started before `image-review` wait blind for one decision on the whole batch, as they did.
 * Every stored reference, generated image and rendition registers `deleteBlobs` before it is written.
 * Runs started before `brand-guide-first` analysed the references before loading the brand guide.
 */
import type { Duration } from '@temporalio/common';
import { patched } from '@temporalio/workflow';
import { blobKeys } from '../shared/blob-keys';
import { renditionFileName } from '../shared/brand-guide';
import {
  creativeInputSchema,
  dimensionsFor,
  type CreativeImage,
  type CreativeInput,
  type CreativeResult,
} from '../shared/creative-input';
import { nonRetryable } from '../shared/failures';
import { rerunFacts } from '../shared/rerun';
import { modelProxies, undo } from './engine/activity-proxies';
import { ApprovalGate } from './engine/approval';
import { reviewCandidates, reviewFacts, reviewGate, type ReviewedCandidate } from './creative-review';
import { removeIntermediates } from './engine/cleanup';
import { DirectorRun } from './engine/director-run';
import { startDirector } from './engine/director-start';
import { fanOut, fanOutAll } from './engine/fan-out';
import { reportStage } from './engine/report-stage';
import { shortSteps } from './engine/short-steps';
import { settleAll } from './engine/settle-siblings';
import { validateBatch, type Candidate } from './creative-validation';
import { cacheArg, countReused, markReused, stageCacheUse } from './creative-stages';

/** The stages of the Creative Director, in order: the brand guide (free, may refuse) before paid analysis. */
export const CREATIVE_STAGES = [
  'brand-guide',
  'reference-analysis',
  'prompt-writing',
  'image-generation',
  'validation',
  'post-processing',
  'approval',
  'publish',
  'report',
] as const;

// The order runs started before `brand-guide-first` declared (and show in their summaries).
const LEGACY_STAGE_ORDER = ['reference-analysis', 'brand-guide', ...CREATIVE_STAGES.slice(2)];

/** Makes a brand-consistent image batch from references; throws `QualityRejected` when too few images pass. */
export async function creativeDirector(rawInput: CreativeInput): Promise<CreativeResult> {
  const { input, workflowId, runKey } = await startDirector('creative', creativeInputSchema, rawInput);
  // An unknown brand must fail before any reference is paid for; older runs keep their recorded order.
  const guideFirst = patched('brand-guide-first');
  const run = new DirectorRun({
    director: 'creative',
    brand: input.brand,
    stages: guideFirst ? CREATIVE_STAGES : LEGACY_STAGE_ORDER,
    costCapUsd: input.costCapUsd,
    budgetTimeout: input.budgetTimeout,
  });
  const calls = modelProxies();
  const steps = shortSteps();
  const analysis = run.paid(calls.analysis);
  const generation = run.paid(calls.generation);
  const processing = run.paid(calls.processing);
  const gate = new ApprovalGate();
  const review = input.approval.required && patched('image-review') ? reviewGate(run, gate) : undefined;
  const deleteBlobs = (...keys: string[]) => ({ name: 'deleteBlobs', run: () => undo.deleteBlobs({ keys }) });
  const count = input.batchCount;
  // Prompts and images whose inputs are unchanged come from the stage cache (unless `reuse` is false).
  const cache = stageCacheUse(input);

  const result = await run.execute(async () => {
    const loadGuide = () =>
      run.stage('brand-guide', () => run.paid(steps.brand).loadBrandGuide({ brand: input.brand }));
    const early = guideFirst ? await loadGuide() : undefined;

    const { analyses } = await run.stage('reference-analysis', async () => {
      const outcomes = await fanOut({
        items: input.referenceImages,
        concurrency: input.concurrency,
        budget: { maxFailureRatio: 0 },
        run: (source, index) => {
          run.registerUndo(deleteBlobs(blobKeys.intake(runKey, `reference-${index}`)));
          const summary = `analyzeReference reference-${index}`;
          return analysis.analyzeReference.executeWithOptions({ summary }, [{ runKey, source, index }]);
        },
        onSettled: (_o, settled) => run.items('reference-analysis', settled, input.referenceImages.length, 0),
      });
      markReused(run, cache, 'reference-analysis', countReused(outcomes), input.referenceImages.length);
      return { analyses: outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.analysis] : [])) };
    });

    const { guide } = early ?? (await loadGuide());
    const { prompts } = await run.stage('prompt-writing', async () => {
      const written = await analysis.writePrompts({
        analyses,
        guide,
        mood: input.mood,
        count,
        ...cacheArg(cache),
      });
      markReused(run, cache, 'prompt-writing', written.reused ? 1 : 0, 1);
      return written;
    });
    const { width, height } = dimensionsFor(guide.aspectRatio, input.size);

    const { generated } = await run.stage('image-generation', async () => {
      let failed = 0;
      const outcomes = await fanOut({
        items: prompts,
        concurrency: input.concurrency,
        budget: { minSuccesses: Math.ceil(input.minSuccessRatio * count) },
        run: (prompt) => {
          run.registerUndo(deleteBlobs(blobKeys.generated(runKey, prompt.index, 0)));
          return generation.generateImage.executeWithOptions(
            { summary: `generateImage #${prompt.index} (round 0)` },
            [{ runKey, prompt, round: 0, width, height, ...cacheArg(cache) }],
          );
        },
        onSettled: (o, settled) =>
          run.items('image-generation', settled, count, (failed += o.status === 'rejected' ? 1 : 0)),
      });
      markReused(run, cache, 'image-generation', countReused(outcomes), count);
      return { generated: outcomes };
    });

    const validated = await run.stage('validation', () =>
      validateBatch({
        run,
        runKey,
        prompts,
        generated,
        guide,
        width,
        height,
        input,
        deleteBlobs,
        judge: processing,
        generate: generation,
        cache,
      }),
    );
    markReused(run, cache, 'validation', validated.reused.items, validated.reused.of);

    const passed = validated.candidates.filter((c) => c.passed);
    const { renditions } = await run.stage('post-processing', async () => {
      const render = (candidate: Candidate) => {
        const label = String(candidate.prompt.index);
        run.registerUndo(
          deleteBlobs(
            ...guide.renditions.map((r) => blobKeys.file(runKey, 'post', renditionFileName(label, r))),
          ),
        );
        return processing.renderImages.executeWithOptions({ summary: `renderImages #${label}` }, [
          { runKey, label, image: candidate.image, renditions: guide.renditions },
        ]);
      };
      // Runs recorded before started every rendering at once; they replay along that path.
      const rendered = patched('post-processing-fan-out')
        ? await fanOutAll({
            items: passed,
            concurrency: input.concurrency,
            run: render,
            onSettled: (_o, settled) => run.items('post-processing', settled, passed.length, 0),
          })
        : await settleAll(passed.map(render));
      return { renditions: rendered.map((r) => r.renditions) };
    });

    let approval: CreativeResult['approval'];
    let chosen: ReviewedCandidate[] = passed.map((candidate, i) => ({
      candidate,
      renditions: renditions[i] ?? [],
    }));
    const title = `Creative Director · ${input.brand} · ${input.mood}`;
    if (review) {
      const context = { run, gate: review, runKey, workflowId, title, input, guide, width, height };
      ({ approval, kept: chosen } = await run.stage('approval', () =>
        reviewCandidates({ ...context, deleteBlobs, generation, processing }, chosen),
      ));
    } else if (input.approval.required) {
      ({ outcome: approval } = await run.stage('approval', async () => {
        const outcome = await gate.wait(input.approval.timeout as Duration, input.approval.onTimeout);
        if (outcome.decision === 'reject') {
          const how = outcome.timedOut
            ? `no decision within ${input.approval.timeout}`
            : `rejected by ${outcome.by}`;
          throw nonRetryable('ApprovalRejected', `${how}${outcome.note ? `: ${outcome.note}` : ''}`);
        }
        return { outcome: { decision: outcome.decision, by: outcome.by, timedOut: outcome.timedOut } };
      }));
    } else {
      run.skip('approval', 'approval not required');
    }

    const toPublish = chosen.flatMap((c) => c.renditions);
    const names = toPublish.map((file) => file.name);
    const { files } = await run.stage(
      'publish',
      () => steps.storage.publishImages({ runKey, images: toPublish }),
      {
        undo: { name: 'unpublishImages', run: () => undo.unpublishImages({ runKey, names }) },
      },
    );

    const images: CreativeImage[] = chosen.map(({ candidate, renditions: rendered }) => {
      const own = new Set(rendered.map((r) => r.name));
      const { prompt, score, rounds, image } = candidate;
      return {
        index: prompt.index,
        prompt,
        score,
        rounds,
        image,
        files: files.filter((f) => own.has(f.name)),
      };
    });
    const rejected = validated.candidates
      .filter((c) => !c.passed)
      .map((c) => ({ index: c.prompt.index, score: c.score, reasons: c.reasons }));
    const report = await reportStage(run, steps, {
      runKey,
      director: 'creative',
      title,
      items: chosen.map(({ candidate: c }) => ({
        label: `#${c.prompt.index}`,
        image: c.image,
        score: c.score,
      })),
      prompts: prompts.map(({ index, text }) => ({ index, text })),
      facts: [
        { name: 'brand', value: guide.name },
        { name: 'mood', value: input.mood },
        ...rerunFacts(input.rerunOf),
        { name: 'passed', value: `${passed.length} of ${count} (score ≥ ${validated.minScore})` },
        ...rejected.map((r) => ({
          name: `rejected #${r.index}`,
          value: `${r.score.toFixed(2)}: ${r.reasons.join('; ')}`,
        })),
        ...(approval ? [{ name: 'approval', value: `${approval.decision} by ${approval.by}` }] : []),
        ...(review ? reviewFacts(review) : []),
      ],
    });
    const contactSheet = report.contactSheet;
    return { workflowId, brand: input.brand, prompts, images, rejected, contactSheet, approval, report };
  });
  await removeIntermediates(runKey, steps);
  return { ...result, summary: run.tracker.summary() };
}
