/**
 * E-commerce Director: one product photo in, one square e-commerce shot out.
 *
 *   intake ─► product-analysis ─► background-generation ─► composition ─► quality-check ─► publish ─► report
 *   undo:        deleteBlobs          deleteBlobs            deleteBlobs                    unpublishImages  deleteRunReport
 *
 * A failing stage (a quality rejection included) stops the run; the compensations of the stages that
 * started run in reverse, so a failed run leaves no output behind.
 */
import { blobKeys } from '../shared/blob-keys';
import { ecommerceInputSchema, type EcommerceInput, type EcommerceResult } from '../shared/ecommerce';
import { nonRetryable } from '../shared/failures';
import { modelProxies, undo } from './engine/activity-proxies';
import { removeIntermediates } from './engine/cleanup';
import { DirectorRun } from './engine/director-run';
import { rerunFacts } from '../shared/rerun';
import { startDirector } from './engine/director-start';
import { reportStage } from './engine/report-stage';
import { shortSteps } from './engine/short-steps';

/** The stages of the E-commerce Director, in order. */
export const ECOMMERCE_STAGES = [
  'intake',
  'product-analysis',
  'background-generation',
  'composition',
  'quality-check',
  'publish',
  'report',
] as const;

const PUBLISHED_NAME = 'product.png';

/** Turns a product photo into a published e-commerce image; throws `QualityRejected` when the result falls short. */
export async function ecommerceDirector(rawInput: EcommerceInput): Promise<EcommerceResult> {
  const { input, workflowId, runKey } = await startDirector('ecommerce', ecommerceInputSchema, rawInput);
  const run = new DirectorRun({
    director: 'ecommerce',
    brand: input.brand,
    legacyBrandLabel: input.style,
    stages: ECOMMERCE_STAGES,
    costCapUsd: input.costCapUsd,
    budgetTimeout: input.budgetTimeout,
  });
  const calls = modelProxies();
  const steps = shortSteps();
  const analysis = run.paid(calls.analysis);
  const generation = run.paid(calls.generation);
  const processing = run.paid(calls.processing);
  const deleteBlobs = (key: string) => ({
    name: 'deleteBlobs',
    run: () => undo.deleteBlobs({ keys: [key] }),
  });

  const result = await run.execute(async () => {
    const { image: product } = await run.stage(
      'intake',
      () => analysis.intakeImage({ runKey, source: input.productImage, name: 'product' }),
      { undo: deleteBlobs(blobKeys.intake(runKey, 'product')) },
    );

    const { analysis: measured, model } = await run.stage('product-analysis', () =>
      analysis.analyzeProduct({ image: product }),
    );

    const { image: background } = await run.stage(
      'background-generation',
      () =>
        generation.generateBackground({
          runKey,
          style: input.style,
          palette: measured.palette,
          size: input.canvasSize,
        }),
      { undo: deleteBlobs(blobKeys.step(runKey, 'background', 'background')) },
    );

    const { image: composite } = await run.stage(
      'composition',
      () =>
        generation.composeProduct({
          runKey,
          product,
          analysis: measured,
          background,
          size: input.canvasSize,
        }),
      { undo: deleteBlobs(blobKeys.step(runKey, 'composition', 'product')) },
    );

    const { report } = await run.stage('quality-check', async () => {
      // The output must be the size promised unless the caller asked for another minimum.
      const thresholds = { minResolution: input.canvasSize, ...input.quality };
      // Given the photo, the check also sees a photo pasted whole (no product could be cut out of a
      // scene) and one enlarged too far to fill the canvas.
      const source = { image: product, subjectBounds: measured.subjectBounds };
      const checked = await processing.checkQuality({ image: composite, thresholds, source });
      if (!checked.report.passed) {
        const reasons = checked.report.reasons.join('; ');
        throw nonRetryable(
          'QualityRejected',
          `quality check failed: ${reasons} (the analysis said: ${measured.description})`,
          { metrics: checked.report.metrics, analysis: measured.description },
        );
      }
      return checked;
    });

    const { files } = await run.stage(
      'publish',
      () => steps.storage.publishImages({ runKey, images: [{ name: PUBLISHED_NAME, image: composite }] }),
      {
        undo: {
          name: 'unpublishImages',
          run: () => undo.unpublishImages({ runKey, names: [PUBLISHED_NAME] }),
        },
      },
    );

    const reportFiles = await reportStage(run, steps, {
      runKey,
      director: 'ecommerce',
      title: `E-commerce Director · ${input.brand ?? input.style}`,
      items: [{ label: PUBLISHED_NAME, image: composite }],
      facts: [
        { name: 'style', value: input.style },
        { name: 'model', value: model },
        { name: 'product palette', value: measured.palette.join(' ') },
        { name: 'analysis', value: measured.description },
        { name: 'coverage', value: report.metrics.coverage.toFixed(3) },
        { name: 'contrast', value: report.metrics.contrast.toFixed(3) },
        { name: 'sharpness', value: report.metrics.sharpness.toFixed(1) },
        { name: 'resolution', value: `${report.metrics.resolution} px` },
        ...rerunFacts(input.rerunOf),
      ],
    });

    return { workflowId, model, analysis: measured, quality: report, files, report: reportFiles };
  });
  await removeIntermediates(runKey, steps);
  return { ...result, summary: run.tracker.summary() };
}
