import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { describe, test } from 'node:test';
import type { DirectorModel } from '../../src/model/director-model';
import { GEMINI_DEFAULTS, loadGeminiConfig, readGeminiApiKey } from '../../src/model/gemini/gemini-config';
import { selectModel } from '../../src/model/select-model';

const KEY = 'AIzaSelectTestKey-1111111111';
const local = { id: 'local' } as DirectorModel;

describe('Gemini configuration', () => {
  test('uses current default models and timeouts below the activity timeouts', () => {
    const config = loadGeminiConfig({ GEMINI_API_KEY: KEY });
    assert.equal(config.textModel, GEMINI_DEFAULTS.textModel);
    assert.equal(config.imageModel, GEMINI_DEFAULTS.imageModel);
    assert.ok(config.textTimeoutMs < 120_000 && config.imageTimeoutMs < 300_000);
    assert.equal(config.baseUrl, undefined);
    assert.equal(config.apiKey, KEY);
  });

  test('takes models, timeouts and the base URL from the environment', () => {
    const config = loadGeminiConfig({
      GEMINI_API_KEY: KEY,
      GEMINI_TEXT_MODEL: 'gemini-3.5-flash',
      GEMINI_IMAGE_MODEL: 'gemini-3.1-flash-image',
      GEMINI_IMAGE_TIMEOUT_MS: '90000',
      GOOGLE_GEMINI_BASE_URL: 'http://127.0.0.1:9999',
    });
    assert.deepEqual(
      [config.textModel, config.imageModel, config.imageTimeoutMs, config.baseUrl],
      ['gemini-3.5-flash', 'gemini-3.1-flash-image', 90_000, 'http://127.0.0.1:9999'],
    );
  });

  test('reads the key from GOOGLE_API_KEY before GEMINI_API_KEY, as the SDK does', () => {
    assert.equal(readGeminiApiKey({ GEMINI_API_KEY: 'gemini', GOOGLE_API_KEY: 'google' }), 'google');
    assert.equal(readGeminiApiKey({ GEMINI_API_KEY: ' gemini ' }), 'gemini');
    assert.equal(readGeminiApiKey({ GEMINI_API_KEY: '  ' }), undefined);
  });

  test('refuses a missing key or a timeout above the activity limit, naming the variable', () => {
    assert.throws(() => loadGeminiConfig({}), /GEMINI_API_KEY/);
    assert.throws(
      () => loadGeminiConfig({ GEMINI_API_KEY: KEY, GEMINI_IMAGE_TIMEOUT_MS: '600000' }),
      /GEMINI_IMAGE_TIMEOUT_MS/,
    );
    assert.throws(
      () => loadGeminiConfig({ GEMINI_API_KEY: KEY, GOOGLE_GEMINI_BASE_URL: 'not a url' }),
      /GOOGLE_GEMINI_BASE_URL/,
    );
  });

  test('keeps the key out of logs and serialised config', () => {
    const config = loadGeminiConfig({ GEMINI_API_KEY: KEY });
    assert.ok(!JSON.stringify(config).includes(KEY));
    assert.ok(!inspect(config).includes(KEY));
    assert.ok(!Object.keys(config).includes('apiKey'));
  });
});

describe('model selection', () => {
  test('runs the local model when no key is set', () => {
    const selection = selectModel({}, local);
    assert.equal(selection.kind, 'local');
    assert.equal(selection.model, local);
    assert.match(selection.reason, /no GEMINI_API_KEY/);
  });

  test('runs Gemini when a key is set, without naming the key', () => {
    const selection = selectModel({ GEMINI_API_KEY: KEY }, local);
    assert.equal(selection.kind, 'gemini');
    assert.equal(selection.model.id, 'gemini');
    assert.match(selection.reason, /GEMINI_API_KEY is set/);
    assert.ok(!selection.reason.includes(KEY));
  });

  test('DIRECTOR_MODEL forces a model, and gemini without a key is a clear error', () => {
    assert.equal(selectModel({ GEMINI_API_KEY: KEY, DIRECTOR_MODEL: 'local' }, local).kind, 'local');
    assert.equal(selectModel({ GOOGLE_API_KEY: KEY, DIRECTOR_MODEL: 'gemini' }, local).kind, 'gemini');
    assert.throws(
      () => selectModel({ DIRECTOR_MODEL: 'gemini' }, local),
      /DIRECTOR_MODEL=gemini needs an API key: set GEMINI_API_KEY \(or GOOGLE_API_KEY\)/,
    );
    assert.throws(
      () => selectModel({ DIRECTOR_MODEL: 'openai' }, local),
      /DIRECTOR_MODEL must be "local" or "gemini"/,
    );
  });
});
