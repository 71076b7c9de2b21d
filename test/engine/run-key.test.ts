import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fnv1a64Hex } from '../../src/shared/fnv-hash';
import { legacyRunKeyOf, runKeyOf } from '../../src/shared/run-key';

describe('run keys', () => {
  it('computes FNV-1a 64 as published (test vectors)', () => {
    assert.equal(fnv1a64Hex(''), 'cbf29ce484222325');
    assert.equal(fnv1a64Hex('a'), 'af63dc4c8601ec8c');
    assert.equal(fnv1a64Hex('foobar'), '85944171f73967e8');
  });

  it('gives ids that differ only in unsafe characters folders of their own', () => {
    assert.notEqual(runKeyOf('a/b'), runKeyOf('a_b'));
    assert.notEqual(runKeyOf('creative/x y'), runKeyOf('creative_x_y'));
  });

  it('gives long ids that share their first 120 characters folders of their own', () => {
    const stem = 'ecommerce-'.padEnd(130, 'x');
    assert.notEqual(runKeyOf(`${stem}-1`), runKeyOf(`${stem}-2`));
    assert.ok(runKeyOf(`${stem}-1`).length <= 117);
  });

  it('stays folder-safe, readable and stable', () => {
    const key = runKeyOf('../../etc/passwd');
    assert.match(key, /^etc_passwd-[0-9a-f]{16}$/);
    assert.equal(runKeyOf('../../etc/passwd'), key, 'the same id always maps to the same key');
    assert.match(runKeyOf('///'), /^-[0-9a-f]{16}$/);
  });

  it('keeps the old key for runs that started with it', () => {
    assert.equal(legacyRunKeyOf('a/b c'), 'a_b_c');
    assert.equal(legacyRunKeyOf('a_b_c'), 'a_b_c');
    assert.equal(legacyRunKeyOf('x'.repeat(130)).length, 120);
  });
});
