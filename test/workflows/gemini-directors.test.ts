import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CreativeResult } from '../../src/shared/creative-input';
import type { EcommerceResult } from '../../src/shared/ecommerce';
import type { ProductResult } from '../../src/shared/product-input';
import { drawProduct, drawReferences } from '../helpers/drawn-images';
import { FakeGeminiServer } from '../helpers/fake-gemini-server';
import { runFailure } from '../helpers/failures';
import { geminiDeps } from '../helpers/gemini-deps';
import { callKind, geminiStudio } from '../helpers/gemini-studio';
import { listFilesUnder } from '../helpers/files';
import { runWorkflow } from '../helpers/run-workflow';
import { useTemporal } from '../helpers/temporal';

const temporal = useTemporal();
const KEY = 'AIzaFAKE-test-key-never-in-history-42';
let fake: FakeGeminiServer;

before(async () => {
  fake = await FakeGeminiServer.start(KEY);
});
after(() => fake.close());

async function assertNoKeyIn(run: { handle: { fetchHistory(): Promise<unknown> } }): Promise<void> {
  const history = JSON.stringify(await run.handle.fetchHistory());
  assert.ok(!history.includes(KEY), 'the API key never enters the history');
}

describe('Directors on the Gemini provider (fake Gemini server, real @google/genai client)', () => {
  it('runs the E-commerce Director and totals its cost', async () => {
    fake.setFallback(await geminiStudio());
    const before = fake.requests.length;
    const deps = await geminiDeps(KEY, fake);
    const run = await runWorkflow<EcommerceResult>(temporal(), deps, 'ecommerceDirector', {
      productImage: await drawProduct('tote'),
      canvasSize: 800,
    });
    assert.ok(run.result, String(run.error));
    const calls = fake.requests.slice(before).map(callKind);
    assert.deepEqual(calls, ['product-analysis', 'image', 'image'], 'analysis, background, composition');
    const cost = run.result.summary.cost;
    assert.ok(cost, 'the summary carries the cost');
    assert.equal(cost.calls, 3);
    assert.equal(cost.images, 2);
    assert.ok(
      cost.costUsd > 0.2 && cost.costUsd < 1,
      `two images at ~$0.134 and one text call: $${cost.costUsd}`,
    );
    assert.ok(cost.models.includes('gemini-3-pro-image'));
    assert.equal(run.result.model, 'gemini');
    await assertNoKeyIn(run);
    await deps.dispose();
  });

  it('reports a blocked item, retries a rate-limited one after its delay, and goes on', async () => {
    fake.setFallback(await geminiStudio({ blocked: ['look-1:'], rateLimitedOnce: ['look-2:'] }));
    const before = fake.requests.length;
    const deps = await geminiDeps(KEY, fake);
    const run = await runWorkflow<CreativeResult>(temporal(), deps, 'creativeDirector', {
      referenceImages: await drawReferences(1),
      brand: 'linn-atelier',
      mood: 'calm',
      batchCount: 3,
      size: 256,
      minSuccessRatio: 0.5,
      validation: { maxRounds: 0, minPassing: 2 },
    });
    assert.ok(run.result, String(run.error));
    assert.deepEqual(run.result.images.map((i) => i.index).sort(), [0, 2], 'the blocked image is left out');
    const generation = run.result.summary.stages.find((s) => s.name === 'image-generation');
    assert.deepEqual(generation?.items, { settled: 3, total: 3, failed: 1 });
    const images = fake.requests.slice(before).filter((r) => callKind(r) === 'image');
    const lookTwo = images.filter((r) => JSON.stringify(r.body).includes('look-2:'));
    assert.equal(lookTwo.length, 2, 'a 429, then a successful retry');
    assert.equal(
      run.scheduled.filter((a) => a === 'generateImage').length,
      3,
      'retries are attempts, not new activities',
    );
    assert.ok((run.result.summary.cost?.costUsd ?? 0) > 0);
    await assertNoKeyIn(run);
    await deps.dispose();
  });

  it('runs the Product Director with its branch on Gemini', async () => {
    fake.setFallback(await geminiStudio());
    const deps = await geminiDeps(KEY, fake);
    const run = await runWorkflow<ProductResult>(temporal(), deps, 'productDirector', {
      productImage: await drawProduct('tshirt'),
      productType: 'apparel',
      options: { size: 512 },
    });
    assert.ok(run.result, String(run.error));
    assert.ok((run.result.summary.cost?.images ?? 0) >= 2, 'the child’s paid calls count in the parent');
    await assertNoKeyIn(run);
    await deps.dispose();
  });

  it('analyses a reference once across two runs', async () => {
    fake.setFallback(await geminiStudio());
    const deps = await geminiDeps(KEY, fake);
    const referenceImages = await drawReferences(2);
    const input = { referenceImages, brand: 'north-pier', mood: 'crisp', batchCount: 1, size: 256 };
    const before = fake.requests.length;
    const first = await runWorkflow<CreativeResult>(temporal(), deps, 'creativeDirector', input);
    const between = fake.requests.length;
    const second = await runWorkflow<CreativeResult>(temporal(), deps, 'creativeDirector', input);
    assert.ok(first.result && second.result, String(first.error ?? second.error));
    const analyses = (from: number, to: number) =>
      fake.requests.slice(from, to).filter((r) => callKind(r) === 'reference-analysis').length;
    assert.equal(analyses(before, between), 2);
    assert.equal(analyses(between, fake.requests.length), 0, 'the second run pays for no analysis');
    await deps.dispose();
  });

  it('stops with CostCapExceeded before a call would pass the cap, and compensates', async () => {
    fake.setFallback(await geminiStudio());
    const deps = await geminiDeps(KEY, fake);
    const run = await runWorkflow<CreativeResult>(temporal(), deps, 'creativeDirector', {
      referenceImages: await drawReferences(1),
      brand: 'linn-atelier',
      mood: 'calm',
      batchCount: 6,
      size: 256,
      concurrency: 1,
      costCapUsd: 0.3,
      budgetTimeout: '1s', // a budget pause that nobody raises ends as the cap did before pauses
    });
    const { failure, summary } = runFailure(run.error);
    assert.equal(failure.type, 'CostCapExceeded');
    assert.match(failure.message, /costCapUsd: .*cap of \$0\.3/);
    assert.ok((summary?.cost?.costUsd ?? 0) <= 0.3, `spent ${summary?.cost?.costUsd}`);
    assert.deepEqual(
      [...(await listFilesUnder(deps.dataDir)), ...(await listFilesUnder(deps.outputDir))],
      [],
    );
    await deps.dispose();
  });
});
