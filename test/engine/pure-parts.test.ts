import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { TtlLruCache } from '../../src/brand/ttl-lru-cache';
import { dimensionsFor } from '../../src/shared/creative-input';
import { parseInput } from '../../src/shared/parse-input';
import { runKeyOf } from '../../src/shared/run-key';
import { allowedFailures } from '../../src/workflows/engine/fan-out';
import { renderStageTable } from '../../src/workflows/engine/visibility';

describe('TtlLruCache', () => {
  it('evicts the least recently used entry when full', () => {
    const cache = new TtlLruCache<string, number>(2, 1000, () => 0);
    cache.set('a', 1);
    cache.set('b', 2);
    assert.equal(cache.get('a'), 1); // a is now the most recent
    cache.set('c', 3);
    assert.equal(cache.get('b'), undefined);
    assert.equal(cache.get('a'), 1);
    assert.equal(cache.get('c'), 3);
    assert.equal(cache.size, 2);
  });

  it('never returns an entry older than its time to live', () => {
    let now = 0;
    const cache = new TtlLruCache<string, number>(10, 1000, () => now);
    cache.set('a', 1);
    now = 999;
    assert.equal(cache.get('a'), 1);
    now = 1999;
    assert.equal(cache.get('a'), undefined);
  });

  it('refuses an unbounded or meaningless configuration, by size and by time to live', () => {
    for (const size of [0, -1, 1.5, Number.POSITIVE_INFINITY, Number.NaN]) {
      assert.throws(() => new TtlLruCache(size, 1000), RangeError, `size ${size}`);
    }
    for (const ttl of [0, -1, Number.POSITIVE_INFINITY, Number.NaN]) {
      assert.throws(() => new TtlLruCache(10, ttl), RangeError, `time to live ${ttl}`);
    }
    assert.doesNotThrow(() => new TtlLruCache(100, 3_600_000), 'the studio default: 100 entries, 1 h');
  });
});

describe('failure budget', () => {
  it('allows the smaller of the two limits', () => {
    assert.equal(allowedFailures(10), 10);
    assert.equal(allowedFailures(10, { minSuccesses: 7 }), 3);
    assert.equal(allowedFailures(10, { maxFailureRatio: 0.25 }), 2);
    assert.equal(allowedFailures(10, { minSuccesses: 9, maxFailureRatio: 0.5 }), 1);
    assert.equal(allowedFailures(4, { minSuccesses: 8 }), 0);
  });
});

describe('parseInput', () => {
  it('names every bad field with the value given, as a non-retryable InvalidInput', () => {
    const schema = z.object({ count: z.number().int().min(1), kind: z.enum(['a', 'b']) });
    try {
      parseInput(schema, { count: 0.5, kind: 'c' }, 'thing');
      assert.fail('must throw');
    } catch (error: unknown) {
      assert.ok(error instanceof ApplicationFailure);
      assert.equal(error.type, 'InvalidInput');
      assert.equal(error.nonRetryable, true);
      assert.match(error.message, /count: .*0\.5/);
      assert.match(error.message, /kind: .*"c"/);
    }
  });
});

describe('small shared helpers', () => {
  it('derives folder-safe run keys from workflow ids', () => {
    assert.equal(runKeyOf('ecommerce-studio-white-20261124-abc'), 'ecommerce-studio-white-20261124-abc');
    assert.equal(runKeyOf('../../etc/passwd'), 'etc_passwd');
    assert.equal(runKeyOf('a/b c'), 'a_b_c');
  });

  it('sizes images by aspect ratio and longest side', () => {
    assert.deepEqual(dimensionsFor('4:5', 1000), { width: 800, height: 1000 });
    assert.deepEqual(dimensionsFor('16:9', 1600), { width: 1600, height: 900 });
    assert.deepEqual(dimensionsFor('1:1', 512), { width: 512, height: 512 });
  });

  it('renders the stage lines the Web UI shows', () => {
    const table = renderStageTable({
      director: 'ecommerce',
      status: 'failed',
      durationMs: 1200,
      stages: [
        { name: 'intake', status: 'completed', attempts: 1, durationMs: 1200 },
        { name: 'publish', status: 'failed', attempts: 2, error: { type: 'X', message: 'a|b' } },
      ],
      compensations: [{ name: 'deleteBlobs', status: 'completed' }],
    });
    assert.match(table, /^- \*\*intake\*\*: completed · 1\.2 s$/m);
    assert.match(table, /^- \*\*publish\*\*: failed · 2 attempts — X: a\|b$/m);
    assert.match(table, /compensations: deleteBlobs completed/);
  });
});
