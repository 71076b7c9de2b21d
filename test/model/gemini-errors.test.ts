import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import type { DirectorModel } from '../../src/model/director-model';
import { createGeminiClient } from '../../src/model/gemini/gemini-client';
import { loadGeminiConfig } from '../../src/model/gemini/gemini-config';
import { retryDelayMs, scrubSecrets } from '../../src/model/gemini/gemini-errors';
import { GeminiDirectorModel } from '../../src/model/gemini/gemini-model';
import type { BrandGuide } from '../../src/shared/brand-guide';
import type { CreativePrompt } from '../../src/shared/creative';
import {
  FakeGeminiServer,
  blockedPromptReply,
  errorReply,
  finishReply,
  imageReply,
  jsonReply,
  makePng,
  modelNotFoundReply,
  rateLimitedReply,
  unavailableReply,
  type Reply,
} from '../helpers/fake-gemini-server';

const KEY = 'AIzaSecretKeyUnderTest-9876543210';
const prompt: CreativePrompt = {
  index: 0,
  text: 'A wool coat in the rain',
  palette: ['#333333'],
  composition: 'centered',
  seed: 1,
};
const guide: BrandGuide = {
  id: 'linn',
  name: 'Linn',
  voice: 'Quiet.',
  palette: ['#333333', '#eeeeee'],
  moods: ['calm'],
  avoid: [],
  aspectRatio: '1:1',
  renditions: [{ name: 'web', longestSide: 800, format: 'png' }],
  minScore: 0.5,
};
// The Gemini model delegates nothing these tests call.
const noLocal = {} as DirectorModel;

