import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LocalObjectStore } from '../../src/storage/local-object-store';
import { MemoStore } from '../../src/storage/memo-store';
import { S3ObjectStore } from '../../src/storage/s3-object-store';
import { StoreBlobStore } from '../../src/storage/store-blob-store';
import { startVersityGw, useGatewayCredentials, type VersityGw } from '../helpers/versitygw';

const dirs: string[] = [];
let gateway: VersityGw | undefined;
let restoreEnv: (() => void) | undefined;

before(async () => {
  gateway = await startVersityGw('blobs');
  restoreEnv = useGatewayCredentials(gateway);
});

after(async () => {
  restoreEnv?.();
  await gateway?.stop();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'director-blobstore-'));
  dirs.push(dir);
  return dir;
}

function s3(prefix: string): S3ObjectStore {
  if (!gateway) throw new Error('versitygw did not start');
  return new S3ObjectStore(gateway.setting('blobs', prefix));
}

const image = { bytes: Buffer.from('png bytes, more or less'), mimeType: 'image/png', width: 2, height: 3 };

describe('run images over an object store', () => {
  it('reads back what it wrote, checked against the sha256 in the reference (S3)', async () => {
    const blobs = new StoreBlobStore(s3('roundtrip'));
    const ref = await blobs.put('runs/r1/intake/product.png', image);
    assert.deepEqual(await blobs.get(ref), image.bytes);
    assert.equal(ref.size, image.bytes.length);
  });

  it('fails a blob whose bytes changed with CorruptImage naming the key', async () => {
    const root = await tempDir();
    const blobs = new StoreBlobStore(new LocalObjectStore(root));
    const ref = await blobs.put('runs/r1/intake/product.png', image);
    await writeFile(path.join(root, 'runs/r1/intake/product.png'), 'someone else wrote here');
    await assert.rejects(blobs.get(ref), (error: Error & { type?: string; nonRetryable?: boolean }) => {
      assert.equal(error.type, 'CorruptImage');
      assert.equal(error.nonRetryable, true);
      assert.match(error.message, /runs\/r1\/intake\/product\.png/);
      return true;
    });
  });

  it('fails a missing blob with ImageNotFound naming the key and the store URI', async () => {
    const store = s3('missing');
    const blobs = new StoreBlobStore(store);
    const ref = await blobs.put('runs/r1/intake/product.png', image);
    await blobs.delete([ref.key]);
    await assert.rejects(blobs.get(ref), (error: Error & { type?: string }) => {
      assert.equal(error.type, 'ImageNotFound');
      assert.ok(error.message.includes('runs/r1/intake/product.png'));
      assert.ok(error.message.includes(store.uri), error.message);
      return true;
    });
  });

  it('deletes a branch prefix of a run and nothing else', async () => {
    const blobs = new StoreBlobStore(s3('prefix'));
    await blobs.put('runs/r1/branch/a.png', image);
    await blobs.put('runs/r1/branch-other/b.png', image);
    assert.equal(await blobs.deletePrefix('runs/r1/branch'), 1);
    assert.equal(await blobs.deletePrefix('runs/r1/branch/'), 0);
  });
});

describe('the memo in the store', () => {
  it("lets a second worker find the first worker's answer (memo/<sha256>.json)", async () => {
    const first = new MemoStore(s3('memo-shared'));
    const second = new MemoStore(s3('memo-shared'));
    const key = MemoStore.key('analyzeReference', 'a'.repeat(64), 'local', 'v1');
    assert.equal(await second.get(key), undefined);
    await first.set(key, { garment: 'shirt' });
    assert.deepEqual(await second.get(key), { garment: 'shirt' });
    assert.deepEqual(
      (await s3('memo-shared').list('memo/')).map((o) => o.key),
      [`memo/${key}.json`],
    );
  });

  it('keeps the first answer for a key (a conditional write): later runs see one judgement', async () => {
    const memo = new MemoStore(s3('memo-first'));
    const key = MemoStore.key('judge', 'b'.repeat(64));
    await memo.set(key, { score: 0.9 });
    await memo.set(key, { score: 0.1 });
    assert.deepEqual(await memo.get(key), { score: 0.9 });
  });

  it('counts a corrupt entry as a miss, and replaces it on the next answer', async () => {
    const store = s3('memo-corrupt');
    const memo = new MemoStore(store);
    const key = MemoStore.key('judge', 'c'.repeat(64));
    await store.put(`memo/${key}.json`, Buffer.from('{"half'));
    assert.equal(await memo.get(key), undefined);
    await memo.set(key, { score: 0.5 });
    assert.deepEqual(await memo.get(key), { score: 0.5 });
  });

  it('stays bounded: a prune keeps only the most recent maxEntries', async () => {
    const store = s3('memo-bounded');
    const memo = new MemoStore(store, 3);
    for (let i = 0; i < 5; i += 1) await memo.set(MemoStore.key('x', String(i)), { i });
    await memo.prune();
    assert.equal((await store.list('memo/')).length, 3);
  });
});
