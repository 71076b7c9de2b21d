import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Worker } from '@temporalio/worker';
import { BENCH_WORKFLOWS } from '../../bench/lib/bench-workflows-path';
import type { benchChain } from '../../bench/workflows/bench-workflows';
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
});
