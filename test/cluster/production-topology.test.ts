/**
 * The production topology, for real: three `director worker` processes with separate state that share only
 * the S3 store, on the multi-service Temporal server backed by PostgreSQL (started by
 * test/run-cluster-tests.ts). Thirty Directors of all three kinds, some failing on bad input, some
 * cancelled; a worker SIGKILLed mid-run and another started; the history service SIGKILLed and restarted.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { Client, Connection, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import sharp from 'sharp';
import { findReportPaths } from '../../src/cli/report-paths';
import { publishedFiles, type DirectorResult } from '../../src/cli/director-runs';
import { drawSampleProduct } from '../../src/samples/sample-product';
import { approvalQuery, decideUpdate, progressQuery } from '../../src/shared/messages';
import type { CreativeResult } from '../../src/shared/creative-input';
import { WORKFLOW_TYPES, type DirectorName } from '../../src/shared/names';
import { CLUSTER_TASK_QUEUE } from '../../src/cluster/topology';
import { runKeyOf } from '../../src/shared/run-key';
import { drawReferences } from '../helpers/drawn-images';
import { CLUSTER_ENV, control, type WorkerState } from './control';
import { allHistoriesText } from './history-bytes';
import { listStoreKeys, storeClient, storeLocation } from './store-objects';

const inputs = () => {
  const folder = process.env[CLUSTER_ENV.inputs];
  if (!folder) throw new Error('run cluster tests with npm run test:cluster');
  return folder;
};

let connection: Connection;
let client: Client;
const s3 = storeClient();

before(async () => {
  connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
  client = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' });
});
after(async () => {
  await connection?.close();
  s3.destroy();
});

/** A file in the folder the workers accept inputs from. */
async function input(name: string, bytes: Buffer | Promise<Buffer>): Promise<string> {
  const file = path.join(inputs(), name);
  await writeFile(file, await bytes);
  return file;
}

async function start(kind: DirectorName, args: object): Promise<WorkflowHandle> {
  return client.workflow.start(WORKFLOW_TYPES[kind], {
    taskQueue: process.env.DIRECTOR_TASK_QUEUE ?? CLUSTER_TASK_QUEUE,
    workflowId: `cluster-${kind}-${randomUUID()}`,
    args: [args],
  });
}

type Outcome = { ok: true; result: DirectorResult } | { ok: false; error: unknown };

/** A failed run's error with its causes, for assertion messages. */
function why(outcome: Outcome): string {
  if (outcome.ok) return 'completed';
  const parts: string[] = [];
  for (let error = outcome.error as Error | undefined; error; error = error.cause as Error | undefined) {
    parts.push(`${error.name}: ${error.message}`);
  }
  return parts.join(' <- ');
}
const settle = (handle: WorkflowHandle): Promise<Outcome> =>
  handle.result().then(
    (result: DirectorResult) => ({ ok: true as const, result }),
    (error: unknown) => ({ ok: false as const, error }),
  );

/** The store key of an `s3://bucket/prefix/key` location, or undefined when it is not in the store. */
function storeKeyOf(location: string): string | undefined {
  const { bucket, prefix } = storeLocation();
  const base = `s3://${bucket}/${prefix}`;
  return location.startsWith(base) ? location.slice(base.length) : undefined;
}

/** Waits until the run has settled at least one image of its generation stage. */
async function untilGenerating(handle: WorkflowHandle): Promise<void> {
  for (let i = 0; i < 1200; i += 1) {
    const progress = await handle.query(progressQuery).catch(() => undefined);
    if (progress?.stage === 'image-generation' && (progress.items?.settled ?? 0) >= 1) return;
    await sleep(100);
  }
  assert.fail(`${handle.workflowId} never reached image generation`);
}

/** One `analyzeReference` step of a run: which reference, whether the memo had it, which worker ran it. */
interface ReferenceAnalysis {
  index: number;
  cached: boolean;
  worker: string;
}

/**
 * A run with an activity in flight on `worker` (by its identity, `<pid>@<host>`), waiting until there is
 * one: killing that worker then interrupts real work.
 */
async function runWithActivityOn(worker: string, handles: WorkflowHandle[]): Promise<WorkflowHandle> {
  const state = (await control<WorkerState[]>('GET', '/workers')).find((w) => w.name === worker);
  assert.ok(state, `${worker} exists`);
  const identity = `${state.pid}@`;
  for (let i = 0; i < 600; i += 1) {
    for (const handle of handles) {
      const { raw } = await handle.describe();
      const busy = (raw.pendingActivities ?? []).some(
        (activity) =>
          activity.state === temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED &&
          activity.lastWorkerIdentity?.startsWith(identity),
      );
      if (busy) return handle;
    }
    await sleep(50);
  }
  assert.fail(`${worker} never had an activity in flight`);
}

