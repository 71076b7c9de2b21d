import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { LocalBlobStore } from '../../src/storage/local-blob-store';
import { LocalPublisher } from '../../src/storage/publisher';

const dirs: string[] = [];
after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'director-remove-'));
  dirs.push(dir);
  return dir;
}

const image = { bytes: Buffer.from('not really a png'), mimeType: 'image/png', width: 1, height: 1 };

describe('removing stored files (blob store delete, publisher unpublish)', () => {
  it('deletes blobs once, counts only those that were there, and prunes the folders left empty', async () => {
    const root = await tempDir();
    const blobs = new LocalBlobStore(root);
    await blobs.put('runs/r1/step/a.png', image);
    await blobs.put('runs/r1/step/b.png', image);
    await blobs.put('runs/r2/step/c.png', image);
    assert.equal(await blobs.delete(['runs/r1/step/a.png', 'runs/r1/step/b.png', 'runs/r1/gone.png']), 2);
    assert.equal(await blobs.delete(['runs/r1/step/a.png']), 0, 'a second delete is a no-op');
    assert.deepEqual(await readdir(path.join(root, 'runs')), ['r2'], 'r1 left no empty folders');
    assert.ok(existsSync(root), 'the store root itself stays');
  });

  it('unpublishes a run by name and removes its folder once empty', async () => {
    const root = await tempDir();
    const publisher = new LocalPublisher(root);
    await publisher.publish('run-1', 'product.png', image.bytes);
    await publisher.publish('run-1', 'report.html', image.bytes);
    assert.equal(await publisher.unpublish('run-1', ['product.png']), 1);
    assert.deepEqual(await readdir(path.join(root, 'run-1')), ['report.html']);
    assert.equal(await publisher.unpublish('run-1', ['product.png', 'report.html']), 1);
    assert.deepEqual(await readdir(root), []);
  });

  it('refuses a key that climbs out of the store, as InvalidInput', async () => {
    const blobs = new LocalBlobStore(await tempDir());
    await assert.rejects(
      blobs.delete(['../outside.png']),
      (error: unknown) => error instanceof ApplicationFailure && error.type === 'InvalidInput',
    );
    const publisher = new LocalPublisher(await tempDir());
    await assert.rejects(
      publisher.unpublish('run-1', ['../../outside.png']),
      (error: unknown) => error instanceof ApplicationFailure && error.type === 'InvalidInput',
    );
  });
});
