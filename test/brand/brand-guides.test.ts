import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { BrandGuides } from '../../src/brand/brand-guides';
import { BRANDS_DIR } from '../../src/worker-deps';

const dirs: string[] = [];
after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/** A brands folder with guides `a` and `b` (copies of a shipped guide), and a way to rename one on disk. */
async function brandsFolder(): Promise<{
  folder: string;
  rename: (id: string, name: string) => Promise<void>;
}> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'director-brands-'));
  dirs.push(folder);
  const source = path.join(BRANDS_DIR, 'linn-atelier.json');
  const rename = async (id: string, name: string) => {
    const guide = JSON.parse(await readFile(source, 'utf8')) as Record<string, unknown>;
    await writeFile(path.join(folder, `${id}.json`), JSON.stringify({ ...guide, id, name }));
  };
  await rename('a', 'A one');
  await rename('b', 'B one');
  return { folder, rename };
}

describe('brand guides cache', () => {
  it('reads a guide once while it is fresh, and again once its time to live has passed', async () => {
    const { folder, rename } = await brandsFolder();
    let now = 5_000;
    const guides = new BrandGuides(folder, { ttlMs: 1000, now: () => now });
    assert.equal((await guides.get('a')).name, 'A one');
    await rename('a', 'A two');
    now = 5_999;
    assert.equal((await guides.get('a')).name, 'A one', 'served from the cache');
    now = 6_001;
    assert.equal((await guides.get('a')).name, 'A two', 'read again after an hour (here: a second)');
  });

  it('keeps at most maxEntries guides, dropping the least recently used', async () => {
    const { folder, rename } = await brandsFolder();
    const guides = new BrandGuides(folder, { maxEntries: 1, now: () => 5_000 });
    await guides.get('a');
    await guides.get('b'); // evicts a
    await rename('a', 'A two');
    await rename('b', 'B two');
    assert.equal((await guides.get('b')).name, 'B one', 'b is still cached');
    assert.equal((await guides.get('a')).name, 'A two', 'a was dropped and read again');
  });

  it('refuses an unbounded or meaningless cache, by size and by time to live', () => {
    for (const maxEntries of [0, -1, 1.5, Number.POSITIVE_INFINITY, Number.NaN]) {
      assert.throws(
        () => new BrandGuides(BRANDS_DIR, { maxEntries }),
        /maxEntries must be a positive integer/,
        `maxEntries ${maxEntries}`,
      );
    }
    for (const ttlMs of [0, -1, Number.POSITIVE_INFINITY, Number.NaN]) {
      assert.throws(
        () => new BrandGuides(BRANDS_DIR, { ttlMs }),
        /ttlMs must be a positive, finite number/,
        `ttlMs ${ttlMs}`,
      );
    }
    assert.doesNotThrow(() => new BrandGuides(BRANDS_DIR, { maxEntries: 100, ttlMs: 3_600_000 }));
  });
});