/** `analyzeReference` results in a run's history, with the identity of the worker that ran each. */
async function referenceAnalyses(handle: WorkflowHandle): Promise<ReferenceAnalysis[]> {
  const events = (await handle.fetchHistory()).events ?? [];
  const scheduled = new Map<string, number>();
  const startedBy = new Map<string, string>();
  const found: ReferenceAnalysis[] = [];
  for (const event of events) {
    const id = String(event.eventId);
    const attributes = event.activityTaskScheduledEventAttributes;
    if (attributes?.activityType?.name === 'analyzeReference') {
      const data = attributes.input?.payloads?.[0]?.data;
      scheduled.set(id, (JSON.parse(Buffer.from(data ?? []).toString()) as { index: number }).index);
    }
    const started = event.activityTaskStartedEventAttributes;
    if (started && scheduled.has(String(started.scheduledEventId))) startedBy.set(id, started.identity ?? '');
    const completed = event.activityTaskCompletedEventAttributes;
    if (completed && scheduled.has(String(completed.scheduledEventId))) {
      const data = completed.result?.payloads?.[0]?.data;
      const result = JSON.parse(Buffer.from(data ?? []).toString()) as { cached: boolean };
      found.push({
        index: scheduled.get(String(completed.scheduledEventId)) ?? -1,
        cached: result.cached,
        worker: startedBy.get(String(completed.startedEventId)) ?? '',
      });
    }
  }
  return found;
}

