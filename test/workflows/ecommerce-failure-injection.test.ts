import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Activities } from '../../src/activities';
import { drawSampleProduct } from '../../src/samples/sample-product';
import type { RunSummary } from '../../src/shared/stages';
import { listFilesUnder } from '../helpers/files';
import { scheduledActivities } from '../helpers/history';
import { failing } from '../helpers/inject';
import { tempDeps, useTemporal, withWorker } from '../helpers/temporal';

const temporal = useTemporal();
let sample = '';
before(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'director-inject-'));
  sample = path.join(dir, 'tote.png');
  await writeFile(sample, await drawSampleProduct('tote'));
});

/** Each stage's activity, and the compensations expected (newest first) when it fails. */
const CASES: { stage: string; activity: keyof Activities; undo: string[] }[] = [
  { stage: 'intake', activity: 'intakeImage', undo: ['deleteBlobs'] },
  { stage: 'product-analysis', activity: 'analyzeProduct', undo: ['deleteBlobs'] },
  { stage: 'background-generation', activity: 'generateBackground', undo: ['deleteBlobs', 'deleteBlobs'] },
  { stage: 'composition', activity: 'composeProduct', undo: ['deleteBlobs', 'deleteBlobs', 'deleteBlobs'] },
  { stage: 'quality-check', activity: 'checkQuality', undo: ['deleteBlobs', 'deleteBlobs', 'deleteBlobs'] },
  {
    stage: 'publish',
    activity: 'publishImages',
    undo: ['unpublishImages', 'deleteBlobs', 'deleteBlobs', 'deleteBlobs'],
  },
  {
    stage: 'report',
    activity: 'writeRunReport',
    undo: ['deleteRunReport', 'unpublishImages', 'deleteBlobs', 'deleteBlobs', 'deleteBlobs'],
  },
];
const UNDO_ACTIVITIES = new Set(['deleteBlobs', 'unpublishImages', 'deleteRunReport']);

describe('ecommerceDirector with a failure injected at each stage', () => {
  for (const { stage, activity, undo } of CASES) {
    it(`compensates exactly once, in reverse order, when ${stage} fails`, async () => {
      const env = temporal();
      const deps = await tempDeps();
      const { error, scheduled } = await withWorker(
        env,
        deps,
        async (taskQueue) => {
          const handle = await env.client.workflow.start('ecommerceDirector', {
            taskQueue,
            workflowId: `test-inject-${stage}-${randomUUID()}`,
            args: [{ productImage: sample, canvasSize: 600 }],
          });
          const error = await handle.result().then(
            () => undefined,
            (e: unknown) => e,
          );
          return { error, scheduled: await scheduledActivities(handle) };
        },
        failing(activity),
      );
      assert.ok(
        error instanceof WorkflowFailedError && error.cause instanceof ApplicationFailure,
        String(error),
      );
      assert.equal(error.cause.type, 'InjectedFailure');
      assert.match(error.cause.message, new RegExp(`^${stage}: `));
      const summary = (error.cause.details?.[0] as { summary: RunSummary }).summary;
      assert.equal(summary.stages.find((s) => s.name === stage)?.status, 'failed');
      assert.deepEqual(
        summary.compensations.map((c) => c.name),
        undo,
      );
      assert.ok(summary.compensations.every((c) => c.status === 'completed'));
      const undone = scheduled.filter((name) => UNDO_ACTIVITIES.has(name));
      assert.deepEqual(undone, undo, 'each compensation ran exactly once, newest first');
      assert.deepEqual(
        [...(await listFilesUnder(deps.dataDir)), ...(await listFilesUnder(deps.outputDir))],
        [],
      );
      await deps.dispose();
    });
  }
});
