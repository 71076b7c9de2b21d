import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { drawProduct, drawReferences } from '../helpers/drawn-images';
import { tempDeps, useTemporal, withWorker } from '../helpers/temporal';

const temporal = useTemporal();

/** Starts a Director through the Temporal client (no CLI in between) and returns how it failed. */
async function refused(
  workflowType: string,
  input: Record<string, unknown>,
): Promise<{ failure: ApplicationFailure; activities: number }> {
  const deps = await tempDeps();
  try {
    return await withWorker(temporal(), deps, async (taskQueue) => {
      const handle = await temporal().client.workflow.start(workflowType, {
        taskQueue,
        workflowId: `strict-${randomUUID()}`,
        args: [input],
      });
      const error = await handle.result().then(
        () => assert.fail('a run with an unknown key must fail'),
        (e: unknown) => e,
      );
      assert.ok(
        error instanceof WorkflowFailedError && error.cause instanceof ApplicationFailure,
        String(error),
      );
      const history = await handle.fetchHistory();
      // The input check (resolveInput) is the run's first step: count what was scheduled after it.
      const activities = (history.events ?? []).filter(
        (e) =>
          e.activityTaskScheduledEventAttributes &&
          e.activityTaskScheduledEventAttributes.activityType?.name !== 'resolveInput',
      ).length;
      return { failure: error.cause, activities };
    });
  } finally {
    await deps.dispose();
  }
}

describe('Director inputs at the workflow boundary', () => {
  it('fails a run with a misspelled key at once, naming it and the key it most likely meant', async () => {
    const { failure, activities } = await refused('creativeDirector', {
      referenceImages: await drawReferences(1),
      brand: 'linn-atelier',
      mood: 'quiet morning',
      batchCount: 1,
      approvel: { required: true }, // the approval the user asked for must not be dropped silently
    });
    assert.equal(failure.type, 'InvalidInput');
    assert.equal(failure.nonRetryable, true);
    assert.match(failure.message, /approvel: unknown key \(did you mean "approval"\?\)/);
    assert.equal(activities, 0, 'nothing but the input check ran: the run failed before its first stage');
  });

  it('refuses unknown keys inside nested objects too', async () => {
    const { failure, activities } = await refused('ecommerceDirector', {
      productImage: await drawProduct('tote'),
      quality: { minSharpnes: 10 },
    });
    assert.equal(failure.type, 'InvalidInput');
    assert.match(failure.message, /quality\.minSharpnes: unknown key \(did you mean "minSharpness"\?\)/);
    assert.equal(activities, 0);
    const product = await refused('productDirector', {
      productImage: await drawProduct('tshirt'),
      productType: 'apparel',
      options: { detailCount: 2, colour: 'red' },
    });
    assert.equal(product.failure.type, 'InvalidInput');
    assert.match(
      product.failure.message,
      /options\.colour: unknown key \(known keys: size, detailCount, brand\)/,
    );
  });
});
