/**
 * The Product Director's branches, one child workflow per product type. Each writes only under its
 * run's `branch/` and `post/` folders and undoes both (by prefix) when it fails or is cancelled.
 *
 *   apparelBranch:   extract-garment ─► generate-model ─► virtual-try-on ─► quality-check ─► post-processing
 *   accessoryBranch: extract-product ─► stage-scene ─► detail-crops ─► quality-check ─► post-processing
 *   footwearBranch:  extract-product ─► pair-shot ─► quality-check ─► post-processing
 *   genericBranch:   studio-composition ─► quality-check ─► post-processing
 */
import { patched, type ActivityInterfaceFor } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { BranchInput, BranchResult, ProductType } from '../shared/product-input';
import { modelProxies, undo } from './engine/activity-proxies';
import { DirectorRun } from './engine/director-run';
import { fanOutAll } from './engine/fan-out';
import { settleAll } from './engine/settle-siblings';
import { checkBranchOutputs, type CheckedOutput } from './product-quality-gate';

// Renditions rendered at once in a branch (a branch has a handful of outputs; this bounds the widest).
const POST_PROCESSING_CONCURRENCY = 4;

type Output = CheckedOutput;

/** A branch's paid activities, metered against its run's cost cap. */
type BranchActivities = {
  generation: ActivityInterfaceFor<Activities>;
  processing: ActivityInterfaceFor<Activities>;
};

async function runBranch(
  branch: ProductType,
  input: BranchInput,
  stages: readonly string[],
  body: (run: DirectorRun, act: BranchActivities) => Promise<Output[]>,
): Promise<BranchResult> {
  // Runs recorded before the gate existed replay without it.
  const gated = patched('product-quality-gate');
  const run = new DirectorRun({
    director: 'product',
    brand: input.brand,
    legacyBrandLabel: branch,
    stages: [...stages, ...(gated ? ['quality-check'] : []), 'post-processing'],
    costCapUsd: input.costCapUsd,
    budgetTimeout: input.budgetTimeout,
  });
  const calls = modelProxies();
  const act = { generation: run.paid(calls.generation), processing: run.paid(calls.processing) };
  const result = await run.execute(async () => {
    for (const folder of ['branch', 'post']) {
      const prefix = `runs/${input.runKey}/${folder}/`;
      run.registerUndo({ name: 'deleteBlobPrefix', run: () => undo.deleteBlobPrefix({ prefix }) });
    }
    const outputs = await body(run, act);
    if (gated) await checkBranchOutputs(run, act.processing, input, outputs);
    const renditions = [
      { name: 'web', longestSide: input.size, format: 'jpeg' as const },
      { name: 'thumb', longestSide: 400, format: 'webp' as const },
    ];
    const { images } = await run.stage('post-processing', async () => {
      const render = (output: Output) =>
        act.processing.renderImages.executeWithOptions({ summary: `renderImages ${output.name}` }, [
          { runKey: input.runKey, label: output.name, image: output.image, renditions },
        ]);
      // Runs recorded before started every rendering at once; they replay along that path.
      const rendered = patched('post-processing-fan-out')
        ? await fanOutAll({
            items: outputs,
            concurrency: POST_PROCESSING_CONCURRENCY,
            run: render,
            onSettled: (_o, settled) => run.items('post-processing', settled, outputs.length, 0),
          })
        : await settleAll(outputs.map(render));
      return { images: rendered.flatMap((r) => r.renditions) };
    });
    return images;
  });
  return { branch, images: result, summary: run.tracker.summary() };
}

/** Apparel: the garment cut out, a model generated in its palette, the garment tried on. */
export async function apparelBranch(input: BranchInput): Promise<BranchResult> {
  return runBranch(
    'apparel',
    input,
    ['extract-garment', 'generate-model', 'virtual-try-on'],
    async (run, act) => {
      const { runKey, analysis } = input;
      const { image: garment } = await run.stage('extract-garment', () =>
        act.generation.extractProduct({ runKey, image: input.product, analysis }),
      );
      const height = input.size;
      const width = Math.round((input.size * 3) / 4);
      const { image: model } = await run.stage('generate-model', () =>
        act.generation.generateModel({ runKey, palette: analysis.palette, width, height }),
      );
      const { image: dressed } = await run.stage('virtual-try-on', () =>
        act.generation.tryOnGarment({ runKey, garment, model }),
      );
      return [
        { name: 'try-on', image: dressed, cutout: garment },
        { name: 'garment', image: garment, cutout: garment },
      ];
    },
  );
}

/** Accessory: cut out, staged in a lifestyle scene, with close-ups of its details. */
export async function accessoryBranch(input: BranchInput): Promise<BranchResult> {
  return runBranch(
    'accessory',
    input,
    ['extract-product', 'stage-scene', 'detail-crops'],
    async (run, act) => {
      const { runKey, analysis, size } = input;
      const { image: cutout } = await run.stage('extract-product', () =>
        act.generation.extractProduct({ runKey, image: input.product, analysis }),
      );
      const { image: scene } = await run.stage('stage-scene', () =>
        act.generation.stageAccessory({ runKey, cutout, palette: analysis.palette, size }),
      );
      const { images: details } = await run.stage('detail-crops', () =>
        act.processing.cropDetails({
          runKey,
          image: input.product,
          count: input.detailCount,
          size: Math.round(size / 2),
        }),
      );
      return [
        { name: 'scene', image: scene, cutout },
        ...details.map((image, i) => ({ name: `detail-${i}`, image })),
      ];
    },
  );
}

/** Footwear: cut out and shown as a pair. */
export async function footwearBranch(input: BranchInput): Promise<BranchResult> {
  return runBranch('footwear', input, ['extract-product', 'pair-shot'], async (run, act) => {
    const { runKey, analysis, size } = input;
    const { image: cutout } = await run.stage('extract-product', () =>
      act.generation.extractProduct({ runKey, image: input.product, analysis }),
    );
    const { image: pair } = await run.stage('pair-shot', () =>
      act.generation.composePair({ runKey, cutout, palette: analysis.palette, size }),
    );
    return [{ name: 'pair', image: pair, cutout }];
  });
}

/** Any other product: a studio shot. */
export async function genericBranch(input: BranchInput): Promise<BranchResult> {
  return runBranch('generic', input, ['studio-composition'], async (run, act) => {
    const { image } = await run.stage('studio-composition', () =>
      act.generation.composeStudioShot({
        runKey: input.runKey,
        product: input.product,
        analysis: input.analysis,
        size: input.size,
      }),
    );
    return [{ name: 'studio', image, placed: true }];
  });
}
