import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { escapeHtml } from '../../src/report/render-html';
import type { EcommerceResult } from '../../src/shared/ecommerce';
import type { ProductResult } from '../../src/shared/product-input';
import { drawProduct } from '../helpers/drawn-images';
import { drawScene } from '../helpers/drawn-scene';
import { runFailure } from '../helpers/failures';
import { listFilesUnder } from '../helpers/files';
import { fixture, skipWithoutFixtures } from '../helpers/fixtures';
import { runWorkflow } from '../helpers/run-workflow';
import { tempDeps, useTemporal } from '../helpers/temporal';

const temporal = useTemporal();

/** Runs a Director on a fresh worker; returns how it ended and every file the run left behind. */
async function direct<R>(workflowType: string, input: unknown, inspect?: (result: R) => Promise<void>) {
  const deps = await tempDeps();
  const run = await runWorkflow<R>(temporal(), deps, workflowType, input);
  // Published files live in the run's temp folders: look at them before those are removed.
  if (run.result !== undefined && inspect) await inspect(run.result);
  const leftovers = [...(await listFilesUnder(deps.dataDir)), ...(await listFilesUnder(deps.outputDir))];
  await deps.dispose();
  return { ...run, leftovers };
}

describe('the E-commerce Director does not publish a framed print', () => {
  it('rejects a scene pasted whole and enlarged past 2x, says what the analysis saw, leaves nothing', async () => {
    const run = await direct<EcommerceResult>('ecommerceDirector', { productImage: await drawScene() });
    const { failure, summary } = runFailure(run.error);
    assert.equal(failure.type, 'QualityRejected');
    assert.match(failure.message, /^quality-check: quality check failed: .*framed .*pasted as a rectangle/);
    assert.match(failure.message, /upscale .*too small for this canvas/);
    assert.match(failure.message, /the analysis said: A scene rather than a studio shot/);
    assert.equal(summary?.stages.find((s) => s.name === 'publish')?.status, 'pending', 'never published');
    assert.deepEqual(run.leftovers, [], 'the saga removed every blob of the run');
  });

  it('rejects a real concert photo as framed', { skip: skipWithoutFixtures }, async () => {
    const run = await direct<EcommerceResult>('ecommerceDirector', {
      productImage: fixture('photos/concert.jpg'),
      canvasSize: 800,
    });
    const { failure } = runFailure(run.error);
    assert.equal(failure.type, 'QualityRejected');
    assert.match(failure.message, /framed /);
    assert.doesNotMatch(failure.message, /upscale/, 'at 800 px the photo is large enough');
    assert.deepEqual(run.leftovers, []);
  });

  it('still publishes the studio sample, with the analysis in its report', async () => {
    let html = '';
    const run = await direct<EcommerceResult>(
      'ecommerceDirector',
      { productImage: await drawProduct('tote'), canvasSize: 1600 },
      async (result) => {
        html = await readFile(result.report.html.path, 'utf8');
      },
    );
    assert.ok(run.result, String(run.error));
    assert.ok(
      html.includes(escapeHtml(run.result.analysis.description)),
      'the report shows what the analysis saw',
    );
    const { framed, upscale } = run.result.quality.metrics;
    assert.ok(framed !== undefined && framed < 0.1, `framed ${framed}`);
    assert.ok(upscale !== undefined && upscale < 2, `upscale ${upscale}`);
  });
});

describe('the Product Director has a quality gate', () => {
  it('fails a footwear branch cut out of a busy scene, and undoes the branch and the parent', async () => {
    const run = await direct<ProductResult>('productDirector', {
      productImage: await drawScene(),
      productType: 'footwear',
      options: { size: 640 },
    });
    const { failure, summary } = runFailure(run.error);
    assert.equal(failure.type, 'QualityRejected');
    assert.match(failure.message, /quality-check: quality check failed: pair: speckShare .* specks/);
    assert.match(failure.message, /the analysis said: A scene rather than a studio shot/);
    assert.equal(summary?.stages.find((s) => s.name === 'branch')?.status, 'failed');
    assert.deepEqual(
      summary?.compensations.map((c) => c.name),
      ['deleteBlobPrefix', 'deleteBlobs'],
    );
    assert.deepEqual(run.leftovers, [], 'no output of the branch or the parent is left');
  });

  it('fails a generic studio shot that pastes the whole scene', async () => {
    const run = await direct<ProductResult>('productDirector', {
      productImage: await drawScene(),
      productType: 'generic',
      options: { size: 640 },
    });
    const { failure } = runFailure(run.error);
    assert.equal(failure.type, 'QualityRejected');
    assert.match(failure.message, /studio: framed .*pasted as a rectangle/);
    assert.deepEqual(run.leftovers, []);
  });

  it('fails an accessory cut out of a real concert photo', { skip: skipWithoutFixtures }, async () => {
    const run = await direct<ProductResult>('productDirector', {
      productImage: fixture('photos/concert.jpg'),
      productType: 'accessory',
      options: { size: 640 },
    });
    const { failure } = runFailure(run.error);
    assert.equal(failure.type, 'QualityRejected');
    assert.match(failure.message, /scene: speckShare/);
    assert.deepEqual(run.leftovers, []);
  });

  it('passes a studio product through the gate, which measured every made output', async () => {
    const run = await direct<ProductResult>('productDirector', {
      productImage: await drawProduct('tshirt'),
      productType: 'apparel',
      options: { size: 640 },
    });
    assert.ok(run.result, String(run.error));
    const gate = run.result.branch.summary.stages.find((s) => s.name === 'quality-check');
    assert.equal(gate?.status, 'completed');
    assert.deepEqual(run.result.files.map((f) => f.name).sort(), [
      'garment-thumb.webp',
      'garment-web.jpg',
      'try-on-thumb.webp',
      'try-on-web.jpg',
    ]);
  });
});
