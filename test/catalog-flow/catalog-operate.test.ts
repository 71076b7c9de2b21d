import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  WorkflowFailedError,
  type WorkflowHandleWithFirstExecutionRunId as WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { CatalogProgress, CatalogUndo } from '../../src/shared/catalog';
import { cancelSignal, catalogProgressQuery, pauseSignal, resumeSignal } from '../../src/shared/messages';
import { runKeyOf } from '../../src/shared/run-key';
import { drawProduct } from '../helpers/drawn-images';
import { listFilesUnder } from '../helpers/files';
import { tempDeps, useTemporal, type TemporalTestEnv } from '../helpers/temporal';
import { chainOf, runCatalog } from './catalog-harness';
import { fakeCatalog, readyLine } from './fake-catalog';
import { Gate, gatedBackground, waitFor } from './gate';

const temporal = useTemporal();

async function childrenStarted(env: TemporalTestEnv, handle: WorkflowHandle): Promise<number> {
  const runs = await chainOf(env, handle.workflowId, handle.firstExecutionRunId);
  return runs.reduce((sum, run) => sum + run.childrenStarted.length, 0);
}

/** Files of a line's child left in the blob store or the output folder. */
async function leftoversOf(deps: { dataDir: string; outputDir: string }, childId: string): Promise<string[]> {
  const runKey = runKeyOf(childId);
  const files = [...(await listFilesUnder(deps.dataDir)), ...(await listFilesUnder(deps.outputDir))];
  return files.filter((file) => file.includes(runKey));
}

/** The catalog's progress, or undefined before it has registered its query (its manifest is being opened). */
async function progressOf(handle: WorkflowHandle): Promise<CatalogProgress | undefined> {
  return handle.query(catalogProgressQuery).catch(() => undefined);
}

