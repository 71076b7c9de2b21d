import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { estimateDirector } from '../../src/estimate/estimate-input';
import { pricedModels } from '../../src/estimate/priced-models';
import { estimateLine, renderEstimate } from '../../src/estimate/render-estimate';
import { imageInputTokens, textTokens } from '../../src/estimate/token-rules';

const creative = {
  referenceImages: ['/tmp/a.jpg'],
  brand: 'linn-atelier',
  mood: 'calm',
  batchCount: 4,
};

describe('estimate', () => {
  it('counts the local model’s calls and charges nothing', async () => {
    const models = pricedModels({}, undefined);
    assert.equal(models.kind, 'local');
    const estimate = await estimateDirector('creative', creative, models);
    assert.equal(estimate.total.calls, 1 + 1 + 4 + 4, 'analysis, prompts, images, judgements');
    assert.deepEqual(estimate.total.usd, { low: 0, expected: 0, high: 0 });
    assert.match(estimateLine(estimate), /\$0 \(local model\)/);
  });

  it('prices Gemini when a key is set, or when asked to', async () => {
    assert.equal(pricedModels({ GEMINI_API_KEY: 'k' }, undefined).kind, 'gemini');
    assert.equal(pricedModels({}, undefined, 'gemini').kind, 'gemini');
    assert.equal(pricedModels({ GEMINI_API_KEY: 'k' }, 'local').kind, 'local', 'the settings file decides');
    const estimate = await estimateDirector('creative', creative, pricedModels({}, undefined, 'gemini'));
    assert.ok(estimate.total.usd.expected > 4 * 0.134, 'four images at the Pro image price, and text');
    assert.ok(estimate.total.usd.high > 3 * estimate.total.usd.expected, 'two full regeneration rounds');
    const table = renderEstimate(estimate).join('\n');
    assert.match(table, /image-generation\s+4\s/);
    assert.match(table, /total\s+10–26\s/);
  });

  it('follows Gemini’s token rules for text and images', () => {
    assert.equal(textTokens(400), 100);
    assert.equal(imageInputTokens('gemini-3-pro-image'), 1120);
    assert.equal(imageInputTokens('gemini-2.5-flash', { width: 300, height: 300 }), 258);
    assert.equal(imageInputTokens('gemini-2.5-flash', { width: 1536, height: 768 }), 2 * 258);
  });

  it('refuses an unknown brand as the run would', async () => {
    await assert.rejects(
      estimateDirector('creative', { ...creative, brand: 'nope' }, pricedModels({}, undefined)),
      /unknown brand 'nope'/,
    );
  });
});
