import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { estimateDirector } from '../../src/estimate/estimate-input';
import type { PricedModels } from '../../src/estimate/estimate-document';
import type { DirectorName } from '../../src/shared/names';
import type { RunSummary } from '../../src/shared/stages';
import { drawProduct, drawReferences } from '../helpers/drawn-images';
import { FakeGeminiServer } from '../helpers/fake-gemini-server';
import { geminiDeps } from '../helpers/gemini-deps';
import { geminiStudio } from '../helpers/gemini-studio';
import { runWorkflow } from '../helpers/run-workflow';
import { useTemporal } from '../helpers/temporal';

const temporal = useTemporal();
const KEY = 'AIzaFAKE-estimate-key-0002';
// The models the fake studio answers as (and `geminiDeps` requests by default).
const GEMINI: PricedModels = {
  kind: 'gemini',
  reason: 'test',
  textModel: 'gemini-3.8-flash',
  imageModel: 'gemini-3-pro-image',
};
let fake: FakeGeminiServer;

before(async () => {
  fake = await FakeGeminiServer.start(KEY);
  fake.setFallback(await geminiStudio());
});
after(() => fake.close());

/** Runs `input` on the fake Gemini and compares the estimate made beforehand with what the run measured. */
async function estimateThenRun(director: DirectorName, workflowType: string, input: Record<string, unknown>) {
  const estimate = await estimateDirector(director, input, GEMINI);
  const deps = await geminiDeps(KEY, fake);
  const run = await runWorkflow<{ summary: RunSummary }>(temporal(), deps, workflowType, input);
  await deps.dispose();
  assert.ok(run.result, String(run.error));
  const measured = run.result.summary.cost;
  assert.ok(measured, 'the run measured its cost');
  const { expected, high } = estimate.total.usd;
  const error = Math.abs(expected - measured.costUsd) / measured.costUsd;
  assert.ok(
    error <= 0.2,
    `estimated $${expected} vs measured $${measured.costUsd}: ${(error * 100).toFixed(1)} % off`,
  );
  assert.equal(estimate.total.calls, measured.calls, 'the plan counts every model call the run made');
  assert.equal(estimate.total.images, measured.images);
  assert.ok(high >= expected, 'the range opens upwards');
  return estimate;
}

describe('the estimate against the measured cost of the same run on the fake Gemini', () => {
  it('estimates a Creative run within 20 %', async () => {
    const estimate = await estimateThenRun('creative', 'creativeDirector', {
      referenceImages: await drawReferences(2),
      brand: 'linn-atelier',
      mood: 'calm morning',
      batchCount: 3,
      size: 256,
    });
    const validation = estimate.stages.find((s) => s.stage === 'validation');
    assert.equal(validation?.calls, 3, 'one judgement per image');
    assert.equal(validation?.callsAtMost, 3 + 2 * 6, 'two rounds of regenerating and judging every image');
  });

  it('estimates an E-commerce run within 20 %', async () => {
    await estimateThenRun('ecommerce', 'ecommerceDirector', {
      productImage: await drawProduct('tote'),
      canvasSize: 800,
    });
  });

  it('estimates a Product run (its branch included) within 20 %', async () => {
    await estimateThenRun('product', 'productDirector', {
      productImage: await drawProduct('tshirt'),
      productType: 'apparel',
      options: { size: 512 },
    });
  });
});
