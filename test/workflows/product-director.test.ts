import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import type { ProductInput, ProductResult } from '../../src/shared/product-input';
import { drawProduct } from '../helpers/drawn-images';
import { runFailure } from '../helpers/failures';
import { listFilesUnder } from '../helpers/files';
import { failing } from '../helpers/inject';
import { runWorkflow } from '../helpers/run-workflow';
import { tempDeps, useTemporal } from '../helpers/temporal';

const temporal = useTemporal();

/** Waits for `promise`, failing with `what` if it has not settled within `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} (waited ${ms} ms)`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function product(input: Partial<ProductInput>, options: Parameters<typeof runWorkflow>[4] = {}) {
  const deps = await tempDeps();
  const full = {
    productImage: await drawProduct('tshirt'),
    productType: 'apparel',
    options: { size: 640 },
    ...input,
  };
  const run = await runWorkflow<ProductResult>(temporal(), deps, 'productDirector', full, options);
  const leftovers = [...(await listFilesUnder(deps.dataDir)), ...(await listFilesUnder(deps.outputDir))];
  await deps.dispose();
  return { ...run, leftovers };
}

const EXPECTED_OUTPUTS = {
  apparel: ['try-on', 'garment'],
  accessory: ['scene', 'detail-0', 'detail-1', 'detail-2'],
  footwear: ['pair'],
  generic: ['studio'],
} as const;

describe('productDirector', () => {
  for (const [productType, outputs] of Object.entries(EXPECTED_OUTPUTS)) {
    it(`runs the ${productType} branch as a child workflow and publishes its renditions`, async () => {
      const deps = await tempDeps();
      const input = { productImage: await drawProduct('tote'), productType, options: { size: 640 } };
      const run = await runWorkflow<ProductResult>(temporal(), deps, 'productDirector', input);
      assert.ok(run.result, String(run.error));
      const names = run.result.files.map((f) => f.name).sort();
      assert.deepEqual(names, outputs.flatMap((o) => [`${o}-thumb.webp`, `${o}-web.jpg`]).sort());
      for (const file of run.result.files) assert.ok(existsSync(file.path), file.path);
      assert.equal(run.result.branch.branch, productType);
      assert.ok(run.result.branch.summary.stages.every((s) => s.status === 'completed'));
      const children = (await run.handle.fetchHistory()).events?.filter(
        (e) => e.startChildWorkflowExecutionInitiatedEventAttributes,
      );
      assert.equal(children?.length, 1);
      assert.equal(
        children?.[0]?.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId,
        `${run.handle.workflowId}/${productType}`,
      );
      await deps.dispose();
    });
  }

  it('refuses an unknown product type, listing the valid ones', async () => {
    const run = await product({ productType: 'hat' as 'apparel' });
    const { failure } = runFailure(run.error);
    assert.equal(failure.type, 'InvalidInput');
    assert.match(
      failure.message,
      /productType: productType must be one of: apparel, accessory, footwear, generic/,
    );
    assert.deepEqual(run.scheduled, ['resolveInput'], 'nothing but the input check itself');
  });

  it('rolls back the child and the parent when a branch stage fails', async () => {
    const run = await product({}, { overrides: failing('tryOnGarment') });
    const { failure, summary } = runFailure(run.error);
    assert.equal(failure.type, 'InjectedFailure');
    assert.equal(summary?.stages.find((s) => s.name === 'branch')?.status, 'failed');
    assert.deepEqual(
      summary?.compensations.map((c) => c.name),
      ['deleteBlobPrefix', 'deleteBlobs'],
    );
    assert.deepEqual(run.leftovers, [], 'no output of the run is left, in the child or the parent');
  });

  it('rolls back when cancelled while the child workflow runs', async () => {
    // The cancel is sent once the child's model step has really started, not after a guessed delay.
    let markStarted: () => void = () => undefined;
    const modelStarted = new Promise<void>((resolve) => {
      markStarted = resolve;
    });
    const run = await product(
      {},
      {
        overrides: {
          generateModel: async () => {
            markStarted();
            for (;;) {
              Context.current().heartbeat();
              await Context.current().sleep(100);
            }
          },
        },
        drive: async (handle) => {
          await within(modelStarted, 60_000, 'the child never started generateModel');
          await handle.cancel();
        },
      },
    );
    assert.ok(
      run.error instanceof WorkflowFailedError && run.error.cause instanceof CancelledFailure,
      String(run.error),
    );
    assert.deepEqual(run.leftovers, []);
  });
});
