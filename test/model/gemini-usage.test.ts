import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { DirectorModel } from '../../src/model/director-model';
import { createGeminiClient } from '../../src/model/gemini/gemini-client';
import { loadGeminiConfig } from '../../src/model/gemini/gemini-config';
import { GeminiDirectorModel } from '../../src/model/gemini/gemini-model';
import { estimateCost, UNKNOWN_MODEL_PRICE } from '../../src/model/gemini/price-table';
import { meterUsage, recordUsage } from '../../src/model/gemini/usage-meter';
import type { CreativePrompt } from '../../src/shared/creative';
import { addUsage, EMPTY_USAGE } from '../../src/shared/usage';
import {
  FakeGeminiServer,
  IMAGE_USAGE,
  TEXT_USAGE,
  blockedPromptReply,
  imageReply,
  jsonReply,
  makePng,
} from '../helpers/fake-gemini-server';

const KEY = 'AIzaUsageTestKey-0000000000';
const prompt: CreativePrompt = {
  index: 0,
  text: 'A silk scarf in the wind',
  palette: ['#aa3355'],
  composition: 'centered',
  seed: 3,
};
const reference = {
  palette: ['#aa3355'],
  brightness: 0.5,
  contrast: 0.5,
  saturation: 0.5,
  warmth: 0,
  keywords: [],
  description: 'Plain.',
};
const noLocal = {} as DirectorModel;

