import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { dimensionsFor } from '../../src/shared/creative-input';
import { editDistance, nearestKey } from '../../src/shared/nearest-key';
import { parseInput } from '../../src/shared/parse-input';
import { runKeyOf } from '../../src/shared/run-key';
import { allowedFailures } from '../../src/workflows/engine/fan-out';
import { renderStageTable } from '../../src/workflows/engine/visibility';

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

describe('nearestKey', () => {
  it('suggests the known key a slip of the keyboard meant, and nothing for an unrelated word', () => {
    assert.equal(editDistance('approvel', 'approval'), 1);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('BatchCount', 'batchcount'), 0);
    assert.equal(nearestKey('approvel', ['approval', 'validation', 'brand']), 'approval');
    assert.equal(nearestKey('batchcount', ['batchCount', 'brand']), 'batchCount');
    assert.equal(nearestKey('maxRound', ['maxRounds', 'minPassing', 'minScore']), 'maxRounds');
    assert.equal(nearestKey('colour', ['size', 'detailCount', 'brand']), undefined);
  });
});

describe('small shared helpers', () => {
  it('derives folder-safe run keys from workflow ids', () => {
    assert.match(
      runKeyOf('ecommerce-studio-white-20261124-abc'),
      /^ecommerce-studio-white-20261124-abc-[0-9a-f]{16}$/,
    );
    assert.match(runKeyOf('../../etc/passwd'), /^etc_passwd-[0-9a-f]{16}$/);
    assert.match(runKeyOf('a/b c'), /^a_b_c-[0-9a-f]{16}$/);
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