describe('operating a catalog while it runs', () => {
  it('pauses: lines in flight finish and no line starts until it is resumed', async () => {
    const env = temporal();
    const deps = await tempDeps();
    const image = await drawProduct('tote');
    const fake = fakeCatalog(Array.from({ length: 5 }, (_, i) => readyLine(i, image)));
    const gate = new Gate();
    let whilePaused = { started: -1, done: -1, status: '' };
    const run = await runCatalog(
      env,
      deps,
      fake,
      { window: 2 },
      {
        overrides: gatedBackground(deps, gate),
        drive: async (handle) => {
          await waitFor('two lines in flight', () => gate.waiting === 2);
          await handle.signal(pauseSignal, { by: 'test' });
          await waitFor('pausing', async () => (await progressOf(handle))?.status === 'pausing');
          gate.open();
          await waitFor('paused', async () => (await progressOf(handle))?.status === 'paused');
          // Let the catalog have every chance to start a line it should not.
          await new Promise((resolve) => setTimeout(resolve, 1500));
          const progress = await handle.query(catalogProgressQuery);
          whilePaused = {
            started: await childrenStarted(env, handle),
            done: progress.done,
            status: progress.status,
          };
          await handle.signal(resumeSignal, { by: 'test' });
        },
      },
    );
    await deps.dispose();

    assert.equal(run.error, undefined, String(run.error));
    assert.deepEqual(whilePaused, { started: 2, done: 2, status: 'paused' });
    assert.equal(run.result?.tallies.published, 5);
    assert.equal(gate.arrived, 5);
  });

  it('cancelled by signal: children in flight compensate, the catalog is undone and ends CatalogCancelled', async () => {
    const env = temporal();
    const deps = await tempDeps();
    const image = await drawProduct('tote');
    const fake = fakeCatalog(Array.from({ length: 6 }, (_, i) => readyLine(i, image)));
    const gate = new Gate(2);
    const run = await runCatalog(
      env,
      deps,
      fake,
      { window: 3 },
      {
        overrides: gatedBackground(deps, gate),
        drive: async (handle) => {
          await waitFor('two lines published and three held', async () => {
            const progress = await progressOf(handle);
            return gate.waiting === 3 && progress?.done === 2;
          });
          await handle.signal(cancelSignal, { reason: 'wrong season' });
        },
      },
    );
    const catalogId = run.handle.workflowId;
    const records = [...fake.log.records].sort((a, b) => a.index - b.index);
    const cancelled = records.filter((r) => r.status === 'cancelled');
    const leftovers = await Promise.all(cancelled.map((r) => leftoversOf(deps, `${catalogId}/${r.sku}`)));
    const published = records.filter((r) => r.status === 'published');
    const outputs = await listFilesUnder(deps.outputDir);
    const publishedLeft = outputs.filter((file) => published.some((r) => r.outputs.includes(file)));
    const childStatuses = await Promise.all(
      cancelled.map(
        async (r) => (await env.client.workflow.getHandle(`${catalogId}/${r.sku}`).describe()).status.name,
      ),
    );
    await deps.dispose();

    assert.ok(run.error instanceof WorkflowFailedError, String(run.error));
    assert.ok(run.error.cause instanceof ApplicationFailure, String(run.error.cause));
    assert.equal(run.error.cause.type, 'CatalogCancelled');
    assert.match(run.error.cause.message, /wrong season/);
    // Lines 0-2 start at once; the first two to reach the gate publish, the next three are held.
    assert.equal(published.length, 2);
    assert.equal(cancelled.length, 3);
    assert.equal(records.length, 5, 'the sixth line never started');
    assert.equal(run.runs[0]?.childrenStarted.length, 5);
    const undone = run.error.cause.details?.[0] as CatalogUndo;
    assert.deepEqual(
      undone.undone.map((u) => u.sku).sort(),
      published.map((r) => r.sku),
      'the published lines are undone',
    );
    assert.deepEqual(fake.log.undone, [catalogId]);
    assert.deepEqual(childStatuses, ['CANCELLED', 'CANCELLED', 'CANCELLED']);
    assert.deepEqual(leftovers.flat(), [], 'the cancelled children left nothing behind');
    assert.ok(published.every((r) => r.outputs.length === 1));
    assert.deepEqual(publishedLeft, [], 'the published images were undone');
    assert.equal(run.progress?.status, 'cancelled');
    assert.deepEqual(run.searchAttributes.DirectorStage, ['cancelled']);
  });

  it('cancelled through Temporal after continuing as new: carried children compensate and it ends Cancelled', async () => {
    const env = temporal();
    const deps = await tempDeps();
    const image = await drawProduct('tote');
    const fake = fakeCatalog(Array.from({ length: 4 }, (_, i) => readyLine(i, image)));
    const gate = new Gate();
    const run = await runCatalog(
      env,
      deps,
      fake,
      { window: 2, segmentLines: 2 },
      {
        overrides: gatedBackground(deps, gate),
        drive: async (handle) => {
          await waitFor('two lines carried into the second run', async () => {
            const progress = await progressOf(handle);
            return gate.waiting === 2 && progress?.segment === 1;
          });
          await env.client.workflow.getHandle(handle.workflowId).cancel();
        },
      },
    );
    const catalogId = run.handle.workflowId;
    const leftovers = await Promise.all([0, 1].map((i) => leftoversOf(deps, `${catalogId}/sku-${i}`)));
    const childStatuses = await Promise.all(
      [0, 1].map(
        async (i) => (await env.client.workflow.getHandle(`${catalogId}/sku-${i}`).describe()).status.name,
      ),
    );
    const description = await env.client.workflow.getHandle(catalogId).describe();
    await deps.dispose();

    assert.ok(run.error instanceof WorkflowFailedError, String(run.error));
    assert.ok(run.error.cause instanceof CancelledFailure, String(run.error.cause));
    assert.equal(description.status.name, 'CANCELLED');
    assert.equal(run.runs.length, 2);
    assert.equal(run.runs[0]?.carriedOut, 2);
    assert.equal(run.runs[1]?.childrenStarted.length, 0);
    assert.deepEqual(childStatuses, ['CANCELLED', 'CANCELLED']);
    assert.deepEqual(leftovers.flat(), []);
    assert.deepEqual(fake.log.records.map((r) => [r.index, r.status]).sort(), [
      [0, 'cancelled'],
      [1, 'cancelled'],
    ]);
    assert.deepEqual(fake.log.undone, [catalogId]);
  });

  it('stops starting lines once failures exceed the budget, lets lines in flight finish, and fails BudgetExceeded', async () => {
    const env = temporal();
    const deps = await tempDeps();
    const image = await drawProduct('tote');
    const broken = path.join(os.tmpdir(), `not-an-image-${process.pid}.png`);
    await writeFile(broken, 'this is not a picture');
    const lines = Array.from({ length: 8 }, (_, i) => readyLine(i, i < 3 ? broken : image));
    const fake = fakeCatalog(lines);
    const run = await runCatalog(env, deps, fake, { window: 2, failureBudget: { maxFailureRatio: 0.25 } });
    await deps.dispose();

    assert.ok(run.error instanceof WorkflowFailedError, String(run.error));
    assert.ok(run.error.cause instanceof ApplicationFailure, String(run.error.cause));
    assert.equal(run.error.cause.type, 'BudgetExceeded');
    assert.match(run.error.cause.message, /3 of 8 lines failed .*at most 2 allowed/);
    const started = run.runs.flatMap((segment) => segment.childrenStarted);
    assert.ok(started.length <= 4, `started ${started.length} lines: none after the budget was exceeded`);
    assert.equal(fake.log.records.length, started.length, 'every started line settled and was recorded');
    const failed = fake.log.records.filter((r) => r.status === 'failed');
    assert.equal(failed.length, 3);
    assert.ok(
      failed.every((r) => r.failure?.type === 'UnsupportedImage'),
      JSON.stringify(failed[0]?.failure),
    );
    assert.equal(fake.log.written.length, 1, 'the results are still written');
    assert.deepEqual(fake.log.undone, [], 'published lines stay published');
    assert.deepEqual(run.searchAttributes.DirectorStage, ['failed']);
  });
});
