import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CreativeResult } from '../../src/shared/creative-input';
import type { EcommerceResult } from '../../src/shared/ecommerce';
import type { ProductResult } from '../../src/shared/product-input';
import { drawProduct, drawReferences } from '../helpers/drawn-images';
import {
  answerReply,
  FakeGeminiServer,
  IMAGE_USAGE,
  jsonReply,
  type RecordedRequest,
  type Reply,
} from '../helpers/fake-gemini-server';
import { runFailure } from '../helpers/failures';
import { geminiDeps } from '../helpers/gemini-deps';
import { callKind, geminiStudio } from '../helpers/gemini-studio';
import { runWorkflow } from '../helpers/run-workflow';
import { useTemporal } from '../helpers/temporal';

const temporal = useTemporal();
const KEY = 'AIzaFAKE-paid-failures-key-0042';
let fake: FakeGeminiServer;

before(async () => {
  fake = await FakeGeminiServer.start(KEY);
});
after(() => fake.close());

/** An image made and then withheld for safety: billed (its image tokens are reported), but no image. */
function withheldImage(): Reply {
  return answerReply([], {
    finishReason: 'IMAGE_SAFETY',
    modelVersion: 'gemini-3-pro-image',
    usage: IMAGE_USAGE,
  });
}

/** The studio's answers, except that `kind` calls get `reply`. */
async function studioWith(kind: ReturnType<typeof callKind>, reply: () => Reply) {
  const studio = await geminiStudio();
  return (request: RecordedRequest): Reply => (callKind(request) === kind ? reply() : studio(request));
}

function callsSince(from: number, kind: ReturnType<typeof callKind>): number {
  return fake.requests.slice(from).filter((r) => callKind(r) === kind).length;
}

describe('every paid call is counted, including the ones that failed', () => {
  it('counts a safety-blocked image in the failed run’s cost', async () => {
    fake.setFallback(await studioWith('image', withheldImage));
    const deps = await geminiDeps(KEY, fake);
    const run = await runWorkflow<EcommerceResult>(temporal(), deps, 'ecommerceDirector', {
      productImage: await drawProduct('tote'),
      canvasSize: 800,
    });
    const { failure, summary } = runFailure(run.error);
    assert.equal(failure.type, 'SafetyBlocked');
    assert.equal(summary?.cost?.calls, 2, 'the analysis and the withheld background');
    assert.ok(
      (summary?.cost?.costUsd ?? 0) > 0.13,
      `the withheld image is billed: $${summary?.cost?.costUsd}`,
    );
    await deps.dispose();
  });

  it('fails a JSON answer of the wrong shape as ModelAnswerInvalid and counts every attempt', async () => {
    fake.setFallback(await studioWith('product-analysis', () => jsonReply({ palette: ['red'] })));
    const before = fake.requests.length;
    const deps = await geminiDeps(KEY, fake);
    const run = await runWorkflow<EcommerceResult>(temporal(), deps, 'ecommerceDirector', {
      productImage: await drawProduct('tote'),
      canvasSize: 800,
    });
    const { failure, summary } = runFailure(run.error);
    assert.equal(failure.type, 'ModelAnswerInvalid');
    assert.match(failure.message, /product-analysis: .*wrong shape/);
    const attempts = callsSince(before, 'product-analysis');
    assert.ok(attempts > 1, 'the answer was retried within the policy');
    assert.equal(summary?.cost?.calls, attempts, 'each paid attempt counts');
    await deps.dispose();
  });

  it('lets the cost cap see blocked images, so it stops before paying for more', async () => {
    fake.setFallback(await studioWith('image', withheldImage));
    const before = fake.requests.length;
    const deps = await geminiDeps(KEY, fake);
    const run = await runWorkflow<CreativeResult>(temporal(), deps, 'creativeDirector', {
      referenceImages: await drawReferences(1),
      brand: 'linn-atelier',
      mood: 'calm',
      batchCount: 4,
      size: 256,
      concurrency: 1,
      minSuccessRatio: 0,
      costCapUsd: 0.3,
      budgetTimeout: '1s', // a budget pause that nobody raises ends as the cap did before pauses
    });
    const { failure, summary } = runFailure(run.error);
    assert.equal(failure.type, 'CostCapExceeded');
    assert.equal(callsSince(before, 'image'), 2, 'the third image would have passed the cap');
    const spent = summary?.cost?.costUsd ?? 0;
    assert.ok(spent > 0.26 && spent <= 0.3, `two withheld images and two text calls: $${spent}`);
    await deps.dispose();
  });

  it('shows a failed Product branch’s paid calls in the parent’s cost', async () => {
    fake.setFallback(await studioWith('image', withheldImage));
    const deps = await geminiDeps(KEY, fake);
    const run = await runWorkflow<ProductResult>(temporal(), deps, 'productDirector', {
      productImage: await drawProduct('tshirt'),
      productType: 'apparel',
      options: { size: 512 },
    });
    const { failure, summary } = runFailure(run.error);
    assert.equal(failure.type, 'SafetyBlocked');
    assert.equal(summary?.stages.find((s) => s.name === 'branch')?.status, 'failed');
    assert.equal(summary?.cost?.calls, 2, 'the parent’s analysis and the branch’s withheld model image');
    assert.ok((summary?.cost?.costUsd ?? 0) > 0.13, `spent $${summary?.cost?.costUsd}`);
    await deps.dispose();
  });
});