function modelFor(
  server: FakeGeminiServer,
  key = KEY,
  extra: Record<string, string> = {},
): GeminiDirectorModel {
  const config = loadGeminiConfig({ GEMINI_API_KEY: key, GOOGLE_GEMINI_BASE_URL: server.baseUrl, ...extra });
  return new GeminiDirectorModel({ client: createGeminiClient(config), config, local: noLocal });
}

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => assert.fail('expected the call to fail'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(error)}`);
  return error;
}

describe('Gemini errors become typed Temporal failures', () => {
  let server: FakeGeminiServer;
  let model: GeminiDirectorModel;
  const judge = () =>
    model.judgeImage({
      image: { bytes: Buffer.from('x'), mimeType: 'image/png', width: 1, height: 1 },
      prompt,
      guide,
    });
  const generate = () => model.generateImage({ prompt, width: 256, height: 256 });

  before(async () => {
    server = await FakeGeminiServer.start(KEY);
    model = modelFor(server);
  });
  after(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  const httpCases: [string, Reply, string, boolean][] = [
    [
      '400 INVALID_ARGUMENT',
      errorReply(400, 'INVALID_ARGUMENT', 'Request contains an invalid argument.'),
      'ModelBadRequest',
      true,
    ],
    [
      '401 UNAUTHENTICATED',
      errorReply(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.'),
      'ModelUnauthorized',
      true,
    ],
    [
      '403 PERMISSION_DENIED',
      errorReply(403, 'PERMISSION_DENIED', 'The caller does not have permission.'),
      'ModelForbidden',
      true,
    ],
    ['404 NOT_FOUND', modelNotFoundReply('gemini-3.8-flash'), 'ModelNotFound', true],
    ['408 timeout', errorReply(408, 'DEADLINE_EXCEEDED', 'Request timed out.'), 'ModelUnavailable', false],
    [
      '500 INTERNAL',
      errorReply(500, 'INTERNAL', 'An internal error has occurred.'),
      'ModelUnavailable',
      false,
    ],
    ['503 UNAVAILABLE', unavailableReply(), 'ModelUnavailable', false],
    [
      '504 DEADLINE_EXCEEDED',
      errorReply(504, 'DEADLINE_EXCEEDED', 'Deadline expired.'),
      'ModelUnavailable',
      false,
    ],
  ];
  for (const [name, reply, type, nonRetryable] of httpCases) {
    test(`maps ${name} to ${nonRetryable ? 'non-retryable' : 'retryable'} ${type}, after exactly one request`, async () => {
      server.enqueue(reply);
      const failure = await failureOf(judge());
      assert.equal(failure.type, type);
      assert.equal(failure.nonRetryable, nonRetryable);
      assert.equal(server.requests.length, 1, 'the SDK does not retry by itself');
    });
  }

  test('maps 429 to a retryable ModelRateLimited whose next retry waits the server’s RetryInfo delay', async () => {
    server.enqueue(rateLimitedReply('2s'), jsonReply({ score: 0.9, reasons: [] }));
    const failure = await failureOf(judge());
    assert.equal(failure.type, 'ModelRateLimited');
    assert.equal(failure.nonRetryable, false);
    assert.equal(failure.nextRetryDelay, 2000);
    assert.equal(server.requests.length, 1, 'the SDK does not retry by itself');
    assert.deepEqual(
      await judge(),
      { score: 0.9, reasons: [] },
      'the next attempt (Temporal’s retry) succeeds',
    );
  });

  test('maps a wrong key (400 API_KEY_INVALID) to ModelUnauthorized, the key in the header but in no message', async () => {
    const wrongKey = 'AIzaWrongKeyNeverToBeShown-42';
    const failure = await failureOf(
      modelFor(server, wrongKey).judgeImage({
        image: { bytes: Buffer.from('x'), mimeType: 'image/png', width: 1, height: 1 },
        prompt,
        guide,
      }),
    );
    assert.equal(failure.type, 'ModelUnauthorized');
    assert.equal(failure.nonRetryable, true);
    assert.equal(server.requests[0]?.apiKey, wrongKey, 'the key travels in x-goog-api-key');
    assert.ok(!server.requests[0]?.path.includes(wrongKey), 'never in the URL');
    assert.ok(!JSON.stringify({ message: failure.message, details: failure.details }).includes(wrongKey));
  });

  test('scrubs the key from error messages that echo it', async () => {
    server.enqueue(
      errorReply(
        400,
        'INVALID_ARGUMENT',
        `Bad request to https://generativelanguage.googleapis.com/v1beta/models/x?key=${KEY}&alt=json (key ${KEY})`,
      ),
    );
    const failure = await failureOf(judge());
    assert.equal(failure.type, 'ModelBadRequest');
    assert.ok(!failure.message.includes(KEY), failure.message);
    assert.match(failure.message, /key=\[redacted\]/);
  });

  test('maps a blocked prompt and safety finish reasons to non-retryable SafetyBlocked', async () => {
    server.enqueue(blockedPromptReply('SAFETY'));
    const blocked = await failureOf(generate());
    assert.equal(blocked.type, 'SafetyBlocked');
    assert.equal(blocked.nonRetryable, true);
    assert.match(blocked.message, /blockReason SAFETY/);
    for (const reason of ['SAFETY', 'IMAGE_SAFETY', 'PROHIBITED_CONTENT']) {
      server.enqueue(finishReply(reason));
      const failure = await failureOf(generate());
      assert.equal(failure.type, 'SafetyBlocked', reason);
      assert.equal(failure.nonRetryable, true);
    }
    server.enqueue(finishReply('SAFETY'));
    assert.equal((await failureOf(judge())).type, 'SafetyBlocked', 'text calls too');
  });

  test('an image answer still counts when it came with a safe finish reason', async () => {
    server.enqueue(imageReply(await makePng(300, 300), { finishReason: 'STOP' }));
    assert.equal((await generate()).width, 256);
  });

  test('maps a call that outlives its timeout to a retryable ModelUnavailable', async () => {
    server.enqueue({ ...jsonReply({ score: 1, reasons: [] }), delayMs: 30_000 });
    const hurried = modelFor(server, KEY, { GEMINI_TEXT_TIMEOUT_MS: '200' });
    const failure = await failureOf(
      hurried.judgeImage({
        image: { bytes: Buffer.from('x'), mimeType: 'image/png', width: 1, height: 1 },
        prompt,
        guide,
      }),
    );
    assert.equal(failure.type, 'ModelUnavailable');
    assert.equal(failure.nonRetryable, false);
    assert.match(failure.message, /did not answer within 200 ms/);
  });

  test('maps a refused connection to a retryable ModelUnavailable', async () => {
    const gone = await FakeGeminiServer.start(KEY);
    const orphan = modelFor(gone);
    await gone.close();
    const failure = await failureOf(orphan.generateImage({ prompt, width: 64, height: 64 }));
    assert.equal(failure.type, 'ModelUnavailable');
    assert.equal(failure.nonRetryable, false);
  });
});

describe('error helpers', () => {
  test('reads RetryInfo delays in seconds, fractions included', () => {
    const info = (retryDelay: unknown) => ({
      details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay }],
    });
    assert.equal(retryDelayMs(info('37s')), 37_000);
    assert.equal(retryDelayMs(info('1.5s')), 1_500);
    assert.equal(retryDelayMs(info({ seconds: 3, nanos: 250_000_000 })), 3_250);
    assert.equal(retryDelayMs({ details: [] }), undefined);
    assert.equal(retryDelayMs(undefined), undefined);
  });

  test('scrubs keys in query strings, headers and plain text', () => {
    const scrubbed = scrubSecrets(
      `GET /x?alt=json&key=abc123 x-goog-api-key: abc123 and AIzaTheKey`,
      'AIzaTheKey',
    );
    assert.ok(!scrubbed.includes('abc123'));
    assert.ok(!scrubbed.includes('AIzaTheKey'));
  });
});
