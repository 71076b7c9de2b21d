import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LocalObjectStore } from '../../src/storage/local-object-store';
import type { ObjectStore } from '../../src/storage/object-store';
import { S3ObjectStore } from '../../src/storage/s3-object-store';
import { startVersityGw, useGatewayCredentials, type VersityGw } from '../helpers/versitygw';

/**
 * The ObjectStore contract, the same cases against a local folder and against a real S3 gateway
 * (versitygw, which checks signatures and honours If-None-Match): the two stores must be interchangeable.
 */
const PAGE_SIZE = 25;
const MANY = 60; // more than two list pages of PAGE_SIZE

function contract(name: string, open: () => ObjectStore) {
  describe(`the ObjectStore contract on ${name}`, () => {
    it('puts, gets, and replaces an object; a missing key reads as undefined', async () => {
      const store = open();
      assert.equal(await store.put('runs/r1/a.png', Buffer.from('one')), true);
      assert.equal((await store.get('runs/r1/a.png'))?.toString(), 'one');
      assert.equal(await store.put('runs/r1/a.png', Buffer.from('two')), true);
      assert.equal((await store.get('runs/r1/a.png'))?.toString(), 'two');
      assert.equal(await store.get('runs/r1/missing.png'), undefined);
    });

    it('keeps an existing object on a conditional write (ifAbsent) and creates a missing one', async () => {
      const store = open();
      assert.equal(await store.put('inputs/abc.jpg', Buffer.from('first'), { ifAbsent: true }), true);
      assert.equal(await store.put('inputs/abc.jpg', Buffer.from('second'), { ifAbsent: true }), false);
      assert.equal((await store.get('inputs/abc.jpg'))?.toString(), 'first');
    });

    it('deletes by key, counting only the objects that were there, idempotently', async () => {
      const store = open();
      await store.put('del/a', Buffer.from('a'));
      await store.put('del/b', Buffer.from('b'));
      assert.equal(await store.delete(['del/a', 'del/b', 'del/never']), 2);
      assert.equal(await store.delete(['del/a']), 0);
      assert.equal(await store.get('del/a'), undefined);
    });

    it('deletes a prefix and nothing beside it', async () => {
      const store = open();
      await store.put('runs/r2/branch/x.png', Buffer.from('x'));
      await store.put('runs/r2/branch/deep/y.png', Buffer.from('y'));
      await store.put('runs/r2/keep.png', Buffer.from('k'));
      await store.put('runs/r2/branches.png', Buffer.from('k'));
      assert.equal(await store.deletePrefix('runs/r2/branch/'), 2);
      assert.equal(await store.deletePrefix('runs/r2/branch/'), 0);
      assert.deepEqual(
        (await store.list('runs/r2/')).map((o) => o.key),
        ['runs/r2/branches.png', 'runs/r2/keep.png'],
      );
    });

    it(`lists every object under a prefix in key order, across pages (${MANY} keys)`, async () => {
      const store = open();
      const keys = Array.from({ length: MANY }, (_, i) => `many/k${String(i).padStart(3, '0')}`);
      await Promise.all(keys.map((key) => store.put(key, Buffer.from(key))));
      await store.put('manyother/x', Buffer.from('x'));
      const listed = await store.list('many/');
      assert.deepEqual(
        listed.map((o) => o.key),
        keys,
      );
      assert.ok(listed.every((o) => o.size === o.key.length && o.modifiedMs > 0));
      assert.equal(await store.deletePrefix('many/'), MANY);
      assert.deepEqual(await store.list('many/'), []);
    });

    it('refuses an unsafe key with InvalidInput', async () => {
      const store = open();
      await assert.rejects(store.put('../escape', Buffer.from('x')), { type: 'InvalidInput' });
      await assert.rejects(store.get('a//b'), { type: 'InvalidInput' });
    });

    it('locates a key for people: a path in the folder, or s3://bucket/prefix/key', () => {
      const store = open();
      const where = store.locate('outputs/r1/product.png');
      assert.ok(
        where.endsWith(`outputs${path.sep}r1${path.sep}product.png`) ||
          where.endsWith('outputs/r1/product.png'),
      );
    });
  });
}

const folders: string[] = [];
let gateway: VersityGw | undefined;
let restoreEnv: (() => void) | undefined;

before(async () => {
  folders.push(await mkdtemp(path.join(os.tmpdir(), 'director-store-')));
  gateway = await startVersityGw('contract');
  restoreEnv = useGatewayCredentials(gateway);
});

after(async () => {
  restoreEnv?.();
  await gateway?.stop();
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

contract('a local folder', () => new LocalObjectStore(folders[0] ?? ''));
contract('an S3 bucket (versitygw)', () => {
  if (!gateway) throw new Error('versitygw did not start');
  return new S3ObjectStore(gateway.setting('contract', 'studio/a'), { pageSize: PAGE_SIZE });
});

describe('S3 store identity', () => {
  it('names bucket and prefix, not the endpoint: one gateway reached by two names is one store', () => {
    if (!gateway) throw new Error('versitygw did not start');
    const here = new S3ObjectStore(gateway.setting('contract', 'studio/a'));
    const byAnotherName = new S3ObjectStore({
      ...gateway.setting('contract', 'studio/a'),
      endpoint: gateway.endpoint.replace('127.0.0.1', 'localhost'),
    });
    const otherPrefix = new S3ObjectStore(gateway.setting('contract', 'studio/b'));
    assert.equal(here.uri, 's3://contract/studio/a');
    assert.equal(byAnotherName.uri, here.uri);
    assert.notEqual(otherPrefix.uri, here.uri);
    assert.equal(here.locate('outputs/r1/x.png'), 's3://contract/studio/a/outputs/r1/x.png');
  });
});
