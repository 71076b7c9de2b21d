import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultWindow, manifestFileName } from '../../src/catalog/catalog-settings';
import { canonicalJson, contentAddressedSha256, lineFingerprint } from '../../src/catalog/fingerprint';
import { isProductImage, outputKeyOf } from '../../src/catalog/output-location';
import { resultsCsv, resultsJsonl } from '../../src/catalog/results-files';
import type { DirectorModel } from '../../src/model/director-model';
import { loadGeminiConfig } from '../../src/model/gemini/gemini-config';
import { PROMPT_VERSION } from '../../src/model/gemini/gemini-prompts';
import { selectModel } from '../../src/model/select-model';
import { LocalObjectStore } from '../../src/storage/local-object-store';
import { parseCsv } from './catalog-env';

describe('catalog settings', () => {
  it('sizes the default window to the image quota, within 2..32, and 8 without one', () => {
    assert.equal(defaultWindow(undefined), 8);
    assert.equal(defaultWindow(1), 2);
    assert.equal(defaultWindow(10), 5);
    assert.equal(defaultWindow(20), 10);
    assert.equal(defaultWindow(1000), 32);
  });

  it('titles a catalog by its manifest’s file name, whatever names it', () => {
    assert.equal(manifestFileName('s3://bucket/studio/manifests/fall.csv'), 'fall.csv');
    assert.equal(manifestFileName('/home/me/fall.jsonl'), 'fall.jsonl');
    assert.equal(manifestFileName('fall.csv'), 'fall.csv');
  });
});

describe('line fingerprints', () => {
  const parts = {
    imageSha256: 'a'.repeat(64),
    director: 'ecommerce' as const,
    settings: { style: 'warm-beige', canvasSize: 1600, quality: {} },
    model: { id: 'local', version: 'local-1' },
  };

  it('do not depend on the order keys came in', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: undefined } }),
      '{"a":{"d":[1,{"e":3,"f":2}]},"b":1}',
    );
    const reordered = { ...parts, settings: { quality: {}, canvasSize: 1600, style: 'warm-beige' } };
    assert.equal(lineFingerprint(reordered), lineFingerprint(parts));
  });

  it('change with the model’s identity', () => {
    assert.notEqual(
      lineFingerprint({ ...parts, model: { id: 'gemini', version: 'local-1' } }),
      lineFingerprint(parts),
    );
    assert.notEqual(lineFingerprint({ ...parts, director: 'product' }), lineFingerprint(parts));
  });

  it('take a content-addressed input’s hash from its name', () => {
    const sha = 'b'.repeat(64);
    assert.equal(contentAddressedSha256(`inputs/${sha}.jpg`), sha);
    assert.equal(contentAddressedSha256(`s3://bucket/studio/inputs/${sha}.png`), sha);
    assert.equal(contentAddressedSha256(`photos/${sha}.png`), undefined);
    assert.equal(contentAddressedSha256('inputs/abc.png'), undefined);
  });
});

describe('output locations', () => {
  it('find a published file’s key in the output collection, from a path or a URI', () => {
    const store = new LocalObjectStore('/tmp/director-outputs');
    const local = { store, prefix: '' };
    assert.equal(outputKeyOf(local, '/tmp/director-outputs/run-1/product.png'), 'run-1/product.png');
    assert.equal(outputKeyOf(local, '/elsewhere/product.png'), undefined);
    const s3 = { store: { uri: 's3://bucket/studio' }, prefix: 'outputs/' };
    assert.equal(outputKeyOf(s3, 's3://bucket/studio/outputs/run-1/a.png'), 'outputs/run-1/a.png');
    assert.equal(outputKeyOf(s3, 's3://bucket/studio/inputs/a.png'), undefined);
    assert.ok(isProductImage('/x/run/product.png'));
    assert.ok(!isProductImage('/x/run/contact-sheet.png'));
    assert.ok(!isProductImage('s3://b/p/outputs/run/report.html'));
  });
});

describe('model identity', () => {
  const KEY = 'AIzaCatalogTestKey-2222222222';
  const local = { id: 'local' } as DirectorModel;
  const versionOf = (env: Record<string, string>) =>
    selectModel({ GEMINI_API_KEY: KEY, ...env }, local).model.version;

  it('names the Gemini models and the prompt version, so a changed one changes every fingerprint', () => {
    const config = loadGeminiConfig({ GEMINI_API_KEY: KEY });
    assert.equal(versionOf({}), `${config.textModel}+${config.imageModel}/${PROMPT_VERSION}`);
    assert.notEqual(versionOf({ GEMINI_IMAGE_MODEL: 'gemini-3.1-flash-image' }), versionOf({}));
    assert.notEqual(versionOf({ GEMINI_TEXT_MODEL: 'gemini-3.5-flash' }), versionOf({}));
  });
});

describe('results files', () => {
  it('keep a spreadsheet from running a bad SKU as a formula, and quote what needs quoting', () => {
    const record = {
      index: 0,
      line: 2,
      sku: '=HYPERLINK("http://x","click")',
      status: 'invalid' as const,
      failure: { type: 'InvalidLine', field: 'sku', message: 'sku: bad, "very"\nbad' },
      outputs: [],
      costUsd: 0,
      attempts: 0,
      settledAt: '2026-12-06T09:00:00.000Z',
    };
    const [, row] = parseCsv(resultsCsv([record]));
    assert.equal(row?.[0], `'${record.sku}`);
    assert.equal(row?.[5], record.failure.message);
    assert.equal((JSON.parse(resultsJsonl([record])) as { sku: string }).sku, record.sku);
  });
});
