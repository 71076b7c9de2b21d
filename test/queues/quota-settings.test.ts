import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadDirectorConfig } from '../../src/config';
import { parseQuota, parseWorkerQueues, quotaPerSecond } from '../../src/worker-queues';

describe('model quota settings', () => {
  it('reads a quota in its own units and gives Temporal calls per second', () => {
    const perMinute = parseQuota('10/min', 'DIRECTOR_IMAGE_QUOTA');
    assert.deepEqual(perMinute, { count: 10, per: 'min' });
    assert.equal(quotaPerSecond(perMinute ?? assert.fail()), 10 / 60);
    assert.equal(quotaPerSecond(parseQuota(' 2 / s ', 'X') ?? assert.fail()), 2);
    assert.equal(quotaPerSecond(parseQuota('0.5/s', 'X') ?? assert.fail()), 0.5);
    assert.equal(quotaPerSecond(parseQuota('720/h', 'X') ?? assert.fail()), 0.2);
  });

  it('treats an unset or blank quota as no limit', () => {
    assert.equal(parseQuota(undefined, 'DIRECTOR_IMAGE_QUOTA'), undefined);
    assert.equal(parseQuota('  ', 'DIRECTOR_IMAGE_QUOTA'), undefined);
  });

  it('refuses a malformed quota, naming the variable and the value', () => {
    for (const bad of ['10', '10/day', '0/min', '-3/min', 'ten/min', '10/min/min', '1e3/s']) {
      assert.throws(
        () => parseQuota(bad, 'DIRECTOR_TEXT_QUOTA'),
        (error: Error) => error.message.includes('DIRECTOR_TEXT_QUOTA') && error.message.includes(`"${bad}"`),
        bad,
      );
    }
  });

  it('polls every queue by default and only the named ones when asked', () => {
    assert.deepEqual(parseWorkerQueues(undefined), ['main', 'images', 'text']);
    assert.deepEqual(parseWorkerQueues('text, images'), ['images', 'text']);
    assert.throws(() => parseWorkerQueues('main,video'), /DIRECTOR_WORKER_QUEUES.*"main,video"/);
    assert.throws(() => parseWorkerQueues(','), /DIRECTOR_WORKER_QUEUES/);
  });

  it('loads the queue settings into the project configuration and reports a bad one as invalid configuration', () => {
    const config = loadDirectorConfig({
      DIRECTOR_IMAGE_QUOTA: '10/min',
      DIRECTOR_TEXT_QUOTA: '1/s',
      DIRECTOR_WORKER_QUEUES: 'images',
    });
    assert.deepEqual(config.imageQuota, { count: 10, per: 'min' });
    assert.deepEqual(config.textQuota, { count: 1, per: 's' });
    assert.deepEqual(config.workerQueues, ['images']);
    const defaults = loadDirectorConfig({});
    assert.deepEqual(defaults.workerQueues, ['main', 'images', 'text']);
    assert.equal(defaults.imageQuota, undefined);
    assert.throws(
      () => loadDirectorConfig({ DIRECTOR_IMAGE_QUOTA: '10 per minute' }),
      /invalid configuration: DIRECTOR_IMAGE_QUOTA .*"10 per minute"/,
    );
  });
});
