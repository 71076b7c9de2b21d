import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import sharp from 'sharp';
import type { DirectorModel } from '../../src/model/director-model';
import type { ImageData } from '../../src/model/creative-model';
import { createGeminiClient } from '../../src/model/gemini/gemini-client';
import { loadGeminiConfig } from '../../src/model/gemini/gemini-config';
import { GeminiDirectorModel } from '../../src/model/gemini/gemini-model';
import type { BrandGuide } from '../../src/shared/brand-guide';
import type { CreativePrompt } from '../../src/shared/creative';
import {
  FakeGeminiServer,
  answerReply,
  finishReply,
  imageReply,
  jsonReply,
  makePng,
  type RecordedRequest,
} from '../helpers/fake-gemini-server';

const KEY = 'AIzaFakeKeyForTests-0123456789';

const guide: BrandGuide = {
  id: 'linn',
  name: 'Linn',
  voice: 'Quiet, architectural, warm.',
  palette: ['#2f3e46', '#cad2c5'],
  moods: ['calm'],
  avoid: ['fur'],
  aspectRatio: '4:5',
  renditions: [{ name: 'web', longestSide: 1600, format: 'jpeg' }],
  minScore: 0.6,
};

const prompt: CreativePrompt = {
  index: 0,
  text: 'A linen coat on a stone stair, morning light',
  palette: ['#2f3e46', '#cad2c5'],
  composition: 'diagonal',
  seed: 7,
};

async function png(width: number, height: number, color?: string): Promise<ImageData> {
  return { bytes: await makePng(width, height, color), mimeType: 'image/png', width, height };
}

