import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { createActivities, type Activities } from '../../src/activities';
import { blobKeys } from '../../src/shared/blob-keys';
import type { CreativeResult } from '../../src/shared/creative-input';
import type { ProductResult } from '../../src/shared/product-input';
import { cancelSignal } from '../../src/shared/messages';
import { activityEvents, firstUndoAfter, type ActivityEvent } from '../helpers/activity-events';
import { drawProduct, drawReferences } from '../helpers/drawn-images';
import { runFailure } from '../helpers/failures';
import { listFilesUnder } from '../helpers/files';
import { runWorkflow } from '../helpers/run-workflow';
import { tempDeps, useTemporal } from '../helpers/temporal';

const temporal = useTemporal();

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A promise with its resolve function. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open: () => void = () => {};
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Heartbeats (so a cancellation reaches the activity) until `done()` says stop. */
async function heartbeatUntil(done: () => boolean | Promise<boolean>): Promise<void> {
  // A bound, so a broken run ends the test instead of hanging it; never reached when the code is right.
  for (let i = 0; i < 600 && !(await done()); i += 1) {
    Context.current().heartbeat();
    await pause(100);
  }
}

/**
 * Activities where the rendition labelled `failing` fails fast once a sibling rendition is busy, and every
 * other rendition keeps rendering until it is cancelled or (the bug) the undo `undoName` starts around it.
 */
function renderRace(
  real: Activities,
  failing: string,
  undoName: 'deleteBlobs' | 'deleteBlobPrefix',
): Partial<Activities> {
  const siblingStarted = gate();
  let compensating = false;
  const undo = real[undoName] as (input: never) => Promise<unknown>;
  return {
    renderImages: async (input) => {
      if (input.label === failing) {
        await siblingStarted.promise;
        throw ApplicationFailure.create({
          type: 'InjectedFailure',
          message: `render ${failing}`,
          nonRetryable: true,
        });
      }
      siblingStarted.open();
      await heartbeatUntil(() => Context.current().cancellationSignal.aborted || compensating);
      return real.renderImages(input);
    },
    [undoName]: (input: never) => {
      compensating = true;
      return undo(input);
    },
  };
}

const CREATIVE = {
  brand: 'linn-atelier',
  mood: 'serene morning',
  batchCount: 2,
  size: 256,
  concurrency: 2,
  validation: { minScore: 0 },
};

function isInput(activity: ActivityEvent, test: (input: Record<string, unknown>) => boolean): boolean {
  return typeof activity.input === 'object' && activity.input !== null && test(activity.input as never);
}

