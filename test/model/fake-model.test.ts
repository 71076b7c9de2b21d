import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import sharp from 'sharp';
import type { DirectorModel } from '../../src/model/director-model';
import { fakeSettingsFromEnv } from '../../src/model/fake/fake-config';
import { FakeDirectorModel, type FakeCallEvent } from '../../src/model/fake/fake-model';
import { latencyAt, parseLatencySpec } from '../../src/model/fake/latency';
import { RateLimiter } from '../../src/model/fake/rate-limiter';
import { selectModel } from '../../src/model/select-model';
import { brandGuideSchema } from '../../src/shared/brand-guide';
import { creativePromptSchema, judgementSchema, referenceAnalysisSchema } from '../../src/shared/creative';
import { productAnalysisSchema } from '../../src/shared/product';

const LONG_TAIL = 'p50=8000,p95=14000';

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))] ?? NaN;
}

/** A fake whose sleeps are recorded instead of waited, and whose clock the test moves. */
function recordedFake(options: ConstructorParameters<typeof FakeDirectorModel>[0] = {}) {
  const slept: number[] = [];
  let now = 0;
  const model = new FakeDirectorModel({
    ...options,
    clock: () => now,
    sleep: (ms) => {
      slept.push(ms);
      return Promise.resolve();
    },
  });
  return { model, slept, advance: (ms: number) => void (now += ms) };
}

const image = { bytes: Buffer.alloc(0), mimeType: 'image/png', width: 1200, height: 900 };
const prompt = {
  index: 0,
  text: 'a prompt',
  palette: ['#808080'],
  composition: 'centered' as const,
  seed: 1,
};

describe('fake model latency', () => {
  test('reads a fixed latency or a median and 95th percentile, naming the setting when wrong', () => {
    assert.deepEqual(parseLatencySpec('8000', 'X'), { kind: 'fixed', ms: 8000 });
    assert.deepEqual(parseLatencySpec(' p50=8000, p95=14000 ', 'X'), {
      kind: 'lognormal',
      p50: 8000,
      p95: 14000,
    });
    assert.deepEqual(parseLatencySpec('p95=500,p50=500', 'X'), { kind: 'fixed', ms: 500 });
    assert.throws(
      () => parseLatencySpec('fast', 'DIRECTOR_FAKE_LATENCY_MS'),
      /DIRECTOR_FAKE_LATENCY_MS.*"fast"/,
    );
    assert.throws(() => parseLatencySpec('p50=9000,p95=1000', 'X'), /p95 must not be below p50/);
    assert.throws(() => parseLatencySpec('p50=9000', 'X'), /give both p50 and p95/);
  });

  test('puts the median and the 95th percentile of the long tail where asked', () => {
    const spec = parseLatencySpec(LONG_TAIL, 'X');
    assert.equal(latencyAt(spec, 0.5), 8000);
    assert.ok(Math.abs(latencyAt(spec, 0.95) - 14000) <= 1, `p95 at ${latencyAt(spec, 0.95)}`);
    assert.ok(latencyAt(spec, 0.999) > 14000 && Number.isFinite(latencyAt(spec, 1)));
  });

  test('draws latencies whose percentiles over many calls match the profile, without waiting', async () => {
    const { model, slept } = recordedFake({ imageLatency: parseLatencySpec(LONG_TAIL, 'X') });
    for (let i = 0; i < 4000; i += 1) await model.generateImage({ prompt, width: 8, height: 8 });
    const p50 = percentile(slept, 0.5);
    const p95 = percentile(slept, 0.95);
    assert.ok(Math.abs(p50 - 8000) / 8000 < 0.05, `p50 ${p50}`);
    assert.ok(Math.abs(p95 - 14000) / 14000 < 0.07, `p95 ${p95}`);
  });

  test('draws the same latencies for the same seed, per method, whatever the other calls', async () => {
    const spec = parseLatencySpec(LONG_TAIL, 'X');
    const a = recordedFake({ imageLatency: spec, textLatency: spec, seed: 7 });
    const b = recordedFake({ imageLatency: spec, textLatency: spec, seed: 7 });
    await a.model.analyzeProduct(image);
    await a.model.generateImage({ prompt, width: 8, height: 8 });
    await b.model.generateImage({ prompt, width: 8, height: 8 });
    await b.model.analyzeProduct(image);
    assert.deepEqual([a.slept[1], a.slept[0]], b.slept);
    const c = recordedFake({ imageLatency: spec, seed: 8 });
    await c.model.generateImage({ prompt, width: 8, height: 8 });
    assert.notEqual(c.slept[0], a.slept[1]);
  });
});

