import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { parseManifest } from '../../src/catalog/manifest';
import { prepareManifest } from '../../src/cli/catalog/prepare-manifest';
import { CliError } from '../../src/cli/exit-codes';
import { loadDirectorConfig } from '../../src/config';
import { LocalObjectStore } from '../../src/storage/local-object-store';
import { openObjectStore } from '../../src/storage/open-store';
import { drawProduct } from '../helpers/drawn-images';
import { startVersityGw, useGatewayCredentials } from '../helpers/versitygw';

const folders: string[] = [];
after(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

async function tempFolder(prefix: string): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), prefix));
  folders.push(folder);
  return folder;
}

/** A user's folder: `photos/shirt.png`, `photos/tote.png`, and a manifest written beside them. */
async function userFolder(): Promise<{ folder: string; shirt: string; tote: string }> {
  const folder = await tempFolder('director-catalog-user-');
  await mkdir(path.join(folder, 'photos'));
  const shirt = path.join(folder, 'photos', 'shirt.png');
  const tote = path.join(folder, 'photos', 'tote.png');
  await copyFile(await drawProduct('tshirt'), shirt);
  await copyFile(await drawProduct('tote'), tote);
  return { folder, shirt, tote };
}

const sha256Of = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

describe('manifest preparation for a catalog run', () => {
  it('resolves image paths against the manifest folder, keeps them absolute on a local store, and keeps line numbers', async () => {
    const { folder, shirt, tote } = await userFolder();
    const manifest = path.join(folder, 'spring.csv');
    const uri = 's3://another-bucket/inputs/kept-as-is.png';
    // A blank line and a brand cell across two lines: the stored manifest must keep every SKU on its line.
    await writeFile(
      manifest,
      `sku,image,style,brand\nA1,photos/shirt.png,warm-beige,"Linn\nAtelier"\n\nA2,${uri},,\nA3,./photos/tote.png,"cool-grey","x, y"\n`,
    );
    const store = new LocalObjectStore(await tempFolder('director-catalog-store-'));
    const prepared = await prepareManifest(manifest, store, { upload: false });

    assert.equal(prepared.lines, 3);
    assert.match(prepared.stored.key, /^inputs\/[0-9a-f]{64}\.csv$/);
    assert.equal(prepared.stored.uri, pathToFileURL(store.locate(prepared.stored.key)).href);
    const stored = (await store.get(prepared.stored.key))?.toString('utf8') ?? '';
    const rows = parseManifest(stored, 'csv');
    assert.deepEqual(
      rows.map((row) => [row.line, row.fields.sku, row.fields.image]),
      [
        [2, 'A1', shirt],
        [5, 'A2', uri],
        [6, 'A3', tote],
      ],
      stored,
    );
    assert.equal(rows[0]?.fields.brand, 'Linn\nAtelier');
    assert.equal(rows[2]?.fields.brand, 'x, y');
    assert.deepEqual(
      prepared.images.map((fate) => [fate.kind, fate.line]),
      [
        ['path', 2],
        ['uri', 5],
        ['path', 6],
      ],
    );
    assert.deepEqual(await store.list('inputs/').then((list) => list.length), 1, 'no image was copied');
  });

  it('stores the same manifest twice under one content-addressed key, written once', async () => {
    const { folder } = await userFolder();
    const manifest = path.join(folder, 'same.jsonl');
    await writeFile(manifest, '{"sku":"A1","image":"photos/shirt.png","detailCount":3}\n');
    const store = new LocalObjectStore(await tempFolder('director-catalog-store-'));
    const first = await prepareManifest(manifest, store, { upload: false });
    const second = await prepareManifest(manifest, store, { upload: false });
    assert.match(first.stored.key, /^inputs\/[0-9a-f]{64}\.jsonl$/);
    assert.equal(second.stored.key, first.stored.key);
    assert.deepEqual([first.stored.uploaded, second.stored.uploaded], [true, false]);
    const [row] = parseManifest((await store.get(first.stored.key))?.toString('utf8') ?? '', 'jsonl');
    assert.equal(row?.fields.detailCount, 3, 'JSONL values keep their types');
  });

  it('reads a cell that is no local file as a key in the store, and reports a missing image for its line', async () => {
    const { folder, shirt } = await userFolder();
    const store = new LocalObjectStore(await tempFolder('director-catalog-store-'));
    await store.put('inputs/earlier-upload.png', await readFile(shirt));
    const manifest = path.join(folder, 'mixed.csv');
    await writeFile(manifest, 'sku,image\nA1,inputs/earlier-upload.png\nA2,photos/no-such.jpg\nA3,\n');
    const prepared = await prepareManifest(manifest, store, { upload: false });
    const rows = parseManifest((await store.get(prepared.stored.key))?.toString('utf8') ?? '', 'csv');
    assert.deepEqual(
      rows.map((row) => row.fields.image),
      [store.locate('inputs/earlier-upload.png'), path.join(folder, 'photos/no-such.jpg'), undefined],
    );
    const missing = prepared.images.find((fate) => fate.kind === 'missing');
    assert.equal(missing?.line, 3);
    assert.match(
      missing?.kind === 'missing' ? missing.reason : '',
      /mixed\.csv line 3 image photos\/no-such\.jpg: no such file/,
    );
  });

  it('refuses a manifest none of whose images can be found, storing nothing', async () => {
    const { folder } = await userFolder();
    const manifest = path.join(folder, 'elsewhere.csv');
    await writeFile(manifest, 'sku,image\nA1,shirt.png\nA2,tote.png\n');
    const root = await tempFolder('director-catalog-store-');
    const store = new LocalObjectStore(root);
    await assert.rejects(prepareManifest(manifest, store, { upload: false }), (error: unknown) => {
      assert.ok(error instanceof CliError && error.exitCode === 2);
      assert.match(error.message, /none of the 2 images in \S+elsewhere\.csv can be found/);
      return true;
    });
    assert.deepEqual(await store.list(''), []);
  });

  it('uploads images to an S3 store once and rewrites their cells to s3:// URIs', async () => {
    const gateway = await startVersityGw('studio');
    const restore = useGatewayCredentials(gateway);
    try {
      const settings = Object.fromEntries(
        Object.entries(gateway.env('studio', 'linn')).filter(([name]) => name.startsWith('DIRECTOR_')),
      );
      const config = loadDirectorConfig({
        ...settings,
        DIRECTOR_STATE_DIR: await tempFolder('director-catalog-state-'),
      });
      const store = openObjectStore(config);
      const { folder, shirt, tote } = await userFolder();
      const manifest = path.join(folder, 'bucket.csv');
      const kept = 's3://studio/linn/inputs/already-there.png';
      await writeFile(
        manifest,
        `sku,image\nA1,photos/shirt.png\nA2,photos/tote.png\nA3,${kept}\nA4,photos/shirt.png\n`,
      );

      const first = await prepareManifest(manifest, store, { upload: true });
      const [shirtSha, toteSha] = [await sha256Of(shirt), await sha256Of(tote)];
      const rows = parseManifest((await store.get(first.stored.key))?.toString('utf8') ?? '', 'csv');
      assert.deepEqual(
        rows.map((row) => row.fields.image),
        [
          `s3://studio/linn/inputs/${shirtSha}.png`,
          `s3://studio/linn/inputs/${toteSha}.png`,
          kept,
          `s3://studio/linn/inputs/${shirtSha}.png`,
        ],
      );
      assert.equal(first.stored.uri, `s3://studio/linn/${first.stored.key}`);
      assert.deepEqual(
        first.images.map((fate) => (fate.kind === 'uploaded' ? fate.upload.uploaded : fate.kind)),
        [true, true, 'uri', false],
        'the same photo twice is uploaded once',
      );
      const again = await prepareManifest(manifest, store, { upload: true });
      assert.equal(again.stored.key, first.stored.key);
      assert.equal(again.stored.uploaded, false);
      assert.ok(again.images.every((fate) => fate.kind !== 'uploaded' || !fate.upload.uploaded));
      const objects = (await store.list('inputs/')).map((object) => object.key).sort();
      assert.deepEqual(objects, [first.stored.key, `inputs/${shirtSha}.png`, `inputs/${toteSha}.png`].sort());
    } finally {
      restore();
      await gateway.stop();
    }
  });
});
