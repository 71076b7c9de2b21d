import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Worker } from '@temporalio/worker';
import { BENCH_WORKFLOWS } from '../../bench/lib/bench-workflows-path';
import type { benchChain, benchFanOut } from '../../bench/workflows/bench-workflows';
import { createActivities } from '../../src/activities';
import { loadDirectorConfig } from '../../src/config';
import { directorNameKey } from '../../src/shared/search-attributes';
import { WORKER_TUNING } from '../../src/worker';
import { loadWorkflowBundle } from '../../src/workflow-bundle';
import { TEST_ENV } from '../helpers/test-server';
import { tempDeps, useTemporal, withWorker } from '../helpers/temporal';

const temporal = useTemporal();
const bundleDir = process.env[TEST_ENV.bundle] ?? path.join(loadDirectorConfig().stateDir, 'cache');

describe("the benchmark's workflows", () => {
  it('are not registered by a production worker', async () => {
    const env = temporal();
    const deps = await tempDeps();
    const failure = await withWorker(env, deps, async (taskQueue) => {
      const handle = await env.client.workflow.start<typeof benchChain>('benchChain', {
        taskQueue,
        workflowId: `test-bench-unregistered-${randomUUID()}`,
        args: [{ steps: 1, engine: false }],
      });
      try {
        // The worker cannot run an unknown type: it fails the workflow task (and would retry forever).
        for (let attempt = 0; attempt < 150; attempt++) {
          const { events } = await handle.fetchHistory();
          const failed = events?.find((event) => event.workflowTaskFailedEventAttributes);
          if (failed) return failed.workflowTaskFailedEventAttributes?.failure?.message ?? '';
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        return assert.fail('the workflow task of benchChain never failed');
      } finally {
        await handle.terminate('test over');
      }
    });
    assert.match(failure, /benchChain/);
    await deps.dispose();
  });

  it('run on the bench worker under their own Director name, not as E-commerce runs', async () => {
    const env = temporal();
    const deps = await tempDeps();
    const taskQueue = `test-bench-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await loadWorkflowBundle(bundleDir, BENCH_WORKFLOWS),
      activities: createActivities(deps),
      ...WORKER_TUNING,
    });
    const description = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start<typeof benchChain>('benchChain', {
        taskQueue,
        workflowId: `test-bench-chain-${randomUUID()}`,
        args: [{ steps: 2, engine: true }],
      });
      assert.deepEqual(await handle.result(), { steps: 2 });
      return handle.describe();
    });
    assert.equal(description.typedSearchAttributes.get(directorNameKey), 'bench');
    // The bench entry still carries every Director: an E-commerce run on the same worker is accepted.
    assert.match((await loadWorkflowBundle(bundleDir, BENCH_WORKFLOWS)).code, /ecommerceDirector/);
    await deps.dispose();
  });

  it('starts every item of a 64-wide fan-out from the workflow task, none through the task queue', async () => {
    const env = temporal();
    const deps = await tempDeps();
    const taskQueue = `test-bench-eager-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await loadWorkflowBundle(bundleDir, BENCH_WORKFLOWS),
      activities: createActivities(deps),
      ...WORKER_TUNING,
      // This worker takes one activity an hour from the task queue: an item that is not started eagerly,
      // from the workflow task's answer, waits there and the fan-out never finishes.
      maxActivitiesPerSecond: 1 / 3600,
    });
    const handle = await env.client.workflow.start<typeof benchFanOut>('benchFanOut', {
      taskQueue,
      workflowId: `test-bench-eager-${randomUUID()}`,
      args: [{ items: 64, concurrency: 64, width: 64, height: 64 }],
    });
    const outcome = await worker.runUntil(async () => {
      // Finished, or stuck: items started so far, once nothing has moved for a while.
      let last = -1;
      for (let still = 0; still < 20;) {
        const described = await handle.describe();
        if (described.status.name === 'COMPLETED') return { completed: true, result: await handle.result() };
        const pending = (await handle.fetchHistory()).events?.length ?? 0;
        still = pending === last ? still + 1 : 0;
        last = pending;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      return { completed: false, result: undefined };
    });
    if (!outcome.completed) await handle.terminate('test over: items waiting in the task queue');
    assert.equal(outcome.completed, true, 'items waited in the task queue instead of starting eagerly');
    assert.equal(outcome.result?.fulfilled, 64);
    await deps.dispose();
  });
});