describe('fake model rate limit', () => {
  test('a token bucket refuses over the limit and spreads the refused calls over the next tokens', () => {
    let now = 0;
    const limiter = new RateLimiter({ perMinute: 60, burst: 1, clock: () => now });
    assert.deepEqual(limiter.take(), { granted: true });
    assert.deepEqual(limiter.take(), { granted: false, retryAfterMs: 1000 });
    assert.deepEqual(limiter.take(), { granted: false, retryAfterMs: 2000 });
    now = 1000;
    assert.deepEqual(limiter.take(), { granted: true });
    now = 1500;
    assert.deepEqual(limiter.take(), { granted: false, retryAfterMs: 1500 });
    now = 60_000;
    assert.deepEqual(limiter.take(), { granted: true });
    assert.throws(() => new RateLimiter({ perMinute: 0 }), RangeError);
  });

  test('answers image calls over the limit with a retryable ModelRateLimited and a retry delay, and counts them', async () => {
    const events: FakeCallEvent[] = [];
    const { model, advance } = recordedFake({
      imagesPerMinute: 120,
      imageBurst: 2,
      onCall: (e) => events.push(e),
    });
    await model.generateImage({ prompt, width: 8, height: 8 });
    await model.generateBackground({ style: 'studio-white', palette: ['#808080'], width: 8, height: 8 });
    const refused = await model.generateImage({ prompt, width: 8, height: 8 }).then(
      () => assert.fail('the third call in a burst of two is refused'),
      (error: unknown) => error,
    );
    assert.ok(refused instanceof ApplicationFailure);
    assert.equal(refused.type, 'ModelRateLimited');
    assert.equal(refused.nonRetryable, false);
    assert.equal(refused.nextRetryDelay, 500);
    await model.analyzeProduct(image); // text calls are not limited
    advance(500);
    await model.generateImage({ prompt, width: 8, height: 8 });
    assert.deepEqual(
      events.map((e) => `${e.method}:${e.outcome}`),
      [
        'generateImage:answered',
        'generateBackground:answered',
        'generateImage:rate-limited',
        'analyzeProduct:answered',
        'generateImage:answered',
      ],
    );
  });
});

describe('fake model calls', () => {
  test('reject with the signal’s reason as soon as it aborts, and before sleeping when already aborted', async () => {
    const model = new FakeDirectorModel({ imageLatency: { kind: 'fixed', ms: 60_000 } });
    const controller = new AbortController();
    const call = model.generateImage({ prompt, width: 8, height: 8 }, controller.signal);
    controller.abort(new Error('cancelled by the test'));
    await assert.rejects(call, /cancelled by the test/);
    await assert.rejects(model.analyzeProduct(image, controller.signal), /cancelled by the test/);
  });

  test('answer with schema-valid analyses, prompts and judgements', async () => {
    const { model } = recordedFake();
    assert.ok(productAnalysisSchema.safeParse(await model.analyzeProduct(image)).success);
    assert.ok(referenceAnalysisSchema.safeParse(await model.analyzeReference(image)).success);
    const guide = brandGuideSchema.parse({
      id: 'test',
      name: 'Test',
      voice: 'calm',
      palette: ['#101010', '#f0f0f0'],
      moods: ['calm'],
      aspectRatio: '1:1',
      renditions: [{ name: 'web', longestSide: 512, format: 'jpeg' }],
      minScore: 0.5,
    });
    const prompts = await model.writePrompts({ analyses: [], guide, mood: 'serene', count: 5 });
    assert.ok(creativePromptSchema.array().length(5).safeParse(prompts).success);
    assert.deepEqual(
      prompts.map((p) => p.index),
      [0, 1, 2, 3, 4],
    );
    const judgement = await model.judgeImage({ image, prompt, guide });
    assert.ok(judgementSchema.safeParse(judgement).success && judgement.score >= guide.minScore);
  });

  test('answer with real images of the requested size and format, drawn once and reused', async () => {
    const { model } = recordedFake();
    const first = await model.generateImage({ prompt, width: 96, height: 64 });
    const again = await model.generateImage({ prompt, width: 96, height: 64 });
    assert.equal(again.bytes, first.bytes);
    const meta = await sharp(first.bytes).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['png', 96, 64]);
    const rendition = await model.render(first, { longestSide: 48, format: 'webp' });
    const small = await sharp(rendition.bytes).metadata();
    assert.deepEqual(
      [rendition.mimeType, small.format, small.width, small.height],
      ['image/webp', 'webp', 48, 32],
    );
    const cutout = await model.extractProduct(image, await model.analyzeProduct(image));
    assert.equal((await sharp(cutout.bytes).metadata()).hasAlpha, true);
  });
});

describe('fake model selection', () => {
  const local = { id: 'local' } as DirectorModel;

  test('DIRECTOR_MODEL=fake runs the fake with latencies and rate from the environment', () => {
    const selection = selectModel(
      { DIRECTOR_MODEL: 'fake', DIRECTOR_FAKE_LATENCY_MS: '2000', DIRECTOR_FAKE_IMAGES_PER_MINUTE: '30' },
      local,
    );
    assert.equal(selection.kind, 'fake');
    assert.equal(selection.model.id, 'fake');
    assert.match(selection.reason, /images 2000 ms, text p50 1500 ms \/ p95 4000 ms, 30 images\/min/);
  });

  test('refuses an invalid fake setting, naming the variable', () => {
    assert.throws(
      () => fakeSettingsFromEnv({ DIRECTOR_FAKE_IMAGES_PER_MINUTE: '0' }),
      /DIRECTOR_FAKE_IMAGES_PER_MINUTE/,
    );
    assert.throws(
      () => selectModel({ DIRECTOR_MODEL: 'fake', DIRECTOR_FAKE_TEXT_LATENCY_MS: 'slow' }, local),
      /DIRECTOR_FAKE_TEXT_LATENCY_MS/,
    );
  });
});
