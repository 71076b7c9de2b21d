import assert from 'node:assert/strict';
import type { WorkflowHandle } from '@temporalio/client';
import { describe, it } from 'node:test';
import { modelTaskQueue } from '../../src/shared/model-queues';
import { creativeInput } from '../helpers/creative-input';
import { drawProduct } from '../helpers/drawn-images';
import { runWorkflow } from '../helpers/run-workflow';
import { tempDeps, useTemporal } from '../helpers/temporal';
import { localActivityTypes } from '../helpers/history';

const temporal = useTemporal();

/** Each scheduled activity of a run (and of its child runs) with the task queue it was scheduled on. */
async function queuesOf(handle: WorkflowHandle): Promise<Map<string, Set<string>>> {
  const queues = new Map<string, Set<string>>();
  const read = async (workflowId: string) => {
    const history = await temporal().client.workflow.getHandle(workflowId).fetchHistory();
    for (const event of history.events ?? []) {
      const scheduled = event.activityTaskScheduledEventAttributes;
      const name = scheduled?.activityType?.name;
      if (name) queues.set(name, (queues.get(name) ?? new Set()).add(scheduled.taskQueue?.name ?? ''));
      const child = event.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId;
      if (child) await read(child);
    }
  };
  await read(handle.workflowId);
  return queues;
}

function assertOn(queues: Map<string, Set<string>>, activities: string[], queue: string): void {
  for (const activity of activities) {
    assert.deepEqual([...(queues.get(activity) ?? [])], [queue], `${activity} was scheduled on ${queue}`);
  }
}

describe('model task queues', () => {
  it('schedules image calls on the images queue, text calls on the text queue, local steps on the main one', async () => {
    const deps = await tempDeps();
    const run = await runWorkflow(temporal(), deps, 'ecommerceDirector', {
      productImage: await drawProduct('tote'),
      style: 'warm-beige',
      canvasSize: 512,
    });
    assert.equal(run.error, undefined);
    const main = (await run.handle.describe()).taskQueue;
    const queues = await queuesOf(run.handle);
    assertOn(queues, ['generateBackground', 'composeProduct'], modelTaskQueue(main, 'images'));
    assertOn(queues, ['analyzeProduct'], modelTaskQueue(main, 'text'));
    assertOn(queues, ['resolveInput', 'intakeImage', 'checkQuality', 'removeRunIntermediates'], main);
    // The short local steps run as local activities, on the worker that runs the workflow.
    assert.deepEqual(await localActivityTypes(run.handle), ['publishImages', 'writeRunReport']);
    await deps.dispose();
  });

  it('routes the Creative Director’s prompts and judging to the text queue and a product branch’s shots to the images queue', async () => {
    const deps = await tempDeps();
    const creative = await runWorkflow(temporal(), deps, 'creativeDirector', {
      ...(await creativeInput('queue routing, salt air')),
      validation: { maxRounds: 0, minScore: 0 },
    });
    assert.equal(creative.error, undefined);
    const main = (await creative.handle.describe()).taskQueue;
    const queues = await queuesOf(creative.handle);
    assertOn(queues, ['analyzeReference', 'writePrompts', 'judgeImage'], modelTaskQueue(main, 'text'));
    assertOn(queues, ['generateImage'], modelTaskQueue(main, 'images'));
    assertOn(queues, ['renderImages'], main);

    const product = await runWorkflow(temporal(), deps, 'productDirector', {
      productImage: await drawProduct('sneaker'),
      productType: 'footwear',
    });
    assert.equal(product.error, undefined);
    const productQueue = (await product.handle.describe()).taskQueue;
    const branchQueues = await queuesOf(product.handle);
    assertOn(branchQueues, ['composePair'], modelTaskQueue(productQueue, 'images'));
    assertOn(branchQueues, ['extractProduct', 'checkBranchQuality', 'renderImages'], productQueue);
    await deps.dispose();
  });
});