/** A local model that must not be called, except for the calls the Gemini model delegates. */
function localStub(calls: string[]): DirectorModel {
  const refuse = (name: string) => () => Promise.reject(new Error(`local ${name} should not be called`));
  const marker: ImageData = { bytes: Buffer.from('local'), mimeType: 'image/png', width: 1, height: 1 };
  return {
    id: 'local',
    analyzeProduct: refuse('analyzeProduct'),
    generateBackground: refuse('generateBackground'),
    composeProduct: refuse('composeProduct'),
    analyzeReference: refuse('analyzeReference'),
    writePrompts: refuse('writePrompts'),
    generateImage: refuse('generateImage'),
    judgeImage: refuse('judgeImage'),
    generateModel: refuse('generateModel'),
    tryOn: refuse('tryOn'),
    stageAccessory: refuse('stageAccessory'),
    composePair: refuse('composePair'),
    extractProduct: () => (calls.push('extractProduct'), Promise.resolve(marker)),
    cropDetails: () => (calls.push('cropDetails'), Promise.resolve([marker])),
    render: () => (calls.push('render'), Promise.resolve(marker)),
    contactSheet: () => (calls.push('contactSheet'), Promise.resolve(marker)),
  };
}

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => assert.fail('expected the call to fail'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(error)}`);
  return error;
}

function lastRequest(server: FakeGeminiServer): RecordedRequest {
  const request = server.requests.at(-1);
  assert.ok(request, 'the server received no request');
  return request;
}

describe('GeminiDirectorModel on the wire', () => {
  let server: FakeGeminiServer;
  let model: GeminiDirectorModel;
  const localCalls: string[] = [];

  before(async () => {
    server = await FakeGeminiServer.start(KEY);
    const config = loadGeminiConfig({ GEMINI_API_KEY: KEY, GOOGLE_GEMINI_BASE_URL: server.baseUrl });
    model = new GeminiDirectorModel({
      client: createGeminiClient(config),
      config,
      local: localStub(localCalls),
    });
  });
  after(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    localCalls.length = 0;
  });

  test('analyses a product photo with a JSON schema and measures its size locally', async () => {
    server.enqueue(
      jsonReply({
        palette: ['#C0392B', '#1a1a1a'],
        backgroundColor: '#FFFFFF',
        backgroundUniformity: 0.95,
        subjectBox: { left: 0.25, top: 0.1, width: 0.5, height: 0.8 },
        description: 'A red leather tote with black handles.',
      }),
    );
    const analysis = await model.analyzeProduct(await png(400, 500));
    assert.equal(analysis.width, 400);
    assert.equal(analysis.height, 500);
    assert.deepEqual(analysis.palette, ['#c0392b', '#1a1a1a']);
    assert.deepEqual(analysis.subjectBounds, { left: 100, top: 50, width: 200, height: 400 });
    assert.equal(analysis.subjectCoverage, 0.4);
    assert.equal(analysis.hasAlpha, false);
    const request = lastRequest(server);
    assert.equal(request.path, '/v1beta/models/gemini-3.8-flash:generateContent');
    assert.equal(request.apiKey, KEY);
    assert.equal(request.body.generationConfig?.responseMimeType, 'application/json');
    const schema = request.body.generationConfig?.responseJsonSchema as {
      properties: Record<string, unknown>;
      required: string[];
    };
    assert.ok(schema.properties.subjectBox, 'the schema asks for the box');
    assert.equal(schema.properties.width, undefined, 'the model is not asked for what is measured locally');
    assert.ok(!JSON.stringify(schema).includes('"pattern"'), 'unsupported keywords are not sent');
    assert.equal(request.body.contents?.[0]?.parts?.[0]?.inlineData?.mimeType, 'image/png');
  });

  test('rejects an analysis answer of the wrong shape as a retryable ModelAnswerInvalid', async () => {
    server.enqueue(jsonReply({ palette: ['red'], description: 'no box' }));
    const failure = await failureOf(model.analyzeProduct(await png(64, 64)));
    assert.equal(failure.type, 'ModelAnswerInvalid');
    assert.deepEqual((failure.details?.[0] as { model: string }).model, 'gemini-3.8-flash');
    assert.equal(failure.nonRetryable, false);
    assert.match(failure.message, /wrong shape/);
  });

  test('rejects malformed JSON (ModelAnswerInvalid) and a MAX_TOKENS cut (ModelUnavailable), both retryable', async () => {
    server.enqueue(answerReply([{ text: '{"palette": ["#ffffff", ' }]));
    const malformed = await failureOf(model.analyzeReference(await png(64, 64)));
    assert.equal(malformed.type, 'ModelAnswerInvalid');
    assert.match(malformed.message, /malformed JSON/);
    server.enqueue(finishReply('MAX_TOKENS', [{ text: '{"palette": ["#fff' }]));
    const truncated = await failureOf(model.analyzeReference(await png(64, 64)));
    assert.equal(truncated.type, 'ModelUnavailable');
    assert.match(truncated.message, /MAX_TOKENS/);
  });

  test('analyses a reference image, taking size and orientation from the pixels', async () => {
    server.enqueue(
      jsonReply({
        palette: ['#F4A259'],
        brightness: 0.7,
        contrast: 0.4,
        saturation: 0.5,
        warmth: 0.6,
        keywords: ['warm'],
        description: 'Sunny and warm.',
      }),
    );
    const analysis = await model.analyzeReference(await png(300, 200, '#f4a259'));
    assert.equal(analysis.orientation, 'landscape');
    assert.equal(analysis.width, 300);
    assert.deepEqual(analysis.palette, ['#f4a259']);
    assert.equal(analysis.warmth, 0.6);
  });

  test('writes exactly the requested number of prompts, with a schema that states the count', async () => {
    const written = (i: number) => ({
      text: `Look ${i}: a coat on a stair`,
      palette: ['#2F3E46'],
      composition: 'centered',
    });
    server.enqueue(jsonReply({ prompts: [written(0), written(1), written(2)] }));
    const prompts = await model.writePrompts({ analyses: [], guide, mood: 'calm', count: 3 });
    assert.deepEqual(
      prompts.map((p) => p.index),
      [0, 1, 2],
    );
    assert.ok(prompts.every((p) => Number.isInteger(p.seed) && p.palette[0] === '#2f3e46'));
    const schema = lastRequest(server).body.generationConfig?.responseJsonSchema as {
      properties: { prompts: { minItems: number; maxItems: number } };
    };
    assert.equal(schema.properties.prompts.minItems, 3);
    assert.equal(schema.properties.prompts.maxItems, 3);
    assert.match(
      lastRequest(server).body.contents?.[0]?.parts?.[0]?.text ?? '',
      /Never show or mention: fur/,
    );
  });

  test('rejects a prompt list of the wrong length, and a bad count before calling', async () => {
    server.enqueue(jsonReply({ prompts: [{ text: 'Only one', palette: ['#2f3e46'], composition: 'grid' }] }));
    const failure = await failureOf(model.writePrompts({ analyses: [], guide, mood: 'calm', count: 2 }));
    assert.equal(failure.type, 'ModelAnswerInvalid');
    const before = server.requests.length;
    const invalid = await failureOf(model.writePrompts({ analyses: [], guide, mood: 'calm', count: 0 }));
    assert.equal(invalid.type, 'InvalidInput');
    assert.equal(invalid.nonRetryable, true);
    assert.equal(server.requests.length, before, 'no request for a bad count');
  });

  test('generates an image from the inlineData parts at the nearest aspect ratio, resized exactly', async () => {
    server.enqueue(imageReply(await makePng(896, 1152), { text: 'Here is your image.' }));
    const image = await model.generateImage({ prompt, width: 1024, height: 1280 });
    const meta = await sharp(image.bytes).metadata();
    assert.deepEqual([meta.width, meta.height, meta.format], [1024, 1280, 'png']);
    assert.deepEqual([image.width, image.height, image.mimeType], [1024, 1280, 'image/png']);
    const request = lastRequest(server);
    assert.equal(request.model, 'gemini-3-pro-image');
    assert.deepEqual(request.body.generationConfig?.responseModalities, ['IMAGE']);
    assert.equal(request.body.generationConfig?.imageConfig?.aspectRatio, '4:5');
  });

  test('treats a text-only or NO_IMAGE answer as a retryable ModelNoImage', async () => {
    server.enqueue(
      answerReply([{ text: 'I cannot draw that, but here is a description.' }], {
        modelVersion: 'gemini-3-pro-image',
      }),
    );
    const textOnly = await failureOf(model.generateImage({ prompt, width: 512, height: 512 }));
    assert.equal(textOnly.type, 'ModelNoImage');
    assert.equal(textOnly.nonRetryable, false);
    server.enqueue(finishReply('NO_IMAGE'));
    const noImage = await failureOf(model.generateImage({ prompt, width: 512, height: 512 }));
    assert.equal(noImage.type, 'ModelNoImage');
    assert.match(noImage.message, /NO_IMAGE/);
  });

  test('edits and composes with images and text in, one image out at the requested size', async () => {
    const product = await png(300, 300, '#c0392b');
    const scene = await png(640, 480, '#eeeeee');
    const cases: [string, () => Promise<ImageData>, number, number, number, string][] = [
      [
        'generateBackground',
        () =>
          model.generateBackground({ style: 'warm-beige', palette: ['#c0392b'], width: 1920, height: 1080 }),
        0,
        1920,
        1080,
        '16:9',
      ],
      [
        'composeProduct',
        () => model.composeProduct({ product, background: scene, analysis: productAnalysis(), size: 1000 }),
        2,
        1000,
        1000,
        '1:1',
      ],
      [
        'generateModel',
        () => model.generateModel({ palette: ['#c0392b'], width: 768, height: 1024 }),
        0,
        768,
        1024,
        '3:4',
      ],
      ['tryOn', () => model.tryOn({ garment: product, model: scene }), 2, 640, 480, '4:3'],
      [
        'stageAccessory',
        () => model.stageAccessory({ cutout: product, palette: ['#c0392b'], size: 800 }),
        1,
        800,
        800,
        '1:1',
      ],
      [
        'composePair',
        () => model.composePair({ cutout: product, palette: ['#c0392b'], size: 800 }),
        1,
        800,
        800,
        '1:1',
      ],
    ];
    for (const [name, call, imagesIn, width, height, ratio] of cases) {
      server.enqueue(imageReply(await makePng(1024, 1024, '#336699')));
      const image = await call();
      const meta = await sharp(image.bytes).metadata();
      assert.deepEqual([meta.width, meta.height], [width, height], `${name} size`);
      const parts = lastRequest(server).body.contents?.[0]?.parts ?? [];
      assert.equal(parts.filter((p) => p.inlineData).length, imagesIn, `${name} sends ${imagesIn} images`);
      assert.ok(
        parts.some((p) => p.text),
        `${name} sends an instruction`,
      );
      assert.equal(
        lastRequest(server).body.generationConfig?.imageConfig?.aspectRatio,
        ratio,
        `${name} aspect ratio`,
      );
    }
  });

  test('judges an image with a structured score and reasons', async () => {
    server.enqueue(jsonReply({ score: 0.82, reasons: ['palette on brand', 'slightly soft focus'] }));
    const judgement = await model.judgeImage({ image: await png(64, 80), prompt, guide });
    assert.deepEqual(judgement, { score: 0.82, reasons: ['palette on brand', 'slightly soft focus'] });
    server.enqueue(jsonReply({ score: 1.7, reasons: [] }));
    assert.equal(
      (await failureOf(model.judgeImage({ image: await png(64, 80), prompt, guide }))).type,
      'ModelAnswerInvalid',
    );
  });

  test('delegates pure image processing to the local model without calling Gemini', async () => {
    const image = await png(64, 64);
    await model.extractProduct(image, productAnalysis());
    await model.cropDetails({ image, count: 2, size: 256 });
    await model.render(image, { longestSide: 32, format: 'jpeg' });
    await model.contactSheet([{ image, label: 'one' }]);
    assert.deepEqual(localCalls, ['extractProduct', 'cropDetails', 'render', 'contactSheet']);
    assert.equal(server.requests.length, 0);
  });

  test('cancels an in-flight call when the caller aborts, and reports a cancellation', async () => {
    server.enqueue(() => ({ ...jsonReply({ score: 1, reasons: [] }), delayMs: 60_000 }));
    const controller = new AbortController();
    const arrived = server.nextRequest();
    const aborted = server.nextAbort();
    const call = model.judgeImage({ image: await png(32, 32), prompt, guide }, controller.signal);
    await arrived;
    const reason = new Error('activity cancelled');
    controller.abort(reason);
    await assert.rejects(call, (error: unknown) => error === reason);
    assert.equal((await aborted).aborted, true, 'the server saw the connection close');
  });
});

function productAnalysis() {
  return {
    width: 300,
    height: 300,
    palette: ['#c0392b'],
    backgroundColor: '#ffffff',
    backgroundUniformity: 1,
    subjectBounds: { left: 0, top: 0, width: 300, height: 300 },
    subjectCoverage: 1,
    hasAlpha: false,
    description: 'A red square.',
  };
}
