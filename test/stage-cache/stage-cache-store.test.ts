import assert from 'node:assert/strict';
import { mkdtemp, rm, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { STAGE_CACHE_PREFIX, StageCache } from '../../src/storage/stage-cache';
import { parseStageCacheBounds } from '../../src/storage/stage-cache-settings';
import { canonicalJson, stageKey } from '../../src/storage/stage-key';
import { loadDirectorConfig } from '../../src/config';
import { LocalObjectStore } from '../../src/storage/local-object-store';
import { buildWorkerDeps } from '../../src/worker-deps';
import { makePng } from '../helpers/fake-gemini-server';

const DAY = 24 * 3600_000;
let root: string;

before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'stage-cache-'));
});
after(() => rm(root, { recursive: true, force: true }));

const keyOf = (n: number) =>
  stageKey({ stage: 'prompt-writing', version: 'v1', model: { id: 'm' }, inputs: { n } });

function freshStore(name: string): LocalObjectStore {
  return new LocalObjectStore(path.join(root, name));
}

describe('the stage cache in the object store', () => {
  it('keys the same inputs alike in any key order, and another model, version or input apart', () => {
    const parts = {
      stage: 's',
      version: 'v1',
      model: { id: 'gemini', version: 'a' },
      inputs: { b: 1, a: [2] },
    };
    assert.equal(stageKey(parts), stageKey({ ...parts, inputs: { a: [2], b: 1 } }));
    assert.notEqual(stageKey(parts), stageKey({ ...parts, model: { id: 'gemini', version: 'b' } }));
    assert.notEqual(stageKey(parts), stageKey({ ...parts, version: 'v2' }));
    assert.notEqual(stageKey(parts), stageKey({ ...parts, inputs: { a: [2], b: 2 } }));
    assert.equal(canonicalJson({ z: 1, a: { y: undefined, x: 'q' } }), '{"a":{"x":"q"},"z":1}');
  });

  it('is found again by a new cache over the same store (a restart, another worker)', async () => {
    const store = freshStore('restart');
    await new StageCache(store).set(keyOf(1), 'prompt-writing', { prompts: ['a'] });
    const image = { bytes: await makePng(32, 24), mimeType: 'image/png', width: 32, height: 24 };
    await new StageCache(store).setImage(keyOf(2), 'image-generation', image);

    const restarted = new StageCache(new LocalObjectStore(store.root));
    assert.deepEqual(await restarted.get(keyOf(1)), { prompts: ['a'] });
    const found = await restarted.getImage(keyOf(2));
    assert.ok(found, 'the image is there after the restart');
    assert.ok(found.bytes.equals(image.bytes));
    assert.equal(found.width, 32);
  });

  it('misses and deletes an entry older than maxAge, and prunes old entries and images', async () => {
    const store = freshStore('age');
    let now = Date.now();
    const cache = new StageCache(store, { maxEntries: 100, maxAgeMs: DAY }, () => now);
    await cache.set(keyOf(1), 'prompt-writing', 'one');
    await cache.setImage(keyOf(2), 'image-generation', {
      bytes: await makePng(8, 8),
      mimeType: 'image/png',
      width: 8,
      height: 8,
    });
    now += DAY / 2;
    assert.equal(await cache.get(keyOf(1)), 'one', 'half a day old: still a hit');

    now += DAY;
    assert.equal(await cache.get(keyOf(1)), undefined, 'a day and a half old: a miss');
    assert.equal(await store.get(`${STAGE_CACHE_PREFIX.entries}${keyOf(1)}.json`), undefined, 'and gone');
    const deleted = await cache.prune();
    assert.equal(deleted, 2, 'the expired image entry and its bytes are pruned');
    assert.deepEqual(await store.list('cache/'), []);
  });

  it('keeps at most maxEntries entries, dropping the least recently written', async () => {
    const store = freshStore('entries');
    const cache = new StageCache(store, { maxEntries: 3, maxAgeMs: 30 * DAY });
    const base = Date.now() / 1000 - 3600;
    for (let n = 0; n < 5; n += 1) {
      await cache.set(keyOf(n), 'prompt-writing', n);
      // Distinct write times, oldest first, whatever the file system's clock resolution.
      await utimes(store.locate(`${STAGE_CACHE_PREFIX.entries}${keyOf(n)}.json`), base + n, base + n);
    }
    await cache.prune();
    const kept = await Promise.all([0, 1, 2, 3, 4].map((n) => cache.get(keyOf(n))));
    assert.deepEqual(kept, [undefined, undefined, 2, 3, 4]);
  });

  it('prunes on its own as it is written, so it never holds more than twice its bound', async () => {
    const store = freshStore('writes');
    const cache = new StageCache(store, { maxEntries: 2, maxAgeMs: 30 * DAY });
    for (let n = 0; n < 9; n += 1) await cache.set(keyOf(n), 'prompt-writing', n);
    const entries = await store.list(STAGE_CACHE_PREFIX.entries);
    assert.ok(entries.length <= 4, `${entries.length} entries after 9 writes with a bound of 2`);
  });

  it('is built by every worker from its configuration, bounds included', () => {
    const env = {
      DIRECTOR_STATE_DIR: path.join(root, 'state'),
      DIRECTOR_STAGE_CACHE_MAX_ENTRIES: '7',
      DIRECTOR_STAGE_CACHE_MAX_AGE: '2h',
    };
    const config = loadDirectorConfig(env);
    assert.deepEqual(config.stageCache, { maxEntries: 7, maxAgeMs: 2 * 3600_000 });
    const deps = buildWorkerDeps(config, { DIRECTOR_MODEL: 'local' });
    assert.deepEqual(deps.stageCache?.bounds, { maxEntries: 7, maxAgeMs: 2 * 3600_000 });
    assert.throws(
      () => loadDirectorConfig({ ...env, DIRECTOR_STAGE_CACHE_MAX_AGE: '2 weeks' }),
      /invalid configuration: DIRECTOR_STAGE_CACHE_MAX_AGE/,
    );
  });

  it('reads its bounds from the environment and names a bad setting', () => {
    assert.deepEqual(
      parseStageCacheBounds({ DIRECTOR_STAGE_CACHE_MAX_ENTRIES: '200', DIRECTOR_STAGE_CACHE_MAX_AGE: '12h' }),
      { maxEntries: 200, maxAgeMs: 12 * 3600_000 },
    );
    assert.throws(
      () => parseStageCacheBounds({ DIRECTOR_STAGE_CACHE_MAX_AGE: 'forever' }),
      /DIRECTOR_STAGE_CACHE_MAX_AGE.*"forever"/,
    );
    assert.throws(
      () => parseStageCacheBounds({ DIRECTOR_STAGE_CACHE_MAX_ENTRIES: '0' }),
      /DIRECTOR_STAGE_CACHE_MAX_ENTRIES.*"0"/,
    );
  });
});
