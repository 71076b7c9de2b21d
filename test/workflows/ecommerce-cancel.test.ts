import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { Context } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { Activities } from '../../src/activities';
import { drawSampleProduct } from '../../src/samples/sample-product';
import { cancelSignal, progressQuery, summaryQuery } from '../../src/shared/messages';
import { listFilesUnder } from '../helpers/files';
import { tempDeps, useTemporal, withWorker } from '../helpers/temporal';

const temporal = useTemporal();

/** A background generation that never finishes on its own: it heartbeats until it is cancelled. */
function hangingBackground(started: () => void): Partial<Activities> {
  return {
    generateBackground: async () => {
      started();
      for (;;) {
        Context.current().heartbeat();
        await Context.current().sleep(100);
      }
    },
  };
}

async function startHangingRun(stop: (handle: WorkflowHandle) => Promise<void>) {
  const env = temporal();
  const deps = await tempDeps();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'director-cancel-'));
  const image = path.join(dir, 'tote.png');
  await writeFile(image, await drawSampleProduct('tote'));
  let markStarted = () => {};
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const outcome = await withWorker(
    env,
    deps,
    async (taskQueue) => {
      const handle = await env.client.workflow.start('ecommerceDirector', {
        taskQueue,
        workflowId: `test-cancel-${randomUUID()}`,
        args: [{ productImage: image }],
      });
      await started;
      const progress = await handle.query(progressQuery);
      assert.equal(progress.stage, 'background-generation', 'cancelled in the middle of a stage');
      await stop(handle);
      const error = await handle.result().then(
        () => assert.fail('a cancelled run must not complete'),
        (e: unknown) => e,
      );
      return { error, description: await handle.describe(), summary: await handle.query(summaryQuery) };
    },
    hangingBackground(markStarted),
  );
  const leftovers = await listFilesUnder(deps.dataDir);
  await deps.dispose();
  return { ...outcome, leftovers };
}

describe('cancelling an E-commerce Director', () => {
  it('compensates and closes as Failed with DirectorCancelled when cancelled by signal', async () => {
    const run = await startHangingRun((h) => h.signal(cancelSignal, { reason: 'wrong product' }));
    assert.ok(run.error instanceof WorkflowFailedError);
    assert.ok(run.error.cause instanceof ApplicationFailure);
    assert.equal(run.error.cause.type, 'DirectorCancelled');
    assert.match(run.error.cause.message, /wrong product/);
    assert.equal(run.description.status.name, 'FAILED');
    assert.equal(run.summary.status, 'cancelled');
    assert.deepEqual(
      run.summary.compensations.map((c) => c.name),
      ['deleteBlobs', 'deleteBlobs'],
      'background (registered before it ran) and intake are undone',
    );
    assert.deepEqual(run.leftovers, [], 'the intake image is gone');
  });

  it("compensates and closes as Cancelled when cancelled through Temporal's own cancellation", async () => {
    const run = await startHangingRun(async (h) => {
      await h.cancel();
    });
    assert.ok(run.error instanceof WorkflowFailedError);
    assert.ok(run.error.cause instanceof CancelledFailure, String(run.error.cause));
    assert.equal(run.description.status.name, 'CANCELLED');
    assert.equal(run.summary.status, 'cancelled');
    assert.equal(run.summary.compensations.length, 2);
    assert.deepEqual(run.leftovers, []);
  });
});