describe('usage metering on the wire', () => {
  let server: FakeGeminiServer;
  const modelWith = (env: Record<string, string> = {}) => {
    const config = loadGeminiConfig({ GEMINI_API_KEY: KEY, GOOGLE_GEMINI_BASE_URL: server.baseUrl, ...env });
    return new GeminiDirectorModel({ client: createGeminiClient(config), config, local: noLocal });
  };
  const image = async () => ({ bytes: await makePng(64, 64), mimeType: 'image/png', width: 64, height: 64 });

  before(async () => {
    server = await FakeGeminiServer.start(KEY);
  });
  after(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  test('meters tokens, images, dollars and the model versions that answered', async () => {
    const model = modelWith();
    server.enqueue(jsonReply(reference), imageReply(await makePng(512, 512)));
    const { usage } = await meterUsage(async () => {
      await model.analyzeReference(await image());
      await model.generateImage({ prompt, width: 512, height: 512 });
    });
    const textOut = TEXT_USAGE.candidatesTokenCount + TEXT_USAGE.thoughtsTokenCount;
    assert.equal(usage.calls, 2);
    assert.equal(usage.inputTokens, TEXT_USAGE.promptTokenCount + IMAGE_USAGE.promptTokenCount);
    assert.equal(usage.outputTokens, textOut, 'image tokens are priced per image, not as text');
    assert.equal(usage.images, 1);
    assert.deepEqual(usage.models, ['gemini-3.8-flash', 'gemini-3-pro-image']);
    const expected =
      estimateCost('gemini-3.8-flash', {
        inputTokens: TEXT_USAGE.promptTokenCount,
        outputTokens: textOut,
        images: 0,
      }).costUsd +
      estimateCost('gemini-3-pro-image', {
        inputTokens: IMAGE_USAGE.promptTokenCount,
        outputTokens: 0,
        images: 1,
      }).costUsd;
    assert.ok(Math.abs(usage.costUsd - expected) < 1e-9, `${usage.costUsd} ≈ ${expected}`);
    assert.ok(usage.costUsd > 0.134, 'one Pro image costs $0.134 on its own');
    assert.equal(usage.unpricedModels, undefined);
  });

  test('meters a blocked call too: the prompt was paid for', async () => {
    server.enqueue(blockedPromptReply());
    const model = modelWith();
    const { usage } = await meterUsage(async () => {
      await assert.rejects(model.generateImage({ prompt, width: 64, height: 64 }), { type: 'SafetyBlocked' });
    });
    assert.equal(usage.calls, 1);
    assert.equal(usage.inputTokens, 12);
    assert.equal(usage.images, 0);
  });

  test('records a model version that differs from the requested model, and flags an unpriced one', async () => {
    server.enqueue(jsonReply(reference, { modelVersion: 'gemini-3.8-flash-002' }));
    const { usage } = await meterUsage(async () => modelWith().analyzeReference(await image()));
    assert.deepEqual(usage.models, ['gemini-3.8-flash-002']);
    assert.equal(usage.unpricedModels, undefined, 'a suffixed version is priced as its base model');

    server.enqueue(jsonReply(reference, { modelVersion: 'gemini-9-ultra' }));
    const unknown = await meterUsage(async () =>
      modelWith({ GEMINI_TEXT_MODEL: 'gemini-9-ultra' }).analyzeReference(await image()),
    );
    assert.deepEqual(unknown.usage.unpricedModels, ['gemini-9-ultra']);
    const conservative = estimateCost('gemini-9-ultra', { inputTokens: 1290, outputTokens: 210, images: 0 });
    assert.equal(conservative.known, false);
    assert.equal(unknown.usage.costUsd, conservative.costUsd);
  });

  test('keeps concurrent meters apart and adds inner meters to outer ones', async () => {
    const one = { ...EMPTY_USAGE, calls: 1, costUsd: 0.5, models: ['a'] };
    const [left, right] = await Promise.all([
      meterUsage(() => Promise.resolve(recordUsage(one))),
      meterUsage(async () => {
        recordUsage(one);
        await new Promise((resolve) => setImmediate(resolve));
        recordUsage(one);
      }),
    ]);
    assert.equal(left.usage.calls, 1);
    assert.equal(right.usage.calls, 2);
    const outer = await meterUsage(async () => {
      recordUsage(one);
      const inner = await meterUsage(() => Promise.resolve(recordUsage(one)));
      assert.equal(inner.usage.calls, 1);
    });
    assert.equal(outer.usage.calls, 2);
    recordUsage(one); // outside any meter: ignored
  });
});

describe('price table', () => {
  const million = { inputTokens: 1_000_000, outputTokens: 1_000_000, images: 0 };

  test('prices text tokens by the period in force', () => {
    assert.deepEqual(estimateCost('gemini-3.8-flash', million, new Date('2026-10-15')), {
      costUsd: 4.5,
      known: true,
    });
    assert.deepEqual(estimateCost('gemini-3.8-flash', million, new Date('2027-01-02')), {
      costUsd: 9,
      known: true,
    });
  });

  test('prices images per image and accepts a models/ prefix', () => {
    assert.deepEqual(
      estimateCost('models/gemini-3-pro-image', { inputTokens: 0, outputTokens: 0, images: 2 }),
      { costUsd: 0.268, known: true },
    );
  });

  test('prices an unknown model at the conservative default and flags it', () => {
    const cost = estimateCost('imagen-9', { inputTokens: 0, outputTokens: 0, images: 1 });
    assert.deepEqual(cost, { costUsd: UNKNOWN_MODEL_PRICE.perImage, known: false });
  });

  test('adds usages without mutating them, merging model lists', () => {
    const a = { calls: 1, inputTokens: 10, outputTokens: 5, images: 0, costUsd: 0.1, models: ['x'] };
    const b = {
      calls: 2,
      inputTokens: 1,
      outputTokens: 1,
      images: 1,
      costUsd: 0.2,
      models: ['x', 'y'],
      unpricedModels: ['y'],
    };
    assert.deepEqual(addUsage(a, b), {
      calls: 3,
      inputTokens: 11,
      outputTokens: 6,
      images: 1,
      costUsd: 0.3,
      models: ['x', 'y'],
      unpricedModels: ['y'],
    });
    assert.deepEqual(a.models, ['x']);
    assert.deepEqual(addUsage(EMPTY_USAGE, EMPTY_USAGE), EMPTY_USAGE);
  });
});
