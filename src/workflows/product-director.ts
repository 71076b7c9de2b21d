/**
 * Product Director: one product photo and its type in; a branch of type-specific shots out.
 *
 *   intake ─► product-analysis ─► branch (child workflow per type) ─► publish ─► report
 *   undo:        deleteBlobs          deleteBlobPrefix (branch/, post/)   unpublishImages  deleteRunReport
 *
 *   apparel: extract-garment → generate-model → virtual-try-on → post-processing
 *   accessory: extract-product → stage-scene → detail-crops → post-processing
 *   footwear: extract-product → pair-shot → post-processing
 *   generic: studio-composition → post-processing
 */
import { executeChild, ParentClosePolicy, patched } from '@temporalio/workflow';
import { blobKeys } from '../shared/blob-keys';
import {
  productInputSchema,
  type BranchResult,
  type ProductInput,
  type ProductResult,
} from '../shared/product-input';
import { modelProxies, undo } from './engine/activity-proxies';
import { removeIntermediates } from './engine/cleanup';
import { BUDGET_PAUSE_PATCH } from './engine/budget-pause';
import { DirectorRun } from './engine/director-run';
import { usageOfFailure } from './engine/failure-usage';
import { rerunFacts } from '../shared/rerun';
import { startDirector } from './engine/director-start';
import { reportStage } from './engine/report-stage';
import { shortSteps } from './engine/short-steps';
import { settleAll } from './engine/settle-siblings';
import { accessoryBranch, apparelBranch, footwearBranch, genericBranch } from './product-branches';

/** The stages of the Product Director, in order. */
export const PRODUCT_STAGES = ['intake', 'product-analysis', 'branch', 'publish', 'report'] as const;

const BRANCHES = {
  apparel: apparelBranch,
  accessory: accessoryBranch,
  footwear: footwearBranch,
  generic: genericBranch,
};

/** Runs the common analysis, then the product type's branch as a child workflow, then publishes. */
export async function productDirector(rawInput: ProductInput): Promise<ProductResult> {
  const { input, workflowId, runKey } = await startDirector('product', productInputSchema, rawInput);
  const { productType, options } = input;
  const run = new DirectorRun({
    director: 'product',
    brand: options.brand,
    legacyBrandLabel: productType,
    stages: PRODUCT_STAGES,
    costCapUsd: input.costCapUsd,
    budgetTimeout: input.budgetTimeout,
  });
  const analysis = run.paid(modelProxies().analysis);
  const steps = shortSteps();

  const result = await run.execute(async () => {
    const { image: product } = await run.stage(
      'intake',
      () => analysis.intakeImage({ runKey, source: input.productImage, name: 'product' }),
      {
        undo: {
          name: 'deleteBlobs',
          run: () => undo.deleteBlobs({ keys: [blobKeys.intake(runKey, 'product')] }),
        },
      },
    );
    const { analysis: measured } = await run.stage('product-analysis', () =>
      analysis.analyzeProduct({ image: product }),
    );

    const branchInput = {
      runKey,
      product,
      analysis: measured,
      size: options.size,
      detailCount: options.detailCount,
      ...(options.brand === undefined ? {} : { brand: options.brand }),
      costCapUsd: Math.max(0.0001, input.costCapUsd - run.spentUsd),
      // The branch pauses for budget as its parent would (runs before the patch started it without).
      ...(patched(BUDGET_PAUSE_PATCH) ? { budgetTimeout: input.budgetTimeout } : {}),
    };
    const branch: BranchResult = await run.stage(
      'branch',
      () =>
        executeChild(BRANCHES[productType], {
          workflowId: `${workflowId}/${productType}`,
          args: [branchInput],
          // A parent that is terminated or times out asks its branch to stop, so the branch still runs its
          // compensations (the default, TERMINATE, would kill it with its outputs left behind).
          parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
        }).catch((error: unknown) => {
          // A failed branch still paid for its model calls: its closing failure carries its summary.
          run.addUsage('branch', usageOfFailure(error));
          throw error;
        }),
      {
        // The child undoes its own work when it fails; this covers a failure after it completed.
        undo: {
          name: 'deleteBlobPrefix',
          run: () =>
            settleAll(
              ['branch', 'post'].map((folder) =>
                undo.deleteBlobPrefix({ prefix: `runs/${runKey}/${folder}/` }),
              ),
            ),
        },
      },
    );

    run.addUsage('branch', branch.summary.cost);
    const names = branch.images.map((image) => image.name);
    const { files } = await run.stage(
      'publish',
      () => steps.storage.publishImages({ runKey, images: branch.images }),
      {
        undo: { name: 'unpublishImages', run: () => undo.unpublishImages({ runKey, names }) },
      },
    );

    const report = await reportStage(run, steps, {
      runKey,
      director: 'product',
      title: `Product Director · ${productType}${options.brand ? ` · ${options.brand}` : ''}`,
      // The thumb renditions repeat the web ones at a smaller size: one picture per output is enough.
      items: branch.images
        .filter((file) => !file.name.includes('-thumb.'))
        .map((file) => ({ label: file.name, image: file.image })),
      facts: [
        { name: 'product type', value: productType },
        { name: 'product palette', value: measured.palette.join(' ') },
        { name: 'analysis', value: measured.description },
        ...branch.summary.stages.map((stage) => ({
          name: `branch · ${stage.name}`,
          value: `${stage.status}${stage.durationMs === undefined ? '' : ` in ${(stage.durationMs / 1000).toFixed(1)} s`}`,
        })),
        ...rerunFacts(input.rerunOf),
      ],
    });
    return { workflowId, productType, analysis: measured, branch, files, report };
  });
  await removeIntermediates(runKey, steps);
  return { ...result, summary: run.tracker.summary() };
}