describe('sibling steps settle before their undo', () => {
  it('does not undo a rendition while its sibling is still rendering', async () => {
    const deps = await tempDeps();
    const overrides = renderRace(createActivities(deps), '0', 'deleteBlobs');
    const input = { ...CREATIVE, referenceImages: await drawReferences(1) };
    const run = await runWorkflow<CreativeResult>(temporal(), deps, 'creativeDirector', input, { overrides });
    const leftovers = [...(await listFilesUnder(deps.dataDir)), ...(await listFilesUnder(deps.outputDir))];
    await deps.dispose();

    assert.equal(runFailure(run.error).failure.type, 'InjectedFailure');
    const { activities } = await activityEvents(run.handle);
    const sibling = activities.find((a) => a.type === 'renderImages' && isInput(a, (i) => i.label === '1'));
    assert.ok(sibling?.closedId, 'the sibling rendering closed');
    const undo = firstUndoAfter(activities, sibling.scheduledId);
    assert.ok(undo, 'the run compensated');
    assert.ok(
      sibling.closedId < undo.scheduledId,
      `the sibling must close (it did at event ${sibling.closedId}, ${sibling.closedAs}) before the first undo is scheduled (event ${undo.scheduledId})`,
    );
    assert.deepEqual(leftovers, []);
  });

  it('does not undo a branch while its renditions are still rendering', async () => {
    const deps = await tempDeps();
    const overrides = renderRace(createActivities(deps), 'scene', 'deleteBlobPrefix');
    const input = {
      productImage: await drawProduct('tote'),
      productType: 'accessory',
      options: { size: 640 },
    };
    let branch: Awaited<ReturnType<typeof activityEvents>> | undefined;
    const run = await runWorkflow<ProductResult>(temporal(), deps, 'productDirector', input, {
      overrides,
      drive: async (handle) => {
        await handle.result().catch(() => undefined);
        branch = await activityEvents(temporal().client.workflow.getHandle(`${handle.workflowId}/accessory`));
      },
    });
    const leftovers = [...(await listFilesUnder(deps.dataDir)), ...(await listFilesUnder(deps.outputDir))];
    await deps.dispose();

    assert.equal(runFailure(run.error).failure.type, 'InjectedFailure');
    const renders = branch?.activities.filter((a) => a.type === 'renderImages') ?? [];
    assert.equal(renders.length, 4, 'scene and three details');
    const undo = firstUndoAfter(branch?.activities ?? [], renders[0]?.scheduledId ?? 0);
    assert.ok(undo, 'the branch compensated');
    for (const render of renders) {
      assert.ok(
        render.closedId !== undefined && render.closedId < undo.scheduledId,
        `renderImages ${(render.input as { label?: string }).label} must close (it did at event ${render.closedId}) before the first undo (event ${undo.scheduledId})`,
      );
    }
    assert.deepEqual(leftovers, []);
  });

  it('waits for every fan-out lane to settle before compensating on a cancel', async () => {
    const deps = await tempDeps();
    let started = 0;
    const bothStarted = gate();
    const overrides: Partial<Activities> = {
      generateImage: async (input) => {
        const context = Context.current();
        if ((started += 1) === 2) bothStarted.open();
        await heartbeatUntil(() => context.cancellationSignal.aborted);
        if (input.prompt.index === 1) {
          // Slow to stop: its last write is still in flight after the sibling lane has acknowledged the
          // cancel and the workflow has seen that. It lands once the workflow has decided on the sibling.
          const handle = temporal().client.workflow.getHandle(
            context.info.workflowExecution?.workflowId ?? '',
          );
          await heartbeatUntil(async () => {
            const { activities, workflowTasksCompleted } = await activityEvents(handle);
            const sibling = activities.find((a) => a.type === 'generateImage' && a.closedAs === 'canceled');
            return (
              sibling?.closedId !== undefined && workflowTasksCompleted.some((id) => id > sibling.closedId!)
            );
          });
          const image = await deps.model.generateImage({ prompt: input.prompt, width: 64, height: 64 });
          await deps.blobs.put(blobKeys.generated(input.runKey, input.prompt.index, input.round), image);
        }
        context.cancellationSignal.throwIfAborted();
        throw new Error('generateImage was never cancelled');
      },
    };
    const input = { ...CREATIVE, referenceImages: await drawReferences(1) };
    const run = await runWorkflow<CreativeResult>(temporal(), deps, 'creativeDirector', input, {
      overrides,
      drive: async (handle) => {
        await bothStarted.promise;
        await handle.signal(cancelSignal, { reason: 'test: stop mid fan-out' });
      },
    });
    const leftovers = [...(await listFilesUnder(deps.dataDir)), ...(await listFilesUnder(deps.outputDir))];
    await deps.dispose();

    assert.equal(runFailure(run.error).failure.type, 'DirectorCancelled');
    const { activities } = await activityEvents(run.handle);
    const slow = activities.find((a) => a.type === 'generateImage' && isInput(a, (i) => hasIndex(i, 1)));
    assert.equal(slow?.closedAs, 'canceled');
    const undo = firstUndoAfter(activities, slow.scheduledId);
    assert.ok(undo, 'the run compensated');
    assert.ok(
      slow.closedId! < undo.scheduledId,
      `the slow lane must close (it did at event ${slow.closedId}) before the first undo is scheduled (event ${undo.scheduledId})`,
    );
    assert.deepEqual(leftovers, [], 'the late write was undone too');
  });
});

function hasIndex(input: Record<string, unknown>, index: number): boolean {
  return (input.prompt as { index?: number } | undefined)?.index === index;
}
