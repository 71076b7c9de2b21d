import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { loadDirectorConfig } from '../../src/config';
import { storeTaskQueue } from '../../src/shared/store-identity';
import { assertExit, jsonOf, runCli } from '../cli/cli-process';

/** The environment of a clone whose store is `blobs`, with nothing else chosen. */
const cloneEnv = (blobs: string): NodeJS.ProcessEnv => ({
  DIRECTOR_DATA_DIR: blobs,
  DIRECTOR_CONFIG: undefined,
  DIRECTOR_TASK_QUEUE: undefined,
});

describe('the task queue', () => {
  it('differs between two local stores, and is the same for workers that share one store', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'director-queues-'));
    const [a, b] = [path.join(root, 'a', 'blobs'), path.join(root, 'b', 'blobs')];
    const queueA = loadDirectorConfig(cloneEnv(a)).taskQueue;
    assert.match(queueA, /^linn-director-[0-9a-f]{8}$/);
    assert.notEqual(queueA, loadDirectorConfig(cloneEnv(b)).taskQueue);
    assert.equal(queueA, loadDirectorConfig(cloneEnv(path.join(root, 'a', '.', 'blobs'))).taskQueue);
    assert.equal(storeTaskQueue('s3://studio/director'), storeTaskQueue('s3://studio/director'));
    assert.notEqual(storeTaskQueue('s3://studio/director'), storeTaskQueue('s3://studio/other'));
    assert.equal(loadDirectorConfig({ ...cloneEnv(a), DIRECTOR_TASK_QUEUE: 'staging' }).taskQueue, 'staging');
    await rm(root, { recursive: true, force: true });
  });

  it('is shown by `director config` with the store it comes from, or the setting that overrides it', async () => {
    const blobs = path.join(os.tmpdir(), 'director-config-store', 'blobs');
    type Shown = { director: { taskQueue: string; store: string; taskQueueFrom: string } };
    const derived = await runCli(['config', '--json'], { env: cloneEnv(blobs) });
    assertExit(derived, 0);
    const store = pathToFileURL(blobs).href;
    assert.deepEqual(jsonOf<Shown>(derived).director, {
      ...jsonOf<Shown>(derived).director,
      store,
      taskQueue: storeTaskQueue(store),
      taskQueueFrom: 'derived from the store',
    });
    const forced = await runCli(['config'], { env: { ...cloneEnv(blobs), DIRECTOR_TASK_QUEUE: 'staging' } });
    assertExit(forced, 0);
    assert.match(forced.stdout, /taskQueue +staging/);
    assert.match(
      forced.stdout,
      new RegExp(
        `taskQueueFrom +DIRECTOR_TASK_QUEUE \\(the store's own queue is ${storeTaskQueue(store)}\\)`,
      ),
    );
  });
});
