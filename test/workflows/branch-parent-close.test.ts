import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Context } from '@temporalio/activity';
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import type { Activities } from '../../src/activities';
import type { ProductResult } from '../../src/shared/product-input';
import { activityEvents } from '../helpers/activity-events';
import { drawProduct } from '../helpers/drawn-images';
import { listFilesUnder } from '../helpers/files';
import { runWorkflow } from '../helpers/run-workflow';
import { tempDeps, useTemporal } from '../helpers/temporal';

const temporal = useTemporal();

describe('a branch whose parent closes', () => {
  it('undoes its outputs when the parent is terminated mid-branch', async () => {
    const deps = await tempDeps();
    let modelStarted: () => void = () => {};
    const inBranch = new Promise<void>((resolve) => (modelStarted = resolve));
    const overrides: Partial<Activities> = {
      // The branch's second stage hangs (heartbeating) until it is cancelled; the first wrote a cutout.
      generateModel: async () => {
        const context = Context.current();
        modelStarted();
        for (let i = 0; i < 600 && !context.cancellationSignal.aborted; i += 1) {
          context.heartbeat();
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        context.cancellationSignal.throwIfAborted();
        throw new Error('generateModel was never cancelled');
      },
    };
    let child: { error: unknown; undone: string[]; writtenBefore: string[] } | undefined;
    const input = {
      productImage: await drawProduct('tshirt'),
      productType: 'apparel',
      options: { size: 640 },
    };
    const run = await runWorkflow<ProductResult>(temporal(), deps, 'productDirector', input, {
      overrides,
      drive: async (handle) => {
        // A run that ends before its branch gets that far fails the test instead of hanging it.
        const closedEarly = handle.result().then(
          () => Promise.reject(new Error('the run completed before its branch reached generate-model')),
          (error: unknown) => Promise.reject(error instanceof Error ? error : new Error(String(error))),
        );
        await Promise.race([inBranch, closedEarly]);
        closedEarly.catch(() => {});
        const writtenBefore = await listFilesUnder(deps.dataDir);
        await handle.terminate('test: the parent is terminated while its branch runs');
        // The worker keeps running until the branch has closed, so it can compensate.
        const branch = temporal().client.workflow.getHandle(`${handle.workflowId}/apparel`);
        const error = await branch.result().then(
          () => undefined,
          (e: unknown) => e,
        );
        const { activities } = await activityEvents(branch);
        const undone = activities
          .filter((a) => a.type === 'deleteBlobPrefix' && a.closedAs === 'completed')
          .map((a) => (a.input as { prefix: string }).prefix.replace(/^runs\/[^/]+\//, ''));
        child = { error, undone, writtenBefore };
      },
    });
    const leftovers = [...(await listFilesUnder(deps.dataDir)), ...(await listFilesUnder(deps.outputDir))];
    await deps.dispose();

    assert.ok(child, 'the test reached the branch');
    assert.ok(
      child.writtenBefore.some((file) => file.includes('/branch/')),
      'the branch had written its cutout before the parent was terminated',
    );
    assert.equal((run.error as Error | undefined)?.name, 'WorkflowFailedError', 'the parent was terminated');
    assert.ok(
      child.error instanceof WorkflowFailedError && child.error.cause instanceof CancelledFailure,
      `the branch closes as cancelled, not terminated: ${String(child.error)}`,
    );
    assert.deepEqual(child.undone.sort(), ['branch/', 'post/']);
    // Terminating runs no workflow code, so the parent's own intake stays: everything the branch wrote is gone.
    assert.deepEqual(
      leftovers.filter((file) => !file.endsWith('/intake/product.png')),
      [],
    );
  });
});
