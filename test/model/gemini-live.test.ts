import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import type { DirectorModel } from '../../src/model/director-model';
import { createGeminiClient } from '../../src/model/gemini/gemini-client';
import { loadGeminiConfig, readGeminiApiKey } from '../../src/model/gemini/gemini-config';
import { GeminiDirectorModel } from '../../src/model/gemini/gemini-model';
import { meterUsage } from '../../src/model/gemini/usage-meter';

// A smoke test against the real Gemini API: one cheap analysis call (and one image, about $0.13, only when
// GEMINI_LIVE_IMAGES=1). It runs only with a real key and no base-URL override pointing elsewhere.
const key = readGeminiApiKey(process.env);
const skip = !key
  ? 'GEMINI_API_KEY (or GOOGLE_API_KEY) is not set: live Gemini smoke test skipped'
  : process.env.GOOGLE_GEMINI_BASE_URL
    ? 'GOOGLE_GEMINI_BASE_URL is set: live Gemini smoke test skipped (it would not reach Google)'
    : false;

test('analyses a reference image on the real Gemini API, metering its cost', { skip }, async () => {
  const config = loadGeminiConfig(process.env);
  const model = new GeminiDirectorModel({
    client: createGeminiClient(config),
    config,
    local: {} as DirectorModel,
  });
  const bytes = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#f4a259' } })
    .composite([
      {
        input: Buffer.from(
          '<svg width="320" height="240"><circle cx="160" cy="120" r="80" fill="#3d5a80"/></svg>',
        ),
      },
    ])
    .png()
    .toBuffer();
  const { value, usage } = await meterUsage(() =>
    model.analyzeReference({ bytes, mimeType: 'image/png', width: 320, height: 240 }),
  );
  assert.equal(value.orientation, 'landscape');
  assert.ok(value.palette.length >= 1);
  assert.equal(usage.calls, 1);
  assert.ok(usage.inputTokens > 0 && usage.costUsd > 0);
  console.log(
    `live analysis by ${usage.models.join(', ')}: ${usage.inputTokens} in, ${usage.outputTokens} out, $${usage.costUsd}`,
  );

  if (process.env.GEMINI_LIVE_IMAGES === '1') {
    const prompt = {
      index: 0,
      text: 'A folded linen shirt on a pale stone table, soft daylight',
      palette: ['#e8e2d6', '#3d5a80'],
      composition: 'centered' as const,
      seed: 1,
    };
    const { value: image, usage: imageUsage } = await meterUsage(() =>
      model.generateImage({ prompt, width: 512, height: 640 }),
    );
    assert.deepEqual([image.width, image.height], [512, 640]);
    assert.equal(imageUsage.images, 1);
    console.log(`live image by ${imageUsage.models.join(', ')}: $${imageUsage.costUsd}`);
  }
});