describe('the production topology (PostgreSQL, four Temporal services, versitygw, three workers)', () => {
  it('finishes 30 Directors across worker and history-service crashes, leaving every output in the store and nothing else', async () => {
    const workersBefore = await control<WorkerState[]>('GET', '/workers');
    assert.equal(workersBefore.filter((w) => w.alive).length, 3, 'three workers poll');

    // One reference photo, analysed once by whichever worker takes the warm-up run; every later run on any
    // worker must find that analysis in the shared memo.
    // Drawn here, not taken from ../shared: CI may run in a clone without the shared fixtures.
    const [drawnReference = ''] = await drawReferences(1);
    const photo = await input('reference.png', readFile(drawnReference));
    const warmUp = await start('creative', {
      referenceImages: [photo],
      brand: 'linn-atelier',
      mood: 'calm',
      batchCount: 1,
      size: 256,
    });
    const warmUpOutcome = await settle(warmUp);
    assert.ok(warmUpOutcome.ok, `warm-up run failed: ${why(warmUpOutcome)}`);
    const [firstAnalysis] = await referenceAnalyses(warmUp);
    assert.equal(firstAnalysis?.cached, false, 'the first analysis of the photo calls the model');

    const products = await Promise.all(
      (['tote', 'tshirt', 'sneaker'] as const).map((kind) => input(`${kind}.png`, drawSampleProduct(kind))),
    );
    const [reference] = await drawReferences(1);
    const good: WorkflowHandle[] = [];
    for (let i = 0; i < 8; i += 1) {
      good.push(
        await start('ecommerce', { productImage: products[i % 3], style: 'warm-beige', canvasSize: 512 }),
      );
      good.push(
        await start('product', {
          productImage: products[i % 3],
          productType: 'apparel',
          options: { size: 512 },
        }),
      );
      good.push(
        await start('creative', {
          referenceImages:
            i % 2 === 0 ? [photo] : [photo, await input(`ref-${i}.png`, readFile(reference ?? ''))],
          brand: 'linn-atelier',
          mood: 'calm',
          batchCount: 2,
          size: 256,
        }),
      );
    }
    // Bad input found after the run has stored something (the second reference is a truncated JPEG): the
    // run fails, and its rollback must remove what it stored.
    const jpeg = await sharp(await readFile(drawnReference))
      .jpeg()
      .toBuffer();
    const truncated = await input('truncated.jpg', jpeg.subarray(0, Math.floor(jpeg.length / 2)));
    const failing = [
      await start('creative', {
        referenceImages: [photo, truncated],
        brand: 'linn-atelier',
        mood: 'calm',
        batchCount: 2,
        size: 256,
      }),
      await start('creative', {
        referenceImages: [products[0], truncated],
        brand: 'linn-atelier',
        mood: 'calm',
        batchCount: 2,
        size: 256,
      }),
      await start('ecommerce', { productImage: truncated, style: 'warm-beige', canvasSize: 512 }),
    ];
    // Long runs, cancelled once they have generated an image.
    const cancelled = await Promise.all(
      [0, 1, 2].map(() =>
        start('creative', {
          referenceImages: [photo],
          brand: 'linn-atelier',
          mood: 'calm',
          batchCount: 32,
          concurrency: 1,
          size: 256,
        }),
      ),
    );
    assert.equal(
      1 + good.length + failing.length + cancelled.length,
      31,
      'thirty Directors after the warm-up',
    );
    const outcomes = Promise.all(good.map(settle));
    const failures = Promise.all(failing.map(settle));
    const cancellations = Promise.all(cancelled.map(settle));

    // Cancelled once they have generated an image; then a machine dies mid-run and another takes its place.
    await Promise.all(cancelled.map((handle) => untilGenerating(handle).then(() => handle.cancel())));
    const victim = await runWithActivityOn('worker-1', good);
    await control('POST', '/workers/worker-1/kill');
    await control('POST', '/workers');
    // The history service crashes and comes back.
    const openRuns = await Promise.all(good.map(async (h) => (await h.describe()).status.name === 'RUNNING'));
    assert.ok(openRuns.includes(true), 'runs are still in progress when the history service dies');
    await control('POST', '/temporal/history/kill');
    await sleep(2_000);
    await control('POST', '/temporal/history/restart');

    const settled = await outcomes;
    assert.ok(
      settled[good.indexOf(victim)]?.ok,
      `${victim.workflowId}, mid-activity on the killed worker, completed`,
    );
    settled.forEach((outcome, i) => assert.ok(outcome.ok, `${good[i]?.workflowId} failed: ${why(outcome)}`));
    for (const [i, outcome] of (await failures).entries()) {
      assert.ok(!outcome.ok, `${failing[i]?.workflowId} should fail on the truncated image`);
      assert.ok(outcome.error instanceof WorkflowFailedError);
    }
    for (const [i, outcome] of (await cancellations).entries()) {
      assert.ok(
        !outcome.ok && outcome.error instanceof WorkflowFailedError,
        `${cancelled[i]?.workflowId} is cancelled: ${why(outcome)}`,
      );
      assert.ok(outcome.error.cause instanceof CancelledFailure);
    }

    // Every output of every finished run is an object in the store.
    const keys = new Set(await listStoreKeys(s3));
    for (const outcome of [warmUpOutcome, ...settled]) {
      if (!outcome.ok) continue;
      const report = findReportPaths(outcome.result);
      const locations = [
        ...publishedFiles(outcome.result).map((file) => file.path),
        ...(report ? [report.html, report.contactSheet] : []),
      ];
      assert.ok(locations.length > 0);
      for (const location of locations) {
        const key = storeKeyOf(location);
        assert.ok(
          key !== undefined,
          `${location} is not in the store s3://${storeLocation().bucket}/${storeLocation().prefix}`,
        );
        assert.ok(keys.has(key), `${location} is listed in the bucket`);
      }
    }
    // Nothing of a failed or cancelled run stays, and no run left intermediates behind.
    for (const handle of [...failing, ...cancelled]) {
      const runKey = runKeyOf(handle.workflowId);
      const leftovers = [...keys].filter((key) => key.includes(runKey));
      assert.deepEqual(leftovers, [], `${handle.workflowId} left objects behind`);
    }
    assert.deepEqual(
      [...keys].filter((key) => key.startsWith('runs/')),
      [],
      'no run intermediates remain',
    );

    // No analysis of the photo was repeated, whichever worker ran it.
    // The photo is every run's first reference (index 0).
    const creativeRuns = [...good, ...cancelled].filter((h) => h.workflowId.includes('creative'));
    const later = (await Promise.all(creativeRuns.map(referenceAnalyses)))
      .flat()
      .filter((a) => a.index === 0);
    assert.equal(later.length, creativeRuns.length, 'every creative run analysed the photo');
    const photoWorkers = new Set(later.map((a) => a.worker));
    assert.ok(
      photoWorkers.size >= 2,
      `the photo's analyses ran on several workers (${[...photoWorkers].join(', ')})`,
    );
    const misses = later.filter((analysis) => !analysis.cached);
    assert.deepEqual(misses, [], 'no worker analysed the photo again: every one found it in the shared memo');

    // The store's credentials are in no history.
    const { workflows, text } = await allHistoriesText(client);
    assert.ok(workflows >= 31, `${workflows} histories read`);
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const) {
      const secret = process.env[name];
      assert.ok(secret && secret.length >= 16);
      assert.equal(text.includes(secret), false, `${name} appears in a workflow history`);
    }
  });

  it("takes a Creative Director's approval by workflow update through the cluster's frontend", async () => {
    const photo = await input('approval.png', drawSampleProduct('tote'));
    const handle = await start('creative', {
      referenceImages: [photo],
      brand: 'linn-atelier',
      mood: 'calm',
      batchCount: 1,
      size: 256,
      validation: { minScore: 0 },
      approval: { required: true, timeout: '10 minutes' },
    });
    for (let i = 0; i < 1200; i += 1) {
      if ((await handle.query(approvalQuery).catch(() => undefined))?.waiting) break;
      await sleep(100);
    }
    const answer = await handle.executeUpdate(decideUpdate, { args: [{ decision: 'approve', by: 'ana' }] });
    assert.equal(answer.decision, 'approve');
    const result = (await handle.result()) as CreativeResult;
    assert.deepEqual(result.approval, { decision: 'approve', by: 'ana', timedOut: false });
  });
});
